// GET /api/status with the real probe: as this (root) process in-process, and as user nobody with no capabilities
// through the real `bpflc serve` command (setpriv), where real runs must be reported unavailable with the exact
// reasons; that run also shows the printed URL, the WebSocket hello, and a clean stop on SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '@bpflc/sim/protocol/status';
import { probe } from '../../../real-backend/src/kernel/index.ts';
import { buildStatus } from '../../../real-backend/src/server/agent-status.ts';
import { makeTestApp, openInbox, startTestAgent, type TestAgent } from './helpers.ts';
import WebSocket from 'ws';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const agentVersion = (JSON.parse(readFileSync(`${repo}real-backend/package.json`, 'utf8')) as { version: string }).version;

function expectShape(s: AgentStatus): void {
  expect(Object.keys(s).sort()).toEqual(['agent', 'capabilities', 'kernel', 'protocol', 'real']);
  expect(s.protocol).toBe(1);
  expect(s.agent.version).toBe(agentVersion);
  expect(s.kernel).toBe(release());
  for (const i of s.capabilities) {
    expect(Object.keys(i).sort()).toEqual(['detail', 'id', 'ok']);
    expect(i.detail.length).toBeGreaterThan(5);
  }
  expect(s.capabilities.map((i) => i.id)).toEqual(expect.arrayContaining(['cap_bpf', 'bpf_map_create', 'bpf_prog_load', 'tracefs', 'kprobe']));
  expect(Object.keys(s.real).sort()).toEqual(['available', 'can', 'limits', 'reasons']);
  expect(s.real.available).toBe(s.real.can.load);
  expect(s.real.available ? s.real.reasons : s.real.limits).toEqual([]);
}

describe('GET /api/status in this process (real probe)', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.close());

  it('says what the agent can do here, item by item, as the probe finds it', async () => {
    const res = await fetch(`http://127.0.0.1:${t.agent.port}/api/status`, { headers: { Authorization: `Bearer ${t.agent.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const s = (await res.json()) as AgentStatus;
    expectShape(s);
    const p = probe();
    expect(s.agent.uid).toBe(process.getuid?.());
    expect(s.real.available).toBe(p.canLoad);
    expect(s.real.can).toEqual({ load: p.canLoad, attachTracepoint: p.canAttachTracepoint, kprobe: p.canKprobe });
    expect(s.capabilities.map((i) => [i.id, i.ok])).toEqual(p.items.map((i) => [i.id, i.ok]));
    if (p.canLoad && !p.canKprobe) expect(s.real.limits).toContainEqual(expect.stringMatching(/^kprobe: /));
  });
});

describe('as user nobody, without capabilities (bpflc serve under setpriv)', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let stdout = '';
  let stderr = '';
  const app = makeTestApp();
  afterAll(() => {
    child?.kill('SIGKILL');
    app.remove();
  });

  it('reports real runs unavailable with exact reasons (HTTP and hello), and stops cleanly on SIGTERM', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('skipped: dropping to nobody needs root to start from');
    const c = spawn(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', process.execPath, '--import', 'tsx', 'real-backend/src/cli/main.ts', 'serve', '--port', '0', '--app-dir', app.appDir],
      { cwd: repo, env: { ...process.env, HOME: '/tmp' } },
    );
    child = c;
    c.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 30 s; stdout: ${stdout}; stderr: ${stderr}`)), 30_000);
      c.stdout.on('data', () => {
        const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})\n/.exec(stdout);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      c.on('exit', (code) => reject(new Error(`bpflc serve exited (${code}): ${stderr}`)));
    });
    const { port, searchParams } = new URL(url);
    const token = searchParams.get('token') ?? '';
    await new Promise((r) => setTimeout(r, 200)); // the reasons follow the URL on stdout
    expect(stdout).toMatch(/real kernel runs: unavailable on Linux .*; the simulator works in the page\n/);
    expect(stdout).toMatch(/neither CAP_BPF nor CAP_SYS_ADMIN/);

    const s = (await (await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `Bearer ${token}` } })).json()) as AgentStatus;
    expectShape(s);
    expect(s.agent.uid).toBe(65534);
    expect(s.real.available).toBe(false);
    expect(s.real.can).toEqual({ load: false, attachTracepoint: false, kprobe: false });
    expect(s.real.reasons[0]).toMatch(/^the agent runs as uid 65534 \(not root\) and has neither CAP_BPF nor CAP_SYS_ADMIN, so the kernel refuses bpf\(\) to it/);
    expect(s.real.reasons).toContainEqual(expect.stringMatching(/^BPF_MAP_CREATE failed with EPERM: operation not permitted: the process lacks CAP_BPF/));
    expect(s.real.reasons.at(-1)).toMatch(/^to enable real runs, restart the agent as root \(sudo npm start, or sudo bpflc serve\)/);
    expect(s.capabilities.find((i) => i.id === 'cap_bpf')).toMatchObject({ ok: false, detail: expect.stringMatching(/^lacks CAP_BPF/) });

    // The same status arrives in the WebSocket hello.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${token}`);
    const inbox = openInbox(ws);
    const hello = await inbox.next('hello', undefined, 10_000);
    expect(hello.kind === 'hello' ? hello.status.real : undefined).toEqual(s.real);

    // Root (uid 0) without the capabilities, e.g. in a container, gets another remedy from the same probe items.
    const asRootInContainer = buildStatus({ kernel: s.kernel, canLoad: false, canAttachTracepoint: false, canKprobe: false, items: s.capabilities }, { version: '0', uid: 0 });
    expect(asRootInContainer.real.reasons[0]).toMatch(/^the agent runs as root \(uid 0\) but has neither CAP_BPF nor CAP_SYS_ADMIN/);
    expect(asRootInContainer.real.reasons.at(-1)).toMatch(/--cap-add BPF --cap-add PERFMON/);

    const t0 = performance.now();
    c.kill('SIGTERM');
    const [code, closed] = await Promise.all([new Promise<number | null>((r) => c.on('exit', (code) => r(code))), inbox.closed]);
    expect(code).toBe(0);
    expect(closed.code).toBe(1001);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(stderr).toContain('bpflc serve: SIGTERM: stopping');
    child = undefined;
  });
});
