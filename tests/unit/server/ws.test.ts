// The agent's WebSocket on a real socket: the checks at the upgrade, hello, ping, malformed and oversized
// frames, the real status and probe jobs, one job at a time per client with positions, cancel, time limits, and
// the cleanup registry: a job's child processes and fds (a real bpf map among them) are released when its client
// drops mid-job, when the heartbeat finds it dead, and when the agent stops.
import { closeSync, openSync, readlinkSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AgentMessage, type JobResult } from '@bpflc/sim/protocol/messages';
import { isTraceEvent } from '@bpflc/sim/trace/schema';
import { mapCreate, probe } from '../../../real-backend/src/kernel/index.ts';
import { buildStatus } from '../../../real-backend/src/server/agent-status.ts';
import { spawnInScope } from '../../../real-backend/src/server/cleanup.ts';
import { kernelSessionFor } from '../../../real-backend/src/server/job-kit.ts';
import type { HandlerTable, JobContext } from '../../../real-backend/src/server/jobs.ts';
import { connectWs, startTestAgent, until, type Inbox, type TestAgent } from './helpers.ts';

const fdTarget = (fd: number): string => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return '(closed)';
  }
};
const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

/** What a "hold" job opened, so the test can check each is released. */
interface Held {
  child: ChildProcess;
  fd: number;
  mapFd?: number;
}

/** A job that opens real resources (a child, an fd kept for the client, a bpf map when allowed) and never ends by itself. */
function holdResources(held: Held[], timeoutMs = 60_000): HandlerTable['probe'] {
  return {
    timeoutMs,
    run: (_req, ctx: JobContext) => {
      const child = spawnInScope(ctx.scope, 'sleep', ['30'], { stdio: 'ignore', graceMs: 500 });
      const fd = openSync('/dev/null', 'r');
      ctx.clientScope.defer('test /dev/null fd', () => closeSync(fd));
      const h: Held = { child, fd };
      const s = kernelSessionFor(ctx);
      const m = mapCreate(s, { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 8, max_entries: 1 });
      if (m.ok) h.mapFd = m.value;
      held.push(h);
      ctx.progress('holding a child, an fd and a map', { stage: 'map_create', fraction: 0.5 });
      return new Promise<never>(() => {});
    },
  };
}

async function expectReleased(h: Held): Promise<void> {
  await until(() => exited(h.child), 5_000, `child ${h.child.pid} to exit`);
  expect(h.child.signalCode).toBe('SIGTERM');
  expect(fdTarget(h.fd)).not.toBe('/dev/null');
  if (h.mapFd !== undefined) expect(fdTarget(h.mapFd)).not.toBe('anon_inode:bpf-map');
}

describe('upgrade checks', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.close());

  it.each([
    ['no token', { token: null }, 401, /missing token/],
    ['a wrong token', { token: 'ab'.repeat(32) }, 401, /wrong token/],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403, /Origin "http:\/\/evil\.example" is not this agent's origin/],
    ['a foreign Host', { host: 'evil.example:80' }, 421, /Host "evil\.example:80" is not a loopback name/],
    ['another path', { path: '/api/other' }, 404, /no WebSocket endpoint here/],
  ] as const)('refuses %s', async (_what, opts, status, why) => {
    const before = t.logs.length;
    await expect(connectWs(t.agent, opts)).rejects.toMatchObject({ statusCode: status });
    expect(t.logs.slice(before).join('\n')).toMatch(new RegExp(`^bpflc serve: refused ${status} GET /api/\\w+ from 127\\.0\\.0\\.1:\\d+: ${why.source}`));
    expect(t.agent.clients()).toBe(0);
  });

  it('accepts our own Origin and refuses clients past the limit with 503', async () => {
    const small = await startTestAgent({ limits: { maxClients: 2 } });
    const a = await connectWs(small.agent, { origin: `http://127.0.0.1:${small.agent.port}` });
    const b = await connectWs(small.agent, { origin: `http://localhost:${small.agent.port}` });
    await expect(connectWs(small.agent)).rejects.toMatchObject({ statusCode: 503 });
    expect(small.agent.clients()).toBe(2);
    a.ws.close();
    await until(() => small.agent.clients() === 1, 2_000, 'one client left');
    const c = await connectWs(small.agent);
    c.ws.close();
    b.ws.close();
    await small.close();
  });
});

