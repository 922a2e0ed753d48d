// LifecycleResult (ARCHITECTURE.md "Data contracts"), schema 1: everything one load of one object produced, as
// `bpflc real --json` prints it, the agent sends it and content/examples/*/recorded/ stores it. Instruction slots
// are 16 hex digits of the 8 little-endian bytes; jited code is one hex string. Pure data, JSON-safe.
import type { BtfJson } from '../btf/value.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { StageId } from './stages.ts';

/** How a program reached BPF_PROG_LOAD. */
export const LOADED_AS = {
  /** In the whole-object attempt, in libbpf's order, sharing that attempt's maps. */
  object: 'with the whole object, in libbpf\'s order',
  /** After the whole-object attempt failed elsewhere: loaded by itself, with the maps it references. */
  alone: 'on its own, after the whole-object load failed',
  /** Not loaded: autoload off, or a step before BPF_PROG_LOAD failed for it. */
  none: 'not loaded',
} as const;
export type LoadedAs = keyof typeof LOADED_AS;

export type Verdict = 'accepted' | 'rejected' | 'not-loaded';

/** Where libbpf's bpf_object__load would have stopped. */
export interface ObjectFailure {
  stage: StageId;
  /** The program or map it failed on. */
  at: string;
  message: string;
}

export interface LifecycleProgram {
  name: string;
  section: string;
  type: string;
  /** What was sent to BPF_PROG_LOAD (relocated, subprograms appended). */
  insns: string[];
  verdict: Verdict;
  loadedAs: LoadedAs;
  error?: string;
  errno?: string;
  /** The verifier's reason line, for rejections. */
  reason?: string;
  verifiedInsns?: number;
  log: string;
  logLevel: number;
  xlated: string[];
  jited: string;
  id?: number;
  tag?: string;
  maps: string[];
  subprogs: { name: string; slot: number; insnCount: number }[];
}

export interface LifecycleMap {
  name: string;
  kernelName: string;
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  flagNames: string[];
  frozen: boolean;
  error?: string;
}

export interface LifecycleResult {
  schema: 1;
  source: 'sim' | 'real';
  kernel: string;
  loader: string;
  object: { sha256: string; name?: string; path?: string };
  /** Undefined when the whole object loaded; otherwise where libbpf's bpf_object__load would have failed. */
  objectFailure?: ObjectFailure;
  /** Set when the object could not even be opened. */
  openError?: string;
  btfError?: string;
  programs: LifecycleProgram[];
  maps: LifecycleMap[];
  trace: TraceEvent[];
  /** Set when the load was followed by an attach (`bpflc real --attach`, a load job with attach): one per program. */
  attach?: LifecycleAttach[];
  /** What the attached programs produced while they ran. */
  run?: LifecycleRun;
}

/** One program's attach: where and by which syscall path, or why the kernel (or the agent) refused. */
export interface LifecycleAttach {
  program: string;
  /** tracepoint, raw_tp, tp_btf, kprobe, uprobe; or the section's kind when the attach was refused. */
  kind: string;
  /** 'link' (BPF_LINK_CREATE), 'legacy' (PERF_EVENT_IOC_SET_BPF), 'raw_tracepoint_open'; absent on refusal. */
  via?: string;
  target?: string;
  /** Kernel id of the bpf_link, when one was made. */
  linkId?: number;
  attachNs?: number;
  error?: string;
  /** The refusal's kind: 'unavailable' (no such mechanism here), 'trampoline-refused', 'later', 'kernel', ... */
  errorKind?: string;
  errno?: string;
}

export interface LifecyclePrintk {
  comm: string;
  pid: number;
  cpu: number;
  /** Seconds since boot, as trace_pipe printed it. */
  ts: number;
  msg: string;
}

/** One map entry at the end of a run: the bytes as hex, and read with the map's BTF types when it has them. */
export interface LifecycleMapEntry {
  key: string;
  /** Per-CPU maps: one value per possible CPU. */
  value: string | string[];
  keyDecoded?: BtfJson;
  valueDecoded?: BtfJson | BtfJson[];
}

export interface LifecycleRun {
  durationSec: number;
  /** What the agent itself did to fire the hooks (e.g. "3 write(2) calls to /dev/null"), if anything. */
  triggered?: string;
  printk: LifecyclePrintk[];
  /** Ring buffer / perf buffer records, the bytes as hex. */
  records: { map: string; source: 'ringbuf' | 'perfbuf'; cpu?: number; data: string }[];
  /** Map contents at the end of the run (walkable maps only). */
  maps: { name: string; type: string; entries: LifecycleMapEntry[]; truncated: boolean; error?: string }[];
  /** Set when only the first printk lines and records were kept (a recording): how many the run produced. */
  produced?: { printk: number; records: number };
}
