// The agent's `load` job on a real kernel over a real WebSocket (127.0.0.1): committed examples loaded with each
// syscall streamed as an event, verdicts in the LifecycleResult; step mode paused before every call until `go`;
// cancel, disconnect and a pause past its limit releasing every BPF object the job made (checked by id with
// bpftool); and, as user nobody without capabilities, a load refused at once with the status's reasons.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage, ProgressMessage } from '@bpflc/sim/protocol/messages';
import type { SyscallEvent, TraceEvent } from '@bpflc/sim/trace/schema';
import type { LifecycleResult } from '@bpflc/sim/lifecycle/result';
import { probe } from '../../../real-backend/src/kernel/index.ts';
import { loadHandler } from '../../../real-backend/src/server/handlers/load.ts';
import { buildStatus } from '../../../real-backend/src/server/agent-status.ts';
import { connectWs, makeTestApp, openInbox, startTestAgent, until, type Inbox, type TestAgent } from './helpers.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const canLoad = probe().canLoad;
const BPF_CMDS = ['BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_PROG_LOAD'];

const syscalls = (evs: readonly TraceEvent[]): SyscallEvent[] => evs.filter((e): e is SyscallEvent => e.kind === 'syscall');
const eventsOf = (inbox: Inbox, id: string): TraceEvent[] => inbox.all.flatMap((m) => (m.kind === 'event' && m.id === id ? [m.event] : []));

async function finished(inbox: Inbox, id: string, ms = 30_000): Promise<AgentMessage & { kind: 'done' | 'failed' }> {
  const t0 = Date.now();
  for (;;) {
    const m = await inbox.next(undefined, id, ms - (Date.now() - t0));
    if (m.kind === 'done' || m.kind === 'failed') return m;
  }
}

function loadResult(m: AgentMessage): LifecycleResult {
  if (m.kind !== 'done' || m.result.kind !== 'load') throw new Error(`expected a load done, got ${JSON.stringify(m).slice(0, 400)}`);
  return m.result.result;
}

/** A bpf object's id from /proc/self/fdinfo (the agent runs in this process). */
function idOfFd(fd: number): { kind: 'map' | 'prog' | 'btf'; id: number } | undefined {
  const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  const m = /^(map|prog|btf)_id:\s+(\d+)$/m.exec(info);
  return m ? { kind: m[1] as 'map' | 'prog' | 'btf', id: Number(m[2]) } : undefined;
}

const liveIds = (what: 'prog' | 'map'): number[] => (JSON.parse(execFileSync('bpftool', ['-j', what, 'show'], { encoding: 'utf8' }) || '[]') as { id: number }[]).map((x) => x.id);

/** Step through a step-mode load until `stop(pending)` says stop; returns the ids of the maps and programs it made so far. */
async function stepUntil(inbox: Inbox, id: string, stop: (p: NonNullable<ProgressMessage['pending']>) => boolean): Promise<{ maps: number[]; progs: number[] }> {
  for (;;) {
    const m = await inbox.next('progress', id, 10_000);
    if (m.kind !== 'progress' || !m.pending) continue;
    if (stop(m.pending)) break;
    inbox.send({ kind: 'go', id, seq: m.pending.seq });
  }
  const made = syscalls(eventsOf(inbox, id)).filter((e) => (e.cmd === 'BPF_MAP_CREATE' || e.cmd === 'BPF_PROG_LOAD') && e.ret >= 0);
  const ids = made.map((e) => idOfFd(e.ret));
  return { maps: ids.flatMap((x) => (x?.kind === 'map' ? [x.id] : [])), progs: ids.flatMap((x) => (x?.kind === 'prog' ? [x.id] : [])) };
}

async function expectGone(held: { maps: number[]; progs: number[] }): Promise<void> {
  // The last close frees a program or map after an RCU grace period: poll briefly.
  await until(() => !held.progs.some((i) => liveIds('prog').includes(i)) && !held.maps.some((i) => liveIds('map').includes(i)), 5_000, `prog ids ${held.progs} and map ids ${held.maps} to be freed`);
  expect(liveIds('prog').filter((i) => held.progs.includes(i))).toEqual([]);
  expect(liveIds('map').filter((i) => held.maps.includes(i))).toEqual([]);
}