describe('messages', () => {
  let t: TestAgent;
  let c: Inbox;
  beforeAll(async () => {
    t = await startTestAgent({ limits: { maxMessageBytes: 4096 } });
    c = await connectWs(t.agent);
  });
  afterAll(async () => {
    c.ws.close();
    await t.close();
  });

  it('hello: protocol version, the real status, the limits', async () => {
    const h = await c.next('hello');
    if (h.kind !== 'hello') throw new Error('not hello');
    expect(h.protocol).toBe(PROTOCOL_VERSION);
    const p = probe();
    expect(h.status.kernel).toBe(p.kernel);
    expect(h.status.real.available).toBe(p.canLoad);
    expect(h.status.capabilities.map((i) => i.id)).toEqual(p.items.map((i) => i.id));
    expect(h.limits).toEqual({ maxMessageBytes: 4096, maxQueuedJobs: 16 });
    c.send({ kind: 'hello', protocol: PROTOCOL_VERSION, client: 'vitest' });
  });

  it('ping → pong with the nonce', async () => {
    c.send({ kind: 'ping', nonce: 'n-1' });
    expect(await c.next('pong')).toEqual({ kind: 'pong', nonce: 'n-1' });
  });

  it.each([
    ['{not json', 'bad_json'],
    ['[1,2]', 'bad_message'],
    ['"hello"', 'bad_message'],
    ['{"kind":42}', 'bad_message'],
    ['{"kind":"launch"}', 'unknown_kind'],
    ['{"kind":"request","id":"has space","request":{"kind":"status"}}', 'bad_message'],
    ['{"kind":"request","id":"r-x","request":{"kind":"format_disk"}}', 'unknown_kind'],
    ['{"kind":"request","id":"r-y"}', 'bad_message'],
    ['{"kind":"cancel","id":"nobody"}', 'unknown_id'],
    ['{"kind":"hello"}', 'bad_message'],
  ])('%s → error %s, and the connection stays usable', async (text, code) => {
    c.send(text);
    const e = await c.next('error');
    expect(e).toMatchObject({ kind: 'error', code, message: expect.any(String) });
    c.send({ kind: 'ping', nonce: 'still-here' });
    expect(await c.next('pong')).toEqual({ kind: 'pong', nonce: 'still-here' });
  });

  it('a binary frame → error bad_json', async () => {
    c.ws.send(Buffer.from([1, 2, 3]));
    expect(await c.next('error')).toMatchObject({ code: 'bad_json', message: expect.stringMatching(/binary frames/) });
  });

  it('status and probe jobs: queued 0 → started → (progress) → done with the real results', async () => {
    c.send({ kind: 'request', id: 's1', request: { kind: 'status' } });
    expect(await c.next(undefined, 's1')).toEqual({ kind: 'queued', id: 's1', position: 0 });
    expect(await c.next(undefined, 's1')).toEqual({ kind: 'started', id: 's1' });
    const done = await c.next(undefined, 's1');
    expect(done).toMatchObject({ kind: 'done', id: 's1', result: { kind: 'status', status: { protocol: 1, real: { available: probe().canLoad } } } });

    c.send({ kind: 'request', id: 'p1', request: { kind: 'probe' } });
    await c.next('started', 'p1');
    expect(await c.next(undefined, 'p1')).toMatchObject({ kind: 'progress', text: expect.stringMatching(/^probing/) });
    const pd = await c.next(undefined, 'p1');
    if (pd.kind !== 'done' || pd.result.kind !== 'probe') throw new Error(JSON.stringify(pd));
    expect(pd.result.probe.items.find((i) => i.id === 'bpf_prog_load')).toMatchObject({ ok: probe().canLoad });
  });

  it('a frame over the size limit closes the connection with 1009', async () => {
    const d = await connectWs(t.agent);
    await d.next('hello');
    d.send({ kind: 'ping', nonce: 'x'.repeat(5000) });
    expect((await d.closed).code).toBe(1009);
  });

  it('a client speaking another protocol version gets protocol_mismatch and is closed (1002)', async () => {
    const d = await connectWs(t.agent);
    d.send({ kind: 'hello', protocol: 999 });
    expect(await d.next('error')).toMatchObject({ code: 'protocol_mismatch' });
    expect((await d.closed).code).toBe(1002);
  });
});

