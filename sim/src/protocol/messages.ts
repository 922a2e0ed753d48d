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
//   agent → client  error {code, message, id?}   a message the agent could not act on; the connection stays open
//
// One job runs at a time per client; the others wait in order and get a new `queued` whenever their position
// changes (position = jobs that run before this one, the running one included; 0 = starts now).
// Left out of version 1: binary frames, job kinds beyond status/probe (compile, load, attach, step: later, as
// new members of JobRequest/JobResult with their own handler in the agent).
import type { StageId } from '../lifecycle/stages.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { AgentStatus, MachineReport } from './status.ts';

/** Bump when a message changes meaning or loses a field; a new optional field or a new job kind keeps it. */
export const PROTOCOL_VERSION = 1 as const;

/** Path of the WebSocket endpoint and of the status endpoint on the agent's origin. */
export const WS_PATH = '/api/ws';
export const STATUS_PATH = '/api/status';
/** The <meta name> under which the served index.html carries the token. */
export const TOKEN_META_NAME = 'bpflc-token';

// ---- jobs ------------------------------------------------------------------------------------------------

export const JOB_KINDS = ['status', 'probe'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** The agent's status as GET /api/status returns it (probe results included, re-run for each request). */
export interface StatusRequest {
  kind: 'status';
}
/** Run the machine probe again (tiny real bpf() calls) and return it in full. */
export interface ProbeRequest {
  kind: 'probe';
}
export type JobRequest = StatusRequest | ProbeRequest;

export type JobResult = { kind: 'status'; status: AgentStatus } | { kind: 'probe'; probe: MachineReport };

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
export type ClientMessage = ClientHello | PingMessage | RequestMessage | CancelMessage;
export type ClientMessageKind = ClientMessage['kind'];
export const CLIENT_MESSAGE_KINDS = ['hello', 'ping', 'request', 'cancel'] as const satisfies readonly ClientMessageKind[];

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
export interface ProgressMessage {
  kind: 'progress';
  id: string;
  stage?: StageId;
  text: string;
  /** 0..1 when the job knows how far it is. */
  fraction?: number;
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
