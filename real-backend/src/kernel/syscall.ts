// The raw syscall binding: libc's variadic `long syscall(long number, ...)` through koffi. Every value comes back as
// data ({ ret, errno, durationNs }), never as an exception: a kernel refusal is an expected outcome.
//
// errno: glibc's syscall() returns -1 and sets the thread's errno. We clear errno before the call and read it right
// after with koffi.errno() on the same (main) thread, before any other native call can overwrite it.
import koffi from 'koffi';
import { SYS_NR_X86_64, type SyscallName } from './syscall-nr.ts';

/** An argument as the kernel sees it: an integer, a 64-bit integer, or a Node buffer passed by address. */
export type SyscallArg = number | bigint | Buffer | null;

export interface SyscallOutcome {
  /** What syscall() returned: the result, or -1 on failure. */
  ret: number;
  /** errno after a failure (0 on success). */
  errno: number;
  /** Wall time around the native call, in nanoseconds (includes koffi's marshalling, ~0.5 µs). */
  durationNs: number;
}

type VariadicSyscall = (nr: number, ...typeAndValue: unknown[]) => number;

let bound: VariadicSyscall | undefined;

function binding(): VariadicSyscall {
  if (bound) return bound;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the kernel door knows x86-64 Linux syscall numbers only; this is ${process.platform}/${process.arch}`);
  }
  const libc = koffi.load('libc.so.6');
  bound = libc.func('long syscall(long number, ...)') as VariadicSyscall;
  return bound;
}

/** The address of a Node buffer's memory (stable: ArrayBuffer backing stores do not move). 0n for null. */
export function addressOf(buf: Buffer | null): bigint {
  return buf === null ? 0n : koffi.address(buf);
}

function toWord(a: SyscallArg): bigint {
  if (a === null) return 0n;
  if (typeof a === 'number') return BigInt(a);
  if (typeof a === 'bigint') return a;
  return koffi.address(a);
}

/**
 * Make one system call. Buffers passed here (or whose addresses sit inside a buffer passed here) must stay
 * referenced by the caller until this returns; they do, since the call is synchronous.
 */
export function syscall(name: SyscallName, ...args: SyscallArg[]): SyscallOutcome {
  const fn = binding();
  const variadic: unknown[] = [];
  for (const a of args) variadic.push('intptr', toWord(a));
  koffi.errno(0);
  const t0 = process.hrtime.bigint();
  const ret = fn(SYS_NR_X86_64[name], ...variadic);
  const t1 = process.hrtime.bigint();
  const errno = ret === -1 ? koffi.errno() : 0;
  return { ret, errno, durationNs: Number(t1 - t0) };
}

/**
 * A real use of `refs` after a call, so buffers whose addresses were written into a struct (not passed as
 * arguments) stay reachable, and their memory alive, until the kernel has returned.
 */
export function keepAlive(refs: readonly unknown[]): void {
  if (refs.length < 0) throw new Error('unreachable');
}

/** getpid(2) as a real syscall (not process.pid): tests use it to fire the sys_enter_getpid tracepoint. */
export function sysGetpid(): number {
  return syscall('getpid').ret;
}
