// The agent's WebSocket protocol (ws://127.0.0.1:PORT/api/ws?token=…), version 1: JSON text frames, one message
// per frame, every message a discriminated union member by `kind`. Shared by the app (client) and the agent.
//
//   agent → client  hello {protocol, status, limits}            on connect
//   client → agent  hello {protocol}                             optional; a mismatch closes with error
//   client → agent  ping {nonce?}          → pong {nonce?}
//   client → agent  request {id, request}  → queued {id, position} → started {id}
//                                            → progress {id, …} / event {id, event: TraceEvent} (any number)
//                                            → done {id, result} | failed {id, code, message}
//   client → agent  cancel {id}            → failed {id, code: "cancelled"} (or error unknown_id)
//   client → agent  go {id, seq}           a `load` job in step mode paused at a progress with `pending`
//                                            goes on (or error not_paused)
//   agent → client  error {code, message, id?}   a message the agent could not act on; the connection stays open
//
// One job runs at a time per client; the others wait in order and get a new `queued` whenever their position
// changes (position = jobs that run before this one, the running one included; 0 = starts now).
// Step mode (load with step: true): before each syscall the agent sends `progress` with `pending` (the call it is
// about to make) and waits for `go {id, seq}`; `cancel` stops the load and releases what it opened.
// Attach (optional fields, so still version 1): load with attach: true attaches every accepted program after the
// load, runs durationSec (≤ MAX_ATTACH_DURATION_SEC), streams printk lines and ring/perf records as `progress`,
// then detaches and unloads; the LifecycleResult carries `attach` and `run`. Cancel/disconnect detach at once.
// Left out of version 1: binary frames, separate attach and run jobs on a kept load (later, as new members of
// JobRequest/JobResult with their own handler in the agent).
import type { StepRecord } from '../content/schema.ts';
import type { LifecyclePrintk, LifecycleResult, LifecycleRun } from '../lifecycle/result.ts';
import type { StageId } from '../lifecycle/stages.ts';
import type { Args, TraceEvent } from '../trace/schema.ts';
import type { AgentStatus, MachineReport } from './status.ts';

/** Bump when a message changes meaning or loses a field; a new optional field or a new job kind keeps it. */
export const PROTOCOL_VERSION = 1 as const;

/** Path of the WebSocket endpoint and of the status endpoint on the agent's origin. */
export const WS_PATH = '/api/ws';
export const STATUS_PATH = '/api/status';
/** GET: the running kernel's own BTF (/sys/kernel/btf/vmlinux) as bytes, for the app's type browser. */
export const KERNEL_BTF_PATH = '/api/kernel-btf';
/** The <meta name> under which the served index.html carries the token. */
export const TOKEN_META_NAME = 'bpflc-token';

// ---- jobs ------------------------------------------------------------------------------------------------

