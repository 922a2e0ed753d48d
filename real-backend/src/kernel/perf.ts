// perf_event_open(2) and ioctl(2) on perf event fds, through the door: the two syscalls of the legacy attach path
// (perf_event_open → PERF_EVENT_IOC_SET_BPF → PERF_EVENT_IOC_ENABLE) and of the link path's event.
import { PERF_EVENT_IOC, PERF_FLAG, type PerfEventIocName } from '@bpflc/sim/abi/perf.gen';
import { ok, err, type Result } from '@bpflc/sim/result';
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import { errnoError, errnoName, type KernelError } from './errors.ts';
import { PERF_EVENT_ATTR } from './perf-attr.ts';
import type { KernelSession } from './session.ts';
import { decodeArgs, encodeStruct, flagsArg, type LayoutInput } from './struct-layout.ts';
import { addressOf, keepAlive, syscall } from './syscall.ts';

export type PerfEventAttrInput = LayoutInput<typeof PERF_EVENT_ATTR>;

export interface PerfEventOpenArgs {
  attr: PerfEventAttrInput;
  /** -1: any process (then cpu must be >= 0); 0: this process. */
  pid: number;
  /** -1: any cpu. Tracepoint and kprobe programs run on every cpu whatever the event's cpu (libbpf uses 0). */
  cpu: number;
  groupFd?: number;
  /** Defaults to PERF_FLAG_FD_CLOEXEC, as libbpf passes. */
  flags?: number;
  stage?: StageId;
  note?: string;
  label?: string;
}

/** perf_event_open → an event fd (tracked by the session). attr.size defaults to the layout's 72 bytes. */
export function perfEventOpen(s: KernelSession, a: PerfEventOpenArgs): Result<number, KernelError> {
  const attr: PerfEventAttrInput = { size: PERF_EVENT_ATTR.size, ...a.attr };
  const enc = encodeStruct(PERF_EVENT_ATTR, attr, addressOf);
  const groupFd = a.groupFd ?? -1;
  const flags = a.flags ?? PERF_FLAG.PERF_FLAG_FD_CLOEXEC;
  const args = {
    attr: decodeArgs(PERF_EVENT_ATTR, enc.buf, attr),
    pid: a.pid,
    cpu: a.cpu,
    group_fd: groupFd,
    flags: flagsArg(PERF_FLAG, BigInt(flags)),
  };
  const r = syscall('perf_event_open', enc.buf, a.pid, a.cpu, groupFd, flags);
  keepAlive(enc.keep);
  const event = s.recordSyscall(
    {
      name: 'perf_event_open',
      args,
      ret: r.ret,
      ...(r.ret < 0 ? { errno: errnoName(r.errno) } : {}),
      durationNs: r.durationNs,
      ...(a.note ? { note: a.note } : {}),
    },
    a.stage ?? 'attach',
  );
  if (r.ret < 0) return err(errnoError(event, r.errno));
  s.track(r.ret, { kind: 'perf_event', ...(a.label ? { label: a.label } : {}) });
  return ok(r.ret);
}

/** ioctl(fd, PERF_EVENT_IOC_*, arg): SET_BPF takes a program fd, ENABLE/DISABLE take 0. */
export function perfIoctl(
  s: KernelSession,
  fd: number,
  request: PerfEventIocName,
  arg: number | bigint = 0,
  opts: { stage?: StageId; note?: string } = {},
): Result<number, KernelError> {
  const r = syscall('ioctl', fd, PERF_EVENT_IOC[request], arg);
  const event = s.recordSyscall(
    {
      name: 'ioctl',
      cmd: request,
      args: { fd, request, arg: typeof arg === 'bigint' ? arg.toString() : arg },
      ret: r.ret,
      ...(r.ret < 0 ? { errno: errnoName(r.errno) } : {}),
      durationNs: r.durationNs,
      ...(opts.note ? { note: opts.note } : {}),
    },
    opts.stage ?? (request === 'PERF_EVENT_IOC_DISABLE' ? 'detach' : 'attach'),
  );
  return r.ret < 0 ? err(errnoError(event, r.errno)) : ok(r.ret);
}
