// Reading protocol frames that arrive as text: the agent parses client messages, the app parses agent messages.
// Both return values, never throw: malformed input is an expected outcome (a wrong client, a newer agent).
// Client messages are rebuilt field by field (unknown fields dropped) so nothing unexpected reaches a handler;
// agent messages get a shallow shape check (kind, ids, the fields a client relies on).
import { err, ok, type Result } from '../result.ts';
import { isStageId } from '../lifecycle/stages.ts';
import { isTraceEvent } from '../trace/schema.ts';
import {
  AGENT_MESSAGE_KINDS,
  COMPILE_FIELDS,
  COMPILE_MCPU,
  ERROR_CODES,
  FAILURE_CODES,
  JOB_ID_PATTERN,
  JOB_KINDS,
  MAX_LOAD_OBJECT_BYTES,
  type AgentMessage,
  type CompileMcpu,
  type CompileRequest,
  type LoadRequest,
  MAX_ATTACH_DURATION_SEC,
  type ClientMessage,
  type JobKind,
  type JobRequest,
  type RequestOf,
} from './messages.ts';

export interface ProtocolError {
  code: 'bad_json' | 'bad_message' | 'unknown_kind';
  message: string;
  /** The job id, when the broken message carried a readable one. */
  id?: string;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const bad = (message: string, id?: string): Result<never, ProtocolError> => err(id === undefined ? { code: 'bad_message', message } : { code: 'bad_message', message, id });

function parseJson(text: string): Result<Obj, ProtocolError> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return err({ code: 'bad_json', message: `the frame is not JSON (${e instanceof Error ? e.message : String(e)})` });
  }
  return isObj(v) ? ok(v) : bad(`a message is a JSON object with a "kind"; got ${Array.isArray(v) ? 'an array' : typeof v}`);
}

/**
 * The shape of a compile; unknown fields are refused (not dropped) so that a client that sends compiler flags
 * learns they are not taken. Names and sources are checked again by the agent's toolchain (parseBuildRequest).
 */