export const JOB_KINDS = ['status', 'probe', 'compile', 'load'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** The agent's status as GET /api/status returns it (probe results included, re-run for each request). */
export interface StatusRequest {
  kind: 'status';
}
/** Run the machine probe again (tiny real bpf() calls) and return it in full. */
export interface ProbeRequest {
  kind: 'probe';
}
/** clang's -mcpu values a compile may ask for (the toolchain's MCPU_VALUES; no other flag is accepted). */
export const COMPILE_MCPU = ['v1', 'v2', 'v3'] as const;
export type CompileMcpu = (typeof COMPILE_MCPU)[number];
/** The fields a compile request may carry, and nothing else (no flags, no paths: the agent picks its folders). */
export const COMPILE_FIELDS = ['name', 'bpfSource', 'loaderSource', 'mcpu'] as const;

/** Build <name>.bpf.c (and the loader <name>.c) with the seed's commands; the agent validates every field again. */
export interface CompileRequest {
  kind: 'compile';
  name: string;
  bpfSource: string;
  loaderSource?: string;
  mcpu?: CompileMcpu;
}

/** Largest object a client may send to `load` (decoded bytes). */
export const MAX_LOAD_OBJECT_BYTES = 512 * 1024;

/** Load one object: a committed example (by its folder name under content/examples) or bytes the client sends. */
export interface LoadRequest {
  kind: 'load';
  /** Exactly one of example and objectBase64. */
  example?: string;
  objectBase64?: string;
  /** Verifier log level of BPF_PROG_LOAD. */
  logLevel: 1 | 2;
  /** Pause before each syscall until the client sends `go`. */
  step: boolean;
  /** After the load: attach every accepted program, run, stream printk lines/records as `progress`, detach. */
  attach?: boolean;
  /** With attach: how long to run, in seconds (1..MAX_ATTACH_DURATION_SEC, default 2). */
  durationSec?: number;
  /** With attach: 'link' (BPF_LINK_CREATE, default) or 'legacy' (perf_event_open + PERF_EVENT_IOC_SET_BPF). */
  attachMode?: 'link' | 'legacy';
}
/** Longest run an attaching load may ask for. */
export const MAX_ATTACH_DURATION_SEC = 60;
export type JobRequest = StatusRequest | ProbeRequest | CompileRequest | LoadRequest;

/** A compiler diagnostic as the agent parsed it from a tool's stderr (the toolchain's Diagnostic). */
export interface WireDiagnostic {
  file: string | null;
  line: number | null;
  column: number | null;
  severity: string;
  message: string;
  flag?: string;
  includedFrom?: { file: string; line: number }[];
  excerpt?: string[];
  notes?: WireDiagnostic[];
}
export type CompileDiagnostic = WireDiagnostic & { step: string };
export interface WireMarker {
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  flag?: string;
}
export interface CompileArtifact {
  sha256: string;
  size: number;
}

/** A compile that ran: `ok` when every step succeeded; otherwise the failing step is the last of `steps`. */
export type CompileResult = {
  kind: 'compile';
  name: string;
  steps: StepRecord[];
  diagnostics: CompileDiagnostic[];
  /** Source file name → markers for the editor. */
  markers: Record<string, WireMarker[]>;
} & (
  | {
      ok: true;
      key: string;
      cached: boolean;
      mcpu: CompileMcpu | null;
      tools: Record<string, string>;
      durationMs: number;
      artifacts: { tmpObject: CompileArtifact; object: CompileArtifact; skeleton: CompileArtifact; loader?: CompileArtifact };
      /** The linked object (what `load` takes back as objectBase64), when at most MAX_LOAD_OBJECT_BYTES. */
      objectBase64?: string;
      skeleton: string;
    }
  | { ok: false; reason: string; message: string }
);

export type JobResult =
  | { kind: 'status'; status: AgentStatus }
  | { kind: 'probe'; probe: MachineReport }
  | CompileResult
  | { kind: 'load'; result: LifecycleResult };

export type RequestOf<K extends JobKind> = Extract<JobRequest, { kind: K }>;
export type ResultOf<K extends JobKind> = Extract<JobResult, { kind: K }>;

/** Client-chosen job id: 1-64 characters of [A-Za-z0-9_.:-], unique among the client's unfinished jobs. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

// ---- client → agent --------------------------------------------------------------------------------------

export interface ClientHello {
  kind: 'hello';
  protocol: number;
  /** Free text naming the client, e.g. "bpflc-app 0.1.0" (logged, never interpreted). */
  client?: string;
}
export interface PingMessage {
  kind: 'ping';
  nonce?: string;
}
export interface RequestMessage {
  kind: 'request';
  id: string;
  request: JobRequest;
}
export interface CancelMessage {
  kind: 'cancel';
  id: string;
}
/** Step mode: let the paused job make the call it announced with `pending.seq === seq`. */
export interface GoMessage {
  kind: 'go';
  id: string;
  seq: number;
}
export type ClientMessage = ClientHello | PingMessage | RequestMessage | CancelMessage | GoMessage;
export type ClientMessageKind = ClientMessage['kind'];
export const CLIENT_MESSAGE_KINDS = ['hello', 'ping', 'request', 'cancel', 'go'] as const satisfies readonly ClientMessageKind[];