describe('the queue: one job at a time per client', () => {
  const gates = new Map<string, () => void>();
  const held: Held[] = [];
  let t: TestAgent;
  beforeAll(async () => {
    const status = () => buildStatus(probe());
    t = await startTestAgent({
      limits: { maxQueuedJobs: 3 },
      handlers: {
        // A status job that finishes only when the test opens its gate.
        status: { timeoutMs: 30_000, run: (_req, ctx) => new Promise<JobResult & { kind: 'status' }>((res) => gates.set(ctx.id, () => res({ kind: 'status', status: status() }))) },
        probe: holdResources(held),
      },
    });
  });
  afterAll(() => t.close());

  const req = (c: Inbox, id: string, kind: 'status' | 'probe' = 'status') => c.send({ kind: 'request', id, request: { kind } });

  it('positions: queued 0/1/2, moved up as jobs finish or are cancelled; duplicate ids and a full queue refused', async () => {
    const c = await connectWs(t.agent);
    await c.next('hello');
    req(c, 'a');
    req(c, 'b');
    req(c, 'c');
    const order = (id: string) => c.all.filter((m) => m.kind !== 'error' && 'id' in m && m.id === id).map((m) => (m.kind === 'queued' ? `queued ${m.position}` : m.kind));
    await c.next('queued', 'c');
    await until(() => gates.has('a'));
    expect(order('a')).toEqual(['queued 0', 'started']);
    expect(order('b')).toEqual(['queued 1']);
    expect(order('c')).toEqual(['queued 2']);

    req(c, 'b');
    expect(await c.next('error')).toMatchObject({ code: 'duplicate_id', id: 'b' });
    req(c, 'd');
    expect(await c.next('error')).toMatchObject({ code: 'queue_full', id: 'd' });

    gates.get('a')?.();
    await c.next('done', 'a');
    await c.next('queued', 'c');
    expect(order('b')).toEqual(['queued 1', 'started']);
    expect(order('c')).toEqual(['queued 2', 'queued 1']);

    // Cancel the waiting one: it fails "cancelled" and never starts.
    c.send({ kind: 'cancel', id: 'c' });
    expect(await c.next('failed', 'c')).toMatchObject({ code: 'cancelled' });
    gates.get('b')?.();
    await c.next('done', 'b');
    expect(order('c')).toEqual(['queued 2', 'queued 1', 'failed']);
    expect(gates.has('c')).toBe(false);

    // Two clients have separate queues: each one's first job starts at once.
    const other = await connectWs(t.agent);
    await other.next('hello');
    req(c, 'e');
    req(other, 'e');
    expect(await c.next(undefined, 'e')).toMatchObject({ kind: 'queued', position: 0 });
    expect(await other.next(undefined, 'e')).toMatchObject({ kind: 'queued', position: 0 });
    await c.next('started', 'e');
    await other.next('started', 'e');
    c.ws.close();
    other.ws.close();
  });

  it('cancel of the running job kills its child, closes its fds, and starts the next job', async () => {
    const c = await connectWs(t.agent);
    await c.next('hello');
    req(c, 'h1', 'probe');
    req(c, 'g1');
    const progress = await c.next('progress', 'h1');
    expect(progress).toMatchObject({ stage: 'map_create', fraction: 0.5 });
    const h = held.at(-1);
    if (!h) throw new Error('no held resources');
    expect(fdTarget(h.fd)).toBe('/dev/null');
    c.send({ kind: 'cancel', id: 'h1' });
    expect(await c.next('failed', 'h1')).toMatchObject({ code: 'cancelled', message: 'cancelled by the client' });
    await c.next('started', 'g1');
    // The job's own scope is closed (child, map); the fd was kept for the client, so it lives until the client goes.
    await until(() => exited(h.child), 5_000, 'the child to exit');
    expect(h.child.signalCode).toBe('SIGTERM');
    if (h.mapFd !== undefined) expect(fdTarget(h.mapFd)).not.toBe('anon_inode:bpf-map');
    expect(fdTarget(h.fd)).toBe('/dev/null');
    c.ws.close();
    await until(() => fdTarget(h.fd) !== '/dev/null', 5_000, 'the client fd to close');
  });

  it('when the socket drops mid-job, every cleanup the job registered runs (child killed, fds and the bpf map closed)', async () => {
    const c = await connectWs(t.agent);
    await c.next('hello');
    const before = held.length;
    req(c, 'h2', 'probe');
    req(c, 'g2'); // waiting behind it: must never start
    await c.next('progress', 'h2');
    const h = held[before];
    if (!h) throw new Error('no held resources');
    expect(exited(h.child)).toBe(false);
    if (h.mapFd !== undefined) {
      expect(fdTarget(h.mapFd)).toBe('anon_inode:bpf-map');
      // The map's BPF_MAP_CREATE reached the client as a TraceEvent.
      const ev = c.all.find((m) => m.kind === 'event' && m.id === 'h2');
      expect(ev?.kind === 'event' && isTraceEvent(ev.event) && ev.event.kind === 'syscall' ? ev.event.cmd : undefined).toBe('BPF_MAP_CREATE');
    }
    c.ws.terminate();
    await expectReleased(h);
    await until(() => t.agent.clients() === 0, 2_000, 'the client to be forgotten');
    expect(gates.has('g2')).toBe(false);
  });
});

