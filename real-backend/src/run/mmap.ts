// mmap(2)/munmap(2) through libc via koffi, for the ring buffer and perf buffer consumers, recorded in the session
// like the door's calls. The mapping is handed back as an ArrayBuffer over the kernel-shared pages (koffi.view),
// valid until munmap.
import koffi from 'koffi';
import { errnoName, type KernelSession } from '../kernel/index.ts';

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;

type MmapFn = (addr: null, len: number, prot: number, flags: number, fd: number, off: number) => unknown;
type MunmapFn = (addr: unknown, len: number) => number;
type SysconfFn = (name: number) => number;
let fns: { mmap: MmapFn; munmap: MunmapFn; sysconf: SysconfFn } | undefined;

function libc(): { mmap: MmapFn; munmap: MunmapFn; sysconf: SysconfFn } {
  if (fns) return fns;
  const lib = koffi.load('libc.so.6');
  fns = {
    mmap: lib.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, intptr_t offset)') as MmapFn,
    munmap: lib.func('int munmap(void *addr, size_t length)') as MunmapFn,
    sysconf: lib.func('long sysconf(int name)') as SysconfFn,
  };
  return fns;
}

/** sysconf(_SC_PAGESIZE) (_SC_PAGESIZE is 30 in glibc). */
export function pageSize(): number {
  return libc().sysconf(30);
}

export interface Mapping {
  ptr: unknown;
  len: number;
  view: ArrayBuffer;
}

export function mmapFd(s: KernelSession, fd: number, len: number, prot: number, offset: number, note: string): { ok: true; value: Mapping } | { ok: false; errno: string } {
  const f = libc();
  koffi.errno(0);
  const t0 = process.hrtime.bigint();
  const ptr = f.mmap(null, len, prot, MAP_SHARED, fd, offset);
  const durationNs = Number(process.hrtime.bigint() - t0);
  const addr = ptr === null ? 0n : koffi.address(ptr);
  const failed = addr === 0n || addr === 0xffffffffffffffffn;
  const errno = failed ? errnoName(koffi.errno()) : undefined;
  s.recordSyscall(
    {
      name: 'mmap',
      args: { addr: 'NULL', length: len, prot: prot === PROT_READ ? 'PROT_READ' : 'PROT_READ|PROT_WRITE', flags: 'MAP_SHARED', fd, offset },
      ret: failed ? -1 : 0,
      ...(errno ? { errno } : {}),
      durationNs,
      note,
    },
    'run',
  );
  if (failed) return { ok: false, errno: errno ?? 'EINVAL' };
  return { ok: true, value: { ptr, len, view: koffi.view(ptr, len) } };
}

export function munmap(s: KernelSession, m: Mapping): void {
  const r = libc().munmap(m.ptr, m.len);
  s.recordSyscall({ name: 'munmap', args: { length: m.len }, ret: r, durationNs: 0 }, 'detach');
}