function parseCompile(o: Obj): Result<CompileRequest, string> {
  const extra = Object.keys(o).filter((k) => k !== 'kind' && !(COMPILE_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) {
    return err(`unknown field(s) ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}: a compile takes ${COMPILE_FIELDS.join(', ')} only; compiler flags are fixed (mcpu may be ${COMPILE_MCPU.join(', ')})`);
  }
  if (typeof o.name !== 'string') return err('"name" must be a string');
  if (typeof o.bpfSource !== 'string') return err('"bpfSource" must be a string');
  if (o.loaderSource !== undefined && typeof o.loaderSource !== 'string') return err('"loaderSource" must be a string');
  if (o.mcpu !== undefined && !(COMPILE_MCPU as readonly unknown[]).includes(o.mcpu)) return err(`"mcpu" must be one of ${COMPILE_MCPU.join(', ')}`);
  const r: CompileRequest = { kind: 'compile', name: o.name, bpfSource: o.bpfSource };
  if (typeof o.loaderSource === 'string') r.loaderSource = o.loaderSource;
  if (o.mcpu !== undefined) r.mcpu = o.mcpu as CompileMcpu;
  return ok(r);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Folder names under content/examples: the agent also checks the name is one of the folders it has. */
export const EXAMPLE_SLUG = /^[a-z][a-z0-9-]{0,63}$/;

function parseLoad(o: Obj): Result<LoadRequest, string> {
  const hasExample = o.example !== undefined;
  const hasBytes = o.objectBase64 !== undefined;
  if (hasExample === hasBytes) return err('give exactly one of "example" (a folder name under content/examples) and "objectBase64"');
  if (o.logLevel !== 1 && o.logLevel !== 2) return err('"logLevel" must be 1 or 2');
  if (typeof o.step !== 'boolean') return err('"step" must be true or false');
  const r: LoadRequest = { kind: 'load', logLevel: o.logLevel, step: o.step };
  if (o.attach !== undefined) {
    if (typeof o.attach !== 'boolean') return err('"attach" must be true or false');
    r.attach = o.attach;
  }
  if (o.durationSec !== undefined) {
    if (typeof o.durationSec !== 'number' || !Number.isFinite(o.durationSec) || o.durationSec <= 0 || o.durationSec > MAX_ATTACH_DURATION_SEC) {
      return err(`"durationSec" must be a number of seconds in (0, ${MAX_ATTACH_DURATION_SEC}]`);
    }
    r.durationSec = o.durationSec;
  }
  if (o.attachMode !== undefined) {
    if (o.attachMode !== 'link' && o.attachMode !== 'legacy') return err('"attachMode" must be "link" or "legacy"');
    r.attachMode = o.attachMode;
  }
  if (hasExample) {
    if (typeof o.example !== 'string' || !EXAMPLE_SLUG.test(o.example)) return err(`"example" must be an example folder name (a-z, 0-9, -), got ${JSON.stringify(o.example)?.slice(0, 80)}`);
    r.example = o.example;
  } else {
    const maxChars = Math.ceil(MAX_LOAD_OBJECT_BYTES / 3) * 4;
    if (typeof o.objectBase64 !== 'string' || o.objectBase64.length % 4 !== 0 || !BASE64.test(o.objectBase64)) return err('"objectBase64" must be standard base64');
    if (o.objectBase64.length > maxChars) return err(`the object is over the limit of ${MAX_LOAD_OBJECT_BYTES} bytes`);
    if (o.objectBase64.length === 0) return err('the object is empty');
    r.objectBase64 = o.objectBase64;
  }
  return ok(r);
}

/** One parser per job kind: adding a kind to JOB_KINDS without a parser here is a type error. */
const REQUEST_PARSERS: { [K in JobKind]: (o: Obj) => Result<RequestOf<K>, string> } = {
  status: () => ok({ kind: 'status' }),
  probe: () => ok({ kind: 'probe' }),
  compile: parseCompile,
  load: parseLoad,
};

function parseRequest(raw: unknown, id: string): Result<JobRequest, ProtocolError> {
  if (!isObj(raw) || typeof raw.kind !== 'string') return bad('request.request must be an object with a string "kind"', id);
  const kind = raw.kind;
  if (!(JOB_KINDS as readonly string[]).includes(kind)) {
    return err({ code: 'unknown_kind', message: `unknown request kind ${JSON.stringify(kind)}: this agent runs ${JOB_KINDS.join(', ')}`, id });
  }
  const r = REQUEST_PARSERS[kind as JobKind](raw);
  return r.ok ? r : bad(`request ${kind}: ${r.error}`, id);
}

function jobId(o: Obj): Result<string, ProtocolError> {
  if (typeof o.id !== 'string' || !JOB_ID_PATTERN.test(o.id)) return bad(`"id" must be 1-64 characters of A-Z a-z 0-9 _ . : - (got ${JSON.stringify(o.id)?.slice(0, 80)})`);
  return ok(o.id);
}

/** e.g. '{"kind":"request","id":"r1","request":{"kind":"status"}}' → { kind: "request", id: "r1", request: { kind: "status" } } */
export function parseClientMessage(text: string): Result<ClientMessage, ProtocolError> {
  const j = parseJson(text);
  if (!j.ok) return j;
  const o = j.value;
  switch (o.kind) {
    case 'hello': {
      if (typeof o.protocol !== 'number' || !Number.isInteger(o.protocol)) return bad('hello needs an integer "protocol"');
      const m: ClientMessage = { kind: 'hello', protocol: o.protocol };
      if (typeof o.client === 'string') m.client = o.client.slice(0, 200);
      return ok(m);
    }
    case 'ping': {
      if (o.nonce !== undefined && (typeof o.nonce !== 'string' || o.nonce.length > 200)) return bad('ping "nonce" must be a string of at most 200 characters');
      return ok(o.nonce === undefined ? { kind: 'ping' } : { kind: 'ping', nonce: o.nonce });
    }
    case 'request': {
      const id = jobId(o);
      if (!id.ok) return id;
      const req = parseRequest(o.request, id.value);
      return req.ok ? ok({ kind: 'request', id: id.value, request: req.value }) : req;
    }
    case 'cancel': {
      const id = jobId(o);
      return id.ok ? ok({ kind: 'cancel', id: id.value }) : id;
    }
    case 'go': {
      const id = jobId(o);
      if (!id.ok) return id;
      if (typeof o.seq !== 'number' || !Number.isInteger(o.seq) || o.seq < 0) return bad('go needs the non-negative integer "seq" of the pending call', id.value);
      return ok({ kind: 'go', id: id.value, seq: o.seq });
    }
    default:
      return typeof o.kind === 'string'
        ? err({ code: 'unknown_kind', message: `unknown message kind ${JSON.stringify(o.kind.slice(0, 40))}: the kinds are hello, ping, request, cancel, go` })
        : bad('a message needs a string "kind"');
  }
}

const str = (o: Obj, k: string) => typeof o[k] === 'string';
const num = (o: Obj, k: string) => typeof o[k] === 'number';

/** Shape check of one agent frame, for the app. */
export function parseAgentMessage(text: string): Result<AgentMessage, ProtocolError> {
  const j = parseJson(text);
  if (!j.ok) return j;
  const o = j.value;
  const kind = o.kind;
  if (typeof kind !== 'string' || !(AGENT_MESSAGE_KINDS as readonly string[]).includes(kind)) {
    return err({ code: 'unknown_kind', message: `unknown agent message kind ${JSON.stringify(kind)}` });
  }
  const fine = ((): boolean => {
    switch (kind) {
      case 'hello':
        return num(o, 'protocol') && isObj(o.status) && isObj(o.status.real) && Array.isArray(o.status.capabilities) && isObj(o.limits);
      case 'error':
        return (ERROR_CODES as readonly unknown[]).includes(o.code) && str(o, 'message');
      case 'pong':
        return o.nonce === undefined || str(o, 'nonce');
      case 'queued':
        return str(o, 'id') && num(o, 'position');
      case 'started':
        return str(o, 'id');
      case 'progress':
        return str(o, 'id') && str(o, 'text') && (o.stage === undefined || (typeof o.stage === 'string' && isStageId(o.stage))) &&
          (o.pending === undefined || (isObj(o.pending) && num(o.pending, 'seq') && str(o.pending, 'name') && isObj(o.pending.args) &&
            typeof o.pending.stage === 'string' && isStageId(o.pending.stage))) &&
          (o.printk === undefined || (isObj(o.printk) && str(o.printk, 'comm') && num(o.printk, 'pid') && num(o.printk, 'cpu') && num(o.printk, 'ts') && str(o.printk, 'msg'))) &&
          (o.record === undefined || (isObj(o.record) && str(o.record, 'map') && str(o.record, 'data') && (o.record.source === 'ringbuf' || o.record.source === 'perfbuf')));
      case 'event':
        return str(o, 'id') && isTraceEvent(o.event);
      case 'done':
        return str(o, 'id') && isObj(o.result) && (JOB_KINDS as readonly unknown[]).includes(o.result.kind);
      case 'failed':
        return str(o, 'id') && (FAILURE_CODES as readonly unknown[]).includes(o.code) && str(o, 'message');
      default:
        return false;
    }
  })();
  return fine ? ok(o as unknown as AgentMessage) : bad(`agent message "${kind}" is missing fields or has wrong types`);
}
