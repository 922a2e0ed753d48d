// The agent's load job with attach: true, over a real WebSocket with the agent in this process: printk lines
// arrive as `progress` while the program runs and the result carries attach + run; a client that goes away in
// the middle of a 30 s run leaves nothing behind: link, program and maps (by id, bpftool) and our tracefs instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage } from '@bpflc/sim/protocol/messages';
import { probe } from '../../../real-backend/src/kernel/index.ts';
import { stillListed } from '../helpers/bpftool.ts';
import { connectWs, startTestAgent, until, type Inbox, type TestAgent } from '../../unit/server/helpers.ts';
import { idsOfLink, instancesOf } from './helpers.ts';

const canLoad = probe().canLoad;

async function progressMatching(inbox: Inbox, id: string, re: RegExp, ms = 15_000): Promise<RegExpExecArray> {
  const t0 = Date.now();
  for (;;) {
    const m = await inbox.next(undefined, id, ms - (Date.now() - t0));
    if (m.kind === 'failed') throw new Error(`job failed: ${m.message}`);
    const hit = m.kind === 'progress' ? re.exec(m.text) : null;
    if (hit) return hit;
  }
}

async function finished(inbox: Inbox, id: string, ms = 30_000): Promise<AgentMessage> {
  const t0 = Date.now();
  for (;;) {
    const m = await inbox.next(undefined, id, ms - (Date.now() - t0));
    if (m.kind === 'done' || m.kind === 'failed') return m;
  }
}

describe.skipIf(!canLoad)('load job with attach', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(async () => t.close());

  it('runs for durationSec, streams printk lines, returns attach + run, then releases everything', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'a1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: false, attach: true, durationSec: 0.5 } });
    const att = await progressMatching(inbox, 'a1', /handle_tp attached to syscalls:sys_enter_write \(link\), link id (\d+)/);
    const ids = idsOfLink(Number(att[1]));
    await progressMatching(inbox, 'a1', new RegExp(`^printk .* BPF triggered from PID ${process.pid}\\.$`));
    const done = await finished(inbox, 'a1');
    if (done.kind !== 'done' || done.result.kind !== 'load') throw new Error(JSON.stringify(done).slice(0, 400));
    const res = done.result.result;
    expect(res.attach).toEqual([expect.objectContaining({ program: 'handle_tp', via: 'link', linkId: ids.links[0] })]);
    expect(res.run?.printk.some((l) => l.msg === `BPF triggered from PID ${process.pid}.`)).toBe(true);
    expect(await stillListed(ids)).toEqual([]);
    expect(instancesOf(process.pid)).toEqual([]);
    inbox.ws.close();
  });

  it('a bad durationSec is refused by the parser', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'b1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: false, attach: true, durationSec: 600 } });
    const m = await inbox.next('error', undefined, 5_000);
    expect(JSON.stringify(m)).toMatch(/durationSec/);
    inbox.ws.close();
  });

  it('client disconnects in the middle of a 30 s run: link, program, maps and the tracefs instance are released', async () => {
    const inbox = await connectWs(t.agent);
    inbox.send({ kind: 'request', id: 'd1', request: { kind: 'load', example: 'minimal', logLevel: 1, step: false, attach: true, durationSec: 30 } });
    const att = await progressMatching(inbox, 'd1', /handle_tp attached to syscalls:sys_enter_write \(link\), link id (\d+)/);
    const ids = idsOfLink(Number(att[1]));
    expect(instancesOf(process.pid).length).toBe(1);
    const before = t.agent.clients();
    inbox.ws.terminate();
    await until(() => t.agent.clients() === before - 1, 5_000, 'the agent to drop the client');
    expect(await stillListed(ids)).toEqual([]);
    await until(() => instancesOf(process.pid).length === 0, 5_000, 'the tracefs instance to be removed');
  }, 30_000);
});
