// The app's "Real" mode state, a pure reducer (no React, no socket): the agent connection and its status, the
// Recorded/Live mode, the Step toggle, and one live load per example (queued → running ⇄ paused → done|failed).
// Fed by the agent's messages (client.ts) and the user's actions (live-store.tsx).
import type { AgentMessage, AgentStatus, FailureCode, LifecyclePrintk, LifecycleResult, LifecycleRun, PendingCallInfo, TraceEvent } from '@bpflc/sim';

export type Connection =
  /** No token (a static host, a page opened without ?token=) or the agent stopped answering. */
  | { kind: 'offline'; why: string }
  | { kind: 'connecting'; attempt: number; why?: string }
  | { kind: 'connected'; status: AgentStatus };

export type Mode = 'recorded' | 'live';

/** A busy hook prints thousands of lines a second: the page keeps the first ones as they stream in. */
export const STREAM_CAP = 200;

export type JobPhase = 'sent' | 'queued' | 'running' | 'paused' | 'done' | 'failed';

export interface LiveRun {
  id: string;
  example: string;
  step: boolean;
  phase: JobPhase;
  /** Jobs ahead of this one (queued). */
  position: number;
  events: TraceEvent[];
  /** The agent's last progress line. */
  progress: string | null;
  /** An attached run's printk lines and records as they arrive (the result has them all at the end). */
  printk: LifecyclePrintk[];
  records: LifecycleRun['records'];
  /** Step mode: the call the agent waits to make. */
  pending: PendingCallInfo | null;
  result: LifecycleResult | null;
  failure: { code: FailureCode | 'disconnected' | 'error'; message: string } | null;
  startedAt: number;
  finishedAt: number | null;
}

export interface LiveState {
  conn: Connection;
  mode: Mode;
  step: boolean;
  /** Example slug → its latest live load. */
  runs: Record<string, LiveRun>;
}

export type LiveAction =
  | { kind: 'socket'; state: 'connecting' | 'open' | 'closed'; why?: string }
  | { kind: 'message'; msg: AgentMessage; now: number }
  | { kind: 'no-agent'; why: string }
  | { kind: 'set-mode'; mode: Mode }
  | { kind: 'set-step'; step: boolean }
  | { kind: 'sent'; id: string; example: string; step: boolean; now: number }
  | { kind: 'go-sent'; id: string };

export const INITIAL_LIVE: LiveState = { conn: { kind: 'connecting', attempt: 0 }, mode: 'recorded', step: false, runs: {} };

export function realAvailable(conn: Connection): boolean {
  return conn.kind === 'connected' && conn.status.real.available;
}

/** The mode in effect: Live only while the agent can do real runs. */
export function effectiveMode(s: LiveState): Mode {
  return s.mode === 'live' && realAvailable(s.conn) ? 'live' : 'recorded';
}

export function runById(s: LiveState, id: string): LiveRun | undefined {
  return Object.values(s.runs).find((r) => r.id === id);
}

/** The run that is not finished yet, if any (the one Go, Cancel and the shortcuts act on). */
export function activeRun(s: LiveState): LiveRun | undefined {
  return Object.values(s.runs).find((r) => r.phase !== 'done' && r.phase !== 'failed');
}

function patch(s: LiveState, id: string, f: (r: LiveRun) => LiveRun): LiveState {
  const r = runById(s, id);
  return r ? { ...s, runs: { ...s.runs, [r.example]: f(r) } } : s;
}

function onMessage(s: LiveState, msg: AgentMessage, now: number): LiveState {
  switch (msg.kind) {
    case 'hello':
      return { ...s, conn: { kind: 'connected', status: msg.status } };
    case 'pong':
      return s;
    case 'error':
      return msg.id === undefined ? s : patch(s, msg.id, (r) => (msg.code === 'not_paused' ? r : { ...r, phase: 'failed', failure: { code: 'error', message: `${msg.code}: ${msg.message}` }, finishedAt: now }));
    case 'queued':
      return patch(s, msg.id, (r) => ({ ...r, phase: msg.position === 0 ? r.phase : 'queued', position: msg.position }));
    case 'started':
      return patch(s, msg.id, (r) => ({ ...r, phase: 'running', position: 0 }));
    case 'progress':
      return patch(s, msg.id, (r) => ({
        ...r, progress: msg.text, pending: msg.pending ?? null, phase: msg.pending ? 'paused' : 'running',
        ...(msg.printk && r.printk.length < STREAM_CAP ? { printk: [...r.printk, msg.printk] } : {}),
        ...(msg.record && r.records.length < STREAM_CAP ? { records: [...r.records, msg.record] } : {}),
      }));
    case 'event':
      return patch(s, msg.id, (r) => ({ ...r, events: [...r.events, msg.event], pending: r.pending && msg.event.seq >= r.pending.seq ? null : r.pending, phase: r.phase === 'paused' ? 'running' : r.phase }));
    case 'done':
      return patch(s, msg.id, (r) =>
        msg.result.kind === 'load'
          ? { ...r, phase: 'done', pending: null, result: msg.result.result, finishedAt: now }
          : { ...r, phase: 'failed', pending: null, failure: { code: 'error', message: `the agent answered a ${msg.result.kind} result to a load` }, finishedAt: now },
      );
    case 'failed':
      return patch(s, msg.id, (r) => ({ ...r, phase: 'failed', pending: null, failure: { code: msg.code, message: msg.message }, finishedAt: now }));
  }
}

export function reduceLive(s: LiveState, a: LiveAction): LiveState {
  switch (a.kind) {
    case 'no-agent':
      return { ...s, conn: { kind: 'offline', why: a.why } };
    case 'socket': {
      if (a.state === 'open') return s; // the hello that follows carries the status
      // A socket that closed takes every unfinished job with it (the agent releases what they opened).
      let next = s;
      if (a.state === 'closed') {
        for (const r of Object.values(s.runs)) {
          if (r.phase !== 'done' && r.phase !== 'failed') {
            next = patch(next, r.id, (x) => ({ ...x, phase: 'failed', pending: null, failure: { code: 'disconnected', message: `the connection to the agent closed (${a.why ?? 'no reason given'}); the agent released what the load had opened` }, finishedAt: Date.now() }));
          }
        }
      }
      const attempt = s.conn.kind === 'connecting' ? s.conn.attempt + (a.state === 'closed' ? 1 : 0) : 0;
      // After a few failed attempts say "offline"; the client keeps retrying in the background.
      const conn: Connection = attempt >= 3 ? { kind: 'offline', why: a.why ?? 'the agent is not reachable' } : { kind: 'connecting', attempt, ...(a.why !== undefined ? { why: a.why } : {}) };
      return { ...next, conn: s.conn.kind === 'offline' ? s.conn : conn };
    }
    case 'message':
      return onMessage(s, a.msg, a.now);
    case 'set-mode':
      return { ...s, mode: a.mode };
    case 'set-step':
      return { ...s, step: a.step };
    case 'sent':
      return {
        ...s,
        runs: {
          ...s.runs,
          [a.example]: { id: a.id, example: a.example, step: a.step, phase: 'sent', position: 0, events: [], progress: null, printk: [], records: [], pending: null, result: null, failure: null, startedAt: a.now, finishedAt: null },
        },
      };
    case 'go-sent':
      // The ghost stays until the call's event arrives; only the button is disabled meanwhile.
      return patch(s, a.id, (r) => ({ ...r, phase: 'running' }));
  }
}