describe.skipIf(!canLoad)('load job on this kernel', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.close());

  it('loads minimal: BTF, two maps and the program as events in order, done with an accepted verdict, nothing left behind', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'm1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: false } });
    const end = await finished(inbox, 'm1');
    const result = loadResult(end);
    const events = eventsOf(inbox, 'm1');
    const cmds = syscalls(events).map((e) => e.cmd ?? e.name);
    expect(cmds.filter((c) => BPF_CMDS.includes(c))).toEqual(['BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_MAP_CREATE', 'BPF_PROG_LOAD']);
    expect(syscalls(events).every((e) => e.ret >= 0)).toBe(true);
    // The events streamed are the result's trace, seq by seq.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(result.trace).toEqual(events);
    expect(result.source).toBe('real');
    expect(result.object.path).toBe('content/examples/minimal/build/minimal.bpf.o');
    expect(result.programs.map((p) => [p.name, p.verdict])).toEqual([['handle_tp', 'accepted']]);
    expect(result.maps.map((m) => m.name)).toEqual(['minimal.bss', 'minimal.rodata']);
    const progId = result.programs[0]?.id;
    expect(progId).toBeGreaterThan(0);
    // Released at the end of the job: the unload's closes are in the trace and the program is freed.
    expect(cmds.filter((c) => c === 'close').length).toBe(4);
    await expectGone({ progs: [progId ?? -1], maps: [] });
    inbox.ws.close();
  });

  it('loads rejected: done with verdict rejected and the verifier\'s reason line', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'r1', request: { kind: 'load', example: 'rejected', logLevel: 2, step: false } });
    const result = loadResult(await finished(inbox, 'r1'));
    const p = result.programs.find((x) => x.name === 'count_writes');
    expect(p).toMatchObject({ verdict: 'rejected', errno: 'EACCES', reason: "R0 invalid mem access 'map_value_or_null'", logLevel: 2 });
    expect(p?.log).toContain("R0 invalid mem access 'map_value_or_null'");
    const load = syscalls(eventsOf(inbox, 'r1')).find((e) => e.cmd === 'BPF_PROG_LOAD');
    expect(load).toMatchObject({ ret: -1, errno: 'EACCES' });
    inbox.ws.close();
  });

  it('refuses an example that is not a folder of content/examples, and a bad slug, before anything runs', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'x1', request: { kind: 'load', example: 'nope', logLevel: 1, step: false } });
    expect(await finished(inbox, 'x1')).toMatchObject({ kind: 'failed', code: 'invalid_request', message: expect.stringMatching(/^no example named "nope": the examples are .*minimal/) });
    inbox.send({ kind: 'request', id: 'x2', request: { kind: 'load', example: '../minimal', logLevel: 1, step: false } });
    expect(await inbox.next('error', 'x2')).toMatchObject({ code: 'bad_message', message: expect.stringContaining('"example" must be an example folder name') });
    inbox.send({ kind: 'request', id: 'x3', request: { kind: 'load', objectBase64: Buffer.from('not an ELF file').toString('base64'), logLevel: 1, step: false } });
    const bad = loadResult(await finished(inbox, 'x3'));
    expect(bad.openError).toMatch(/^cannot open the object/);
    expect(syscalls(eventsOf(inbox, 'x3'))).toEqual([]);
    inbox.ws.close();
  });

  it('loads bytes sent by the client (objectBase64) like the example', async () => {
    const inbox = await connectWs(t.agent);
    const b64 = readFileSync(join(repo, 'content/examples/minimal/build/minimal.bpf.o')).toString('base64');
    inbox.send({ kind: 'request', id: 'b1', request: { kind: 'load', objectBase64: b64, logLevel: 1, step: false } });
    const result = loadResult(await finished(inbox, 'b1'));
    expect(result.programs.map((p) => p.verdict)).toEqual(['accepted']);
    inbox.ws.close();
  });

  it('step mode: pauses before each call with the pending call, and makes it only after go', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 's1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: true } });
    const pauses: number[] = [];
    let end: AgentMessage | undefined;
    while (!end) {
      const m = await inbox.next(undefined, 's1', 10_000);
      if (m.kind === 'done' || m.kind === 'failed') end = m;
      if (m.kind !== 'progress' || !m.pending) continue;
      const p = m.pending;
      pauses.push(p.seq);
      expect(m.text).toMatch(/^paused before /);
      // While paused, nothing at or after the pending seq has happened.
      await new Promise((r) => setTimeout(r, 30));
      expect(eventsOf(inbox, 's1').filter((e) => e.seq >= p.seq)).toEqual([]);
      if (pauses.length === 1) {
        inbox.send({ kind: 'go', id: 's1', seq: p.seq + 1 });
        expect(await inbox.next('error', 's1')).toMatchObject({ code: 'not_paused', message: expect.stringContaining(`waits before call ${p.seq}`) });
      }
      inbox.send({ kind: 'go', id: 's1', seq: p.seq });
      // The call announced is the one made next, with the seq announced.
      const ev = (await inbox.next('event', 's1')) as AgentMessage & { kind: 'event' };
      expect(ev.event).toMatchObject({ seq: p.seq, kind: 'syscall', name: p.name, ...(p.cmd ? { cmd: p.cmd } : {}) });
    }
    const result = loadResult(end);
    expect(result.programs.map((p) => p.verdict)).toEqual(['accepted']);
    const gated = syscalls(result.trace).filter((e) => e.stage !== 'detach');
    // One pause per gated call (an info read may take two syscalls after one pause).
    expect(pauses.length).toBeGreaterThanOrEqual(8);
    expect(gated.map((e) => e.cmd).filter((c) => c && BPF_CMDS.includes(c))).toEqual(['BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_MAP_CREATE', 'BPF_PROG_LOAD']);
    for (const e of gated) expect(pauses.some((s) => s <= e.seq)).toBe(true);
    expect(pauses.filter((s) => gated.some((e) => e.seq === s))).toEqual(pauses);
    inbox.send({ kind: 'go', id: 's1', seq: 0 });
    expect(await inbox.next('error', 's1')).toMatchObject({ code: 'not_paused' });
    inbox.ws.close();
  });

  it('step mode, cancel in the middle: the job fails with cancelled and none of its programs or maps remain', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'c1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: true } });
    // Stop after the program is loaded (before it is bound to .rodata): BTF, both maps and the program exist.
    const held = await stepUntil(inbox, 'c1', (p) => p.cmd === 'BPF_PROG_BIND_MAP');
    expect(held.maps.length).toBe(2);
    expect(held.progs.length).toBe(1);
    expect(liveIds('prog')).toEqual(expect.arrayContaining(held.progs));
    inbox.send({ kind: 'cancel', id: 'c1' });
    expect(await finished(inbox, 'c1')).toMatchObject({ kind: 'failed', code: 'cancelled' });
    await expectGone(held);
    // The client goes on: a later job runs normally.
    inbox.send({ kind: 'request', id: 'c2', request: { kind: 'status' } });
    expect(await finished(inbox, 'c2')).toMatchObject({ kind: 'done' });
    inbox.ws.close();
  });

  it('step mode, disconnect in the middle: the same cleanup', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'd1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: true } });
    const held = await stepUntil(inbox, 'd1', (p) => p.cmd === 'BPF_OBJ_GET_INFO_BY_FD');
    expect(held.progs.length).toBe(1);
    expect(liveIds('map')).toEqual(expect.arrayContaining(held.maps));
    const before = t.agent.clients();
    inbox.ws.terminate();
    await until(() => t.agent.clients() === before - 1, 5_000, 'the agent to drop the client');
    await expectGone(held);
  });
});

