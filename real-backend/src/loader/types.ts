// The agent's loader, as data: what a caller passes in (options, the step-mode gate) and what a load leaves
// behind (a LoadedObject: the spec it read, the fds it holds, a verdict per program). The loader is the
// "live" half of ARCHITECTURE.md's spec vs live split: ObjectSpec in, kernel objects out. Attach plugs in
// later on top of LoadedObject (each program keeps its fd and its ProgramSpec, whose `attach` says where).
import type { Args } from '@bpflc/sim/trace/schema';
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import type { MapSpec, ObjectError, ObjectSpec, ProgramSpec } from '@bpflc/sim/object/index';
import type { LoadedAs, ObjectFailure, Verdict } from '@bpflc/sim/lifecycle/result';

export { LOADED_AS, type LoadedAs, type ObjectFailure, type Verdict } from '@bpflc/sim/lifecycle/result';

/**
 * One call the loader is about to make through the door, shown to the step-mode gate before it happens.
 * `args` are the attr fields the loader fills (buffers as "<N bytes>"); the recorded TraceEvent that follows
 * has the exact values the kernel saw. `calls` > 1 when the door may make several syscalls for it (a log
 * buffer that grows on ENOSPC, the two passes of BPF_OBJ_GET_INFO_BY_FD).
 */
export interface PendingCall {
  /** The seq the (first) recorded event will get. */
  seq: number;
  stage: StageId;
  name: 'bpf' | 'close';
  cmd?: string;
  args: Args;
  note?: string;
  calls: number;
}

/** Step mode: awaited before each call; resolve to go on, reject to stop the load (its fds are then closed). */
export type SyscallGate = (call: PendingCall) => Promise<void>;

export interface LoaderOptions {
  /** Verifier log level for BPF_PROG_LOAD: 1 (the verdict path) or 2 (every instruction). Default 1. */
  logLevel?: 1 | 2;
  /** First verifier log buffer size (it grows on ENOSPC up to maxLogSize). */
  logSize?: number;
  maxLogSize?: number;
  /** libbpf's object name; a skeleton passes '<name>_bpf'. Default: from `path` as libbpf derives it. */
  objectName?: string;
  /** The object's file name, for the object name and messages. */
  path?: string;
  /** Step mode (see SyscallGate). The CLI passes none. */
  beforeSyscall?: SyscallGate;
  /** The running kernel's release (uname -r), for kern_version and LINUX_KERNEL_VERSION. */
  kernelRelease?: string;
  /** Where the kernel's BTF is read from (default /sys/kernel/btf/vmlinux). */
  vmlinuxPath?: string;
  /** max_entries for perf event arrays that leave it 0 (libbpf: the number of possible CPUs). */
  possibleCpus?: number;
}


export interface SubprogPlacement {
  name: string;
  /** First slot of the subprogram in the loaded image. */
  slot: number;
  insnCount: number;
}

export interface ProgramOutcome {
  spec: ProgramSpec;
  name: string;
  section: string;
  /** BPF_PROG_TYPE_* name (or the number when unknown). */
  type: string;
  loadedAs: LoadedAs;
  verdict: Verdict;
  /** One sentence: why it was rejected or not loaded. */
  error?: string;
  errno?: string;
  /** The verifier's reason line (the line before "processed N insns"), for rejections. */
  reason?: string;
  /** The instructions sent to BPF_PROG_LOAD (relocated, subprograms appended). */
  insns: Buffer;
  subprogs: SubprogPlacement[];
  /** Maps the program's instructions reference. */
  maps: string[];
  log: string;
  logLevel: number;
  logTrueSize: number;
  /** BPF_PROG_LOAD calls made (more than 1 when the log had to grow). */
  loadAttempts: number;
  fd?: number;
  id?: number;
  tag?: string;
  xlated?: Buffer;
  jited?: Buffer;
  verifiedInsns?: number;
  mapIds?: number[];
  /** Id of the BTF object the program was loaded with (0: none). */
  btfId?: number;
}

export interface MapOutcome {
  spec: MapSpec;
  name: string;
  /** The name the kernel keeps (15 bytes). */
  kernelName: string;
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  fd?: number;
  id?: number;
  frozen: boolean;
  error?: string;
}

/** Where the whole-object attempt stopped (libbpf's bpf_object__load would fail there). */

export interface LoadedObject {
  spec: ObjectSpec;
  sha256: string;
  kernelRelease: string;
  btfFd?: number;
  /** Why the object's BTF is not in the kernel (the load went on without it, as libbpf does). */
  btfError?: string;
  maps: MapOutcome[];
  programs: ProgramOutcome[];
  /** Undefined when the whole object loaded. */
  objectFailure?: ObjectFailure;
  /** Every fd the load opened and still holds (unload closes them). */
  fds: number[];
  logLevel: 1 | 2;
}

/** readObjectSpec refused the object: nothing reached the kernel. */
export interface OpenFailure {
  kind: 'open-failed';
  sha256: string;
  error: ObjectError;
  message: string;
}
