// TraceEvent: one syscall or one loader step, as the sim, the real agent and reference loaders (strace) report it.
// Version 1 of the wire shape (ARCHITECTURE.md "Data contracts"); it travels as JSON over the agent's WebSocket and
// through comlink, so every value is JSON-safe: no bigint inside an event (see ArgValue for how 64-bit values travel).
// Field names inside `args` follow the kernel UAPI (union bpf_attr, struct perf_event_attr) so a reader can check
// them against bpf(2) and perf_event_open(2). Left out on purpose: timestamps relative to a clock (only durations),
// thread ids, and the payload of big buffers (instructions, logs) which travel in their own result fields.
import { isStageId, type StageId } from '../lifecycle/stages.ts';

/** Bump when a field changes meaning or is removed; adding an optional field keeps the version. */
export const TRACE_SCHEMA_VERSION = 1 as const;

export const TRACE_SOURCES = ['sim', 'real', 'reference'] as const;
/** sim: the model; real: the agent's own loader through its FFI door; reference: a real loader under strace. */
export type TraceSource = (typeof TRACE_SOURCES)[number];

/**
 * A decoded argument value. Conventions (so that strace text, the sim and the agent agree):
 * - enum fields carry the kernel's name: map_type: "BPF_MAP_TYPE_ARRAY" (a number only when the name is unknown);
 * - integers up to 2^53 are numbers; wider 64-bit values are decimal strings ("18446744073709551615");
 * - user pointers are hex strings as strace prints them ("0x55d0c0a3b2c0"), NULL is "NULL";
 * - C strings (license, names) are plain strings;
 * - nested structs (perf_event_attr inside perf_event_open) are objects, arrays are arrays.
 */
export type ArgValue = number | string | boolean | null | readonly ArgValue[] | { readonly [field: string]: ArgValue };
export type Args = { readonly [field: string]: ArgValue };

interface TraceEventBase {
  /** Position in its trace, from 0; syscalls and steps share one sequence. */
  seq: number;
  stage: StageId;
  source: TraceSource;
  /** A short human remark (why this call happens), shown next to the event. */
  note?: string;
}

/**
 * One system call.
 * e.g. bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, value_size=8, max_entries=1, ...}, 72) = 3
 *   → { kind: "syscall", name: "bpf", cmd: "BPF_MAP_CREATE", args: { map_type: "BPF_MAP_TYPE_ARRAY", ... },
 *       size: 72, ret: 3 }
 */
export interface SyscallEvent extends TraceEventBase {
  kind: 'syscall';
  /** Syscall name as strace spells it: "bpf", "perf_event_open", "ioctl", "close", ... */
  name: string;
  /** The command: bpf's enum bpf_cmd name ("BPF_PROG_LOAD") or ioctl's request ("PERF_EVENT_IOC_SET_BPF"). */
  cmd?: string;
  /** Arguments by UAPI field name (bpf: the attr fields the command uses; perf_event_open: attr, pid, cpu, ...). */
  args: Args;
  /** bpf's third argument: the attr size passed to the kernel (strace prints it last). */
  size?: number;
  /** Fields the kernel wrote back into the attr (log_true_size, info_len, ...): strace's "=> {...}". */
  out?: Args;
  /** Return value as the C wrapper returns it: -1 on failure (then errno is set). */
  ret: number;
  /** errno name ("EPERM") when ret is -1. */
  errno?: string;
  /** Wall time of the call in nanoseconds, when measured. */
  durationNs?: number;
}

/** A loader step that is not a syscall, e.g. "relocate insn 2 against my_pid → map .bss". */
export interface StepEvent extends TraceEventBase {
  kind: 'step';
  /** Short machine-readable step name ("relocate", "feature_probe", ...). */
  name: string;
  /** The sentence a learner reads. */
  text: string;
  data?: Args;
}

export type TraceEvent = SyscallEvent | StepEvent;
export type TraceEventKind = TraceEvent['kind'];

/** Shallow shape check for events that arrive as JSON (the WebSocket, a recorded run). */
export function isTraceEvent(x: unknown): x is TraceEvent {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  if (typeof e.seq !== 'number' || typeof e.stage !== 'string' || !isStageId(e.stage)) return false;
  if (typeof e.name !== 'string') return false;
  if (!(TRACE_SOURCES as readonly unknown[]).includes(e.source)) return false;
  if (e.kind === 'syscall') return typeof e.ret === 'number' && typeof e.args === 'object' && e.args !== null;
  if (e.kind === 'step') return typeof e.text === 'string';
  return false;
}