// ---- agent → client --------------------------------------------------------------------------------------

export interface AgentLimits {
  /** Largest text frame the agent accepts; a bigger one closes the connection (code 1009). */
  maxMessageBytes: number;
  /** Most unfinished jobs (running + waiting) per client; more get error queue_full. */
  maxQueuedJobs: number;
}

export interface AgentHello {
  kind: 'hello';
  protocol: typeof PROTOCOL_VERSION;
  status: AgentStatus;
  limits: AgentLimits;
}

/** Why the agent could not act on a message. */
export const ERROR_CODES = [
  'bad_json', // the frame is not JSON (or not text)
  'bad_message', // JSON, but not a message of this protocol
  'unknown_kind', // a message or request kind this agent does not know
  'protocol_mismatch', // the client speaks another protocol version (the agent closes after this)
  'duplicate_id', // a request reused the id of an unfinished job
  'unknown_id', // cancel of an id that is not queued or running
  'queue_full', // too many unfinished jobs for this client
  'not_paused', // go for a job that is not waiting in step mode, or for another call than the pending one
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorMessage {
  kind: 'error';
  code: ErrorCode;
  message: string;
  /** The job id the message was about, when there was one. */
  id?: string;
}
export interface PongMessage {
  kind: 'pong';
  nonce?: string;
}
export interface QueuedMessage {
  kind: 'queued';
  id: string;
  /** Jobs that run before this one, the running one included (0: it starts now). */
  position: number;
}
export interface StartedMessage {
  kind: 'started';
  id: string;
}
/** Step mode: the syscall a load is about to make (args are a preview; the event that follows has the exact ones). */
export interface PendingCallInfo {
  /** The seq its (first) event will get; `go` names it. */
  seq: number;
  stage: StageId;
  name: string;
  cmd?: string;
  args: Args;
  note?: string;
  /** Syscalls it may take (a growing log buffer, two info passes). */
  calls: number;
}

export interface ProgressMessage {
  kind: 'progress';
  id: string;
  stage?: StageId;
  text: string;
  /** 0..1 when the job knows how far it is. */
  fraction?: number;
  /** Step mode: the job is paused before this call until the client sends `go` with its seq. */
  pending?: PendingCallInfo;
  /** An attached run: a bpf_printk line as it arrives (the result repeats them all at the end). */
  printk?: LifecyclePrintk;
  /** An attached run: a ring/perf buffer record as it arrives. */
  record?: LifecycleRun['records'][number];
}
export interface EventMessage {
  kind: 'event';
  id: string;
  event: TraceEvent;
}
export interface DoneMessage {
  kind: 'done';
  id: string;
  result: JobResult;
}

/** Why a job ended without a result. */
export const FAILURE_CODES = [
  'cancelled', // the client sent cancel
  'timeout', // the job ran past its time limit
  'unsupported', // this agent has no handler for the job's kind
  'job_error', // the handler failed (the message says what and why)
  'shutdown', // the agent is stopping (SIGTERM, SIGINT)
  'invalid_request', // the agent refused the request's content (a name, a size, an example that does not exist)
  'unavailable', // the agent cannot do this here (real runs without privileges, a missing tool): the message says why
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export interface FailedMessage {
  kind: 'failed';
  id: string;
  code: FailureCode;
  message: string;
}

export type AgentMessage =
  | AgentHello
  | ErrorMessage
  | PongMessage
  | QueuedMessage
  | StartedMessage
  | ProgressMessage
  | EventMessage
  | DoneMessage
  | FailedMessage;
export type AgentMessageKind = AgentMessage['kind'];
export const AGENT_MESSAGE_KINDS = ['hello', 'error', 'pong', 'queued', 'started', 'progress', 'event', 'done', 'failed'] as const satisfies readonly AgentMessageKind[];

/** One frame's text. */
export function encodeMessage(msg: ClientMessage | AgentMessage): string {
  return JSON.stringify(msg);
}
