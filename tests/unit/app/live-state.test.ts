// The app's live-mode reducer (app/src/agent/live-state.ts): connection states from socket events and the hello,
// a step-mode load's phases from the agent's messages, and what a dropped connection does to an unfinished load.
import { describe, expect, it } from 'vitest';
import type { AgentMessage, AgentStatus, TraceEvent } from '../../../sim/src/index.ts';
import { activeRun, effectiveMode, INITIAL_LIVE, reduceLive, STREAM_CAP, type LiveAction, type LiveState } from '../../../app/src/agent/live-state.ts';

function status(available: boolean): AgentStatus {
  return {
    protocol: 1,
    agent: { version: '0.1.0', uid: 0 },
    kernel: '6.18.44',
    capabilities: [{ id: 'cap_bpf', ok: available, detail: available ? 'has CAP_BPF' : 'lacks CAP_BPF' }],
    real: { available, reasons: available ? [] : ['lacks CAP_BPF'], limits: [], can: { load: available, attachTracepoint: available, kprobe: false } },
  };
}
const hello = (available: boolean): AgentMessage => ({ kind: 'hello', protocol: 1, status: status(available), limits: { maxMessageBytes: 1 << 20, maxQueuedJobs: 8 } });
const msg = (m: AgentMessage): LiveAction => ({ kind: 'message', msg: m, now: 1 });
const run = (s: LiveState, ...a: LiveAction[]): LiveState => a.reduce(reduceLive, s);
const ev = (seq: number): TraceEvent => ({ seq, kind: 'step', stage: 'map_create', name: 'map_create', text: `step ${seq}` }) as unknown as TraceEvent;

describe('connection', () => {
  it('becomes connected on the hello, and Live only counts when real runs are available', () => {
    const s = run(INITIAL_LIVE, { kind: 'socket', state: 'connecting' }, msg(hello(true)), { kind: 'set-mode', mode: 'live' });
    expect(s.conn.kind).toBe('connected');
    expect(effectiveMode(s)).toBe('live');
    const amber = run(INITIAL_LIVE, msg(hello(false)), { kind: 'set-mode', mode: 'live' });
    expect(effectiveMode(amber)).toBe('recorded');
  });
  it('says offline after three failed attempts and stays so until a hello', () => {
    const closed: LiveAction = { kind: 'socket', state: 'closed', why: 'the agent is not reachable' };
    const s = run(INITIAL_LIVE, closed, { kind: 'socket', state: 'connecting' }, closed, closed);
    expect(s.conn).toEqual({ kind: 'offline', why: 'the agent is not reachable' });
    expect(run(s, { kind: 'socket', state: 'connecting' }).conn.kind).toBe('offline');
    expect(run(s, msg(hello(true))).conn.kind).toBe('connected');
  });
});

describe('a step-mode load', () => {
  const base = run(INITIAL_LIVE, msg(hello(true)), { kind: 'set-mode', mode: 'live' }, { kind: 'sent', id: 'j1', example: 'minimal', step: true, now: 0 });
  it('goes queued → running → paused → running → done', () => {
    let s = run(base, msg({ kind: 'queued', id: 'j1', position: 1 }));
    expect(s.runs.minimal).toMatchObject({ phase: 'queued', position: 1 });
    s = run(s, msg({ kind: 'started', id: 'j1' }), msg({ kind: 'progress', id: 'j1', text: 'paused', pending: { seq: 4, stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_CREATE', args: {}, calls: 1 } }));
    expect(s.runs.minimal?.phase).toBe('paused');
    expect(activeRun(s)?.pending?.seq).toBe(4);
    s = run(s, { kind: 'go-sent', id: 'j1' }, msg({ kind: 'event', id: 'j1', event: ev(3) }));
    expect(s.runs.minimal?.pending?.seq).toBe(4); // an earlier event does not clear the pending call
    s = run(s, msg({ kind: 'event', id: 'j1', event: ev(4) }));
    expect(s.runs.minimal?.pending).toBeNull();
    expect(s.runs.minimal?.events.map((e) => e.seq)).toEqual([3, 4]);
    const result = { schema: 1, source: 'real', kernel: '6.18.44', loader: 'agent', object: { sha256: 'x' }, programs: [], maps: [], trace: [] } as const;
    s = run(s, msg({ kind: 'done', id: 'j1', result: { kind: 'load', result: { ...result, programs: [], maps: [], trace: [] } } }));
    expect(s.runs.minimal).toMatchObject({ phase: 'done', result: { kernel: '6.18.44' } });
    expect(activeRun(s)).toBeUndefined();
  });
  it('fails with the code the agent gave, and a closed socket fails an unfinished load', () => {
    expect(run(base, msg({ kind: 'failed', id: 'j1', code: 'cancelled', message: 'cancelled by the client' })).runs.minimal?.failure?.code).toBe('cancelled');
    const s = run(base, { kind: 'socket', state: 'closed', why: 'gone' });
    expect(s.runs.minimal?.phase).toBe('failed');
    expect(s.runs.minimal?.failure?.message).toContain('gone');
  });
});

describe('an attached live run', () => {
  const base = run(INITIAL_LIVE, msg(hello(true)), { kind: 'set-mode', mode: 'live' }, { kind: 'sent', id: 'j1', example: 'minimal', step: false, now: 0 });
  it('collects printk lines and records as they stream in, up to STREAM_CAP', () => {
    const line = (i: number) => msg({ kind: 'progress', id: 'j1', text: `printk ${i}`, stage: 'run', printk: { comm: 'node', pid: 7, cpu: 0, ts: i, msg: `line ${i}` } });
    let s = run(base, msg({ kind: 'started', id: 'j1' }), line(0), line(1), msg({ kind: 'progress', id: 'j1', text: 'rb', stage: 'run', record: { map: 'events', source: 'ringbuf', data: '00' } }));
    expect(s.runs.minimal?.printk.map((l) => l.msg)).toEqual(['line 0', 'line 1']);
    expect(s.runs.minimal?.records).toHaveLength(1);
    for (let i = 2; i < STREAM_CAP + 10; i++) s = run(s, line(i));
    expect(s.runs.minimal?.printk).toHaveLength(STREAM_CAP);
    expect(s.runs.minimal?.progress).toBe(`printk ${STREAM_CAP + 9}`);
  });
});