describe('time limits, heartbeat, shutdown', () => {
  it('a job past its time limit fails "timeout" and its resources go', async () => {
    const held: Held[] = [];
    const t = await startTestAgent({ handlers: { probe: holdResources(held, 300) } });
    const c = await connectWs(t.agent);
    c.send({ kind: 'request', id: 'slow', request: { kind: 'probe' } });
    const f = await c.next('failed', 'slow');
    expect(f).toMatchObject({ code: 'timeout', message: 'probe job ran past its limit of 300 ms and was stopped' });
    const h = held[0];
    if (!h) throw new Error('no held resources');
    await until(() => exited(h.child), 5_000, 'the child to exit');
    c.ws.close();
    await t.close();
  });

  it('a client that stops answering pings is dropped and its resources released', async () => {
    const held: Held[] = [];
    const t = await startTestAgent({ handlers: { probe: holdResources(held) }, limits: { heartbeatMs: 150 } });
    const c = await connectWs(t.agent, { autoPong: false });
    c.send({ kind: 'request', id: 'h', request: { kind: 'probe' } });
    await c.next('progress', 'h');
    const h = held[0];
    if (!h) throw new Error('no held resources');
    await expectReleased(h);
    expect(t.logs.join('\n')).toMatch(/WebSocket client 127\.0\.0\.1:\d+ did not answer a ping: dropping it/);
    await t.close();
  });

  it('stopping the agent fails running and waiting jobs with "shutdown", closes sockets with 1001, releases everything', async () => {
    const held: Held[] = [];
    const t = await startTestAgent({ handlers: { probe: holdResources(held) } });
    const c = await connectWs(t.agent);
    c.send({ kind: 'request', id: 'run', request: { kind: 'probe' } });
    c.send({ kind: 'request', id: 'wait', request: { kind: 'status' } });
    await c.next('progress', 'run');
    await c.next('queued', 'wait');
    const t0 = performance.now();
    await t.close();
    expect(performance.now() - t0).toBeLessThan(2_000);
    const failed = c.all.filter((m): m is AgentMessage & { kind: 'failed' } => m.kind === 'failed').map((m) => [m.id, m.code]);
    expect(failed).toEqual([
      ['wait', 'shutdown'],
      ['run', 'shutdown'],
    ]);
    expect((await c.closed).code).toBe(1001);
    const h = held[0];
    if (!h) throw new Error('no held resources');
    await expectReleased(h);
  });
});
