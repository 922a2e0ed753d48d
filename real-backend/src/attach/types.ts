// The attach step's values: what to attach (the parts of a ProgramSpec that decide it), how (link or legacy),
// the handle that detach() releases, and the error value every refusal becomes: what failed, why, what to do.
import type { ProgramSpec } from '@bpflc/sim/object/types';
import type { KernelError } from '../kernel/index.ts';
import type { KernelSession } from '../kernel/index.ts';

/** What attachProgram reads from a ProgramSpec (the loader's result plugs in; tests can write one by hand). */
export type AttachSpec = Pick<ProgramSpec, 'name' | 'progType' | 'expectedAttachType' | 'attach'>;

export interface AttachOptions {
  /** 'link': BPF_LINK_CREATE (libbpf 1.x); 'legacy': PERF_EVENT_IOC_SET_BPF / BPF_RAW_TRACEPOINT_OPEN. Default 'link'. */
  mode?: 'link' | 'legacy';
  /** Auto-detach after this many seconds (default 60; 0 = never). */
  timeLimitSec?: number;
  /** Called when the time limit detached the program. */
  onTimeout?: (h: AttachHandle) => void;
}

export const DEFAULT_TIME_LIMIT_SEC = 60;

export type AttachKind = 'tracepoint' | 'raw_tp' | 'tp_btf' | 'kprobe' | 'uprobe';

export interface AttachHandle {
  kind: AttachKind;
  /** The syscall path taken: 'link' (BPF_LINK_CREATE), 'legacy' (ioctl SET_BPF), 'raw_tracepoint_open'. */
  via: 'link' | 'legacy' | 'raw_tracepoint_open';
  /** Human name of the hook, e.g. "syscalls:sys_enter_write", "sys_enter", "uprobe /bin/true+0x1040". */
  target: string;
  session: KernelSession;
  progFd: number;
  perfFd?: number;
  linkFd?: number;
  /** A dynamic probe this attach created in tracefs (kprobe_events/uprobe_events), removed at detach. */
  tracefsProbe?: { eventsFile: string; group: string; event: string };
  /** Wall time of the attach syscalls, in ns. */
  attachNs: number;
  detached: boolean;
  /** Set when the time limit detached it. */
  timedOut: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export type AttachErrorKind =
  /** This kernel lacks the mechanism (kprobes, uprobe PMU, a tracepoint). */
  | 'unavailable'
  /** The kernel refuses trampoline programs (fentry/fexit/fmod_ret/lsm) here. */
  | 'trampoline-refused'
  /** Attaching to an interface, socket or cgroup: not built yet. */
  | 'later'
  /** The spec names no usable target (SEC("tp") without a name, an invalid section). */
  | 'invalid-target'
  /** A syscall failed: errno and its explanation. */
  | 'kernel'
  /** vmlinux BTF lacks the type a BTF-based attach needs. */
  | 'btf';

export interface AttachError {
  kind: AttachErrorKind;
  errno?: number;
  errnoName?: string;
  /** What failed, why, what to do. */
  message: string;
  cause?: KernelError;
}

export function fromKernel(what: string, e: KernelError, todo?: string): AttachError {
  const base: AttachError = { kind: e.kind === 'errno' ? 'kernel' : 'unavailable', message: `${what}: ${e.message}${todo ? ` ${todo}` : ''}`, cause: e };
  if (e.kind === 'errno') return { ...base, errno: e.errno, errnoName: e.errnoName };
  return base;
}