describe.skipIf(!canLoad)('step mode pause limit', () => {
  let t: TestAgent;
  beforeAll(async () => {
    const status = () => buildStatus(probe());
    t = await startTestAgent({ handlers: { load: loadHandler({ status, examplesDir: join(repo, 'content/examples'), pauseMs: 400 }) } });
  });
  afterAll(() => t.close());

  it('a pause with no go past its limit fails the job with timeout and releases what it made', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 't1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: true } });
    const held = await stepUntil(inbox, 't1', (p) => p.cmd === 'BPF_PROG_LOAD');
    expect(held.maps.length).toBe(2);
    const t0 = Date.now();
    const end = await finished(inbox, 't1', 5_000);
    expect(end).toMatchObject({ kind: 'failed', code: 'timeout', message: expect.stringMatching(/^step mode: no go for call \d+ \(BPF_PROG_LOAD\) within 400 ms/) });
    expect(Date.now() - t0).toBeLessThan(2_000);
    await expectGone(held);
    inbox.ws.close();
  });
});

describe('as user nobody, without capabilities (bpflc serve under setpriv)', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  const app = makeTestApp();
  afterAll(() => {
    child?.kill('SIGKILL');
    app.remove();
  });

  it('refuses a load at once with the precise reasons from the status', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('skipped: dropping to nobody needs root to start from');
    const c = spawn(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', process.execPath, '--import', 'tsx', 'real-backend/src/cli/main.ts', 'serve', '--port', '0', '--app-dir', app.appDir],
      { cwd: repo, env: { ...process.env, HOME: '/tmp' } },
    );
    child = c;
    let stdout = '';
    let stderr = '';
    c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 30 s; stdout: ${stdout}; stderr: ${stderr}`)), 30_000);
      c.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})\n/.exec(stdout);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      c.on('exit', (code) => reject(new Error(`bpflc serve exited (${code}): ${stderr}`)));
    });
    const { port, searchParams } = new URL(url);
    const inbox = openInbox(new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${searchParams.get('token') ?? ''}`));
    const hello = await inbox.next('hello', undefined, 10_000);
    const reasons = hello.kind === 'hello' ? hello.status.real.reasons : [];
    expect(reasons[0]).toMatch(/^the agent runs as uid 65534 \(not root\) and has neither CAP_BPF nor CAP_SYS_ADMIN/);
    const t0 = performance.now();
    inbox.send({ kind: 'request', id: 'u1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: true } });
    const end = await finished(inbox, 'u1', 10_000);
    expect(end).toMatchObject({ kind: 'failed', code: 'unavailable' });
    const message = end.kind === 'failed' ? end.message : '';
    expect(message).toBe(`real loads are not possible on this agent: ${reasons.join('; ')}`);
    expect(message).toMatch(/BPF_MAP_CREATE failed with EPERM/);
    // Refused before any syscall: no event, no pause.
    expect(inbox.all.filter((m) => (m.kind === 'event' || (m.kind === 'progress' && m.pending)) && m.id === 'u1')).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
    c.kill('SIGTERM');
    await new Promise((r) => c.on('exit', r));
    child = undefined;
  });
});
