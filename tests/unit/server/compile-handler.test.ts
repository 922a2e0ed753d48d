// The agent's `compile` job over a real WebSocket with the real toolchain (clang, bpftool) and a build cache in a
// temp folder chosen by the agent: a small program compiles with step progress, artifact sizes and the object
// itself; the same request again comes from the cache; a broken source ends with the compiler's diagnostics
// parsed; names with "../", compiler flags and unknown fields are refused with a clear message.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage, CompileResult } from '@bpflc/sim/protocol/messages';
import { readObjectSpec } from '@bpflc/sim/object/index';
import { compileHandler } from '../../../real-backend/src/server/handlers/compile.ts';
import { connectWs, startTestAgent, type Inbox, type TestAgent } from './helpers.ts';

const GOOD = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";
int hits = 0;

SEC("tp/syscalls/sys_enter_write")
int count_write(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}
`;
const BROKEN = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tp/syscalls/sys_enter_write")
int count_write(void *ctx)
{
	return undeclared_counter;
}
`;

async function finished(inbox: Inbox, id: string, ms = 60_000): Promise<AgentMessage & { kind: 'done' | 'failed' }> {
  const t0 = Date.now();
  for (;;) {
    const m = await inbox.next(undefined, id, ms - (Date.now() - t0));
    if (m.kind === 'done' || m.kind === 'failed') return m;
  }
}
const compiled = (m: AgentMessage): CompileResult => {
  if (m.kind !== 'done' || m.result.kind !== 'compile') throw new Error(`expected a compile done, got ${JSON.stringify(m).slice(0, 600)}`);
  return m.result;
};
/** Live children of this process (the agent runs in it) whose command is `comm`. */
function childrenNamed(comm: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) (\S) (\d+)/.exec(stat);
      if (m && m[1] === comm && m[2] !== 'Z' && Number(m[3]) === process.pid) out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
const progressOf = (inbox: Inbox, id: string): string[] => inbox.all.flatMap((m) => (m.kind === 'progress' && m.id === id ? [m.text] : []));

describe('compile job', () => {
  let t: TestAgent;
  let inbox: Inbox;
  const cacheDir = mkdtempSync(join(tmpdir(), 'bpflc-compile-cache-'));
  beforeAll(async () => {
    t = await startTestAgent({ handlers: { compile: compileHandler({ cacheDir }) } });
    inbox = await connectWs(t.agent);
  });
  afterAll(async () => {
    inbox.ws.close();
    await t.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('compiles a small program: step progress, artifact sizes, the object, no diagnostics; the same request again is cached', async () => {
    inbox.send({ kind: 'request', id: 'g1', request: { kind: 'compile', name: 'counter', bpfSource: GOOD, mcpu: 'v3' } });
    const r = compiled(await finished(inbox, 'g1'));
    if (!r.ok) throw new Error(r.message);
    const progress = progressOf(inbox, 'g1');
    for (const step of ['bpf-compile', 'bpf-link', 'skeleton']) {
      expect(progress).toContain(`${step}: running`);
      expect(progress).toContainEqual(expect.stringMatching(new RegExp(`^${step}: done in [\\d.]+ ms$`)));
    }
    expect(r.cached).toBe(false);
    expect(r.mcpu).toBe('v3');
    expect(r.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['bpf-compile', 'bpf-link', 'skeleton']));
    expect(r.steps.find((s) => s.id === 'bpf-compile')?.argv).toContain('-mcpu=v3');
    expect(r.diagnostics).toEqual([]);
    const obj = Buffer.from(r.objectBase64 ?? '', 'base64');
    expect(obj.length).toBe(r.artifacts.object.size);
    expect(r.artifacts.tmpObject.size).toBeGreaterThan(0);
    expect(r.skeleton.length).toBe(r.artifacts.skeleton.size);
    expect(r.skeleton).toContain('struct counter_bpf');
    const spec = readObjectSpec(new Uint8Array(obj), { path: 'counter.bpf.o' });
    expect(spec.ok && spec.value.programs.map((p) => p.name)).toEqual(['count_write']);

    inbox.send({ kind: 'request', id: 'g2', request: { kind: 'compile', name: 'counter', bpfSource: GOOD, mcpu: 'v3' } });
    const again = compiled(await finished(inbox, 'g2'));
    expect(again).toMatchObject({ ok: true, cached: true, key: r.key });
    expect(progressOf(inbox, 'g2')[0]).toMatch(/^same sources and tools as an earlier build: served from the cache/);
  });

  it('a broken source ends with the compiler\'s diagnostics parsed and editor markers', async () => {
    inbox.send({ kind: 'request', id: 'b1', request: { kind: 'compile', name: 'broken', bpfSource: BROKEN } });
    const r = compiled(await finished(inbox, 'b1'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('exit');
    expect(r.steps.at(-1)?.id).toBe('bpf-compile');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({
      step: 'bpf-compile', file: 'broken.bpf.c', line: 7, column: 9, severity: 'error', message: "use of undeclared identifier 'undeclared_counter'",
    }));
    expect(r.markers['broken.bpf.c']).toContainEqual(expect.objectContaining({ line: 7, column: 9, severity: 'error' }));
    expect(progressOf(inbox, 'b1')).toContainEqual(expect.stringMatching(/^bpf-compile: failed/));
  });

  it('cancel stops the running clang (its process group is killed) and stores nothing in the cache', async () => {
    // Enough functions that clang -O2 -g runs for a while (still under the 256 KiB source limit).
    const many = Array.from({ length: 1500 }, (_, i) => `SEC("tp/syscalls/sys_enter_write") int f${i}(void *ctx) { hits += ${i} * (long)ctx; return ${i}; }`).join('\n');
    const source = `#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\nchar LICENSE[] SEC("license") = "GPL";\nlong hits;\n${many}\n`;
    const entries = readdirSync(join(cacheDir, 'builds')).length;
    inbox.send({ kind: 'request', id: 'k1', request: { kind: 'compile', name: 'slow', bpfSource: source } });
    for (;;) {
      const m = await inbox.next('progress', 'k1', 30_000);
      if (m.kind === 'progress' && m.text === 'bpf-compile: running') break;
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(childrenNamed('clang').length).toBe(1);
    inbox.send({ kind: 'cancel', id: 'k1' });
    expect(await finished(inbox, 'k1')).toMatchObject({ kind: 'failed', code: 'cancelled' });
    const t0 = Date.now();
    while (childrenNamed('clang').length > 0 && Date.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(childrenNamed('clang')).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(readdirSync(join(cacheDir, 'builds')).length).toBe(entries);
  });

  it('refuses a name with ../, compiler flags, unknown fields and a bad mcpu with a clear message', async () => {
    inbox.send({ kind: 'request', id: 'n1', request: { kind: 'compile', name: '../../etc/evil', bpfSource: GOOD } });
    expect(await finished(inbox, 'n1')).toMatchObject({ kind: 'failed', code: 'invalid_request', message: expect.stringMatching(/^name: name "..\/..\/etc\/evil" is not allowed: use 1-63 of a-z/) });
    inbox.send({ kind: 'request', id: 'n2', request: { kind: 'compile', name: 'x', bpfSource: GOOD, cflags: ['-fplugin=/tmp/p.so'] } });
    expect(await inbox.next('error', 'n2')).toMatchObject({ code: 'bad_message', message: expect.stringContaining('unknown field(s) "cflags": a compile takes name, bpfSource, loaderSource, mcpu only; compiler flags are fixed') });
    inbox.send({ kind: 'request', id: 'n3', request: { kind: 'compile', name: 'x', bpfSource: GOOD, mcpu: '-O0 -Xclang -load' } });
    expect(await inbox.next('error', 'n3')).toMatchObject({ code: 'bad_message', message: expect.stringContaining('"mcpu" must be one of v1, v2, v3') });
    inbox.send({ kind: 'request', id: 'n4', request: { kind: 'compile', name: 'x', bpfSource: '#include "/etc/passwd"\n' } });
    expect(await finished(inbox, 'n4')).toMatchObject({ kind: 'failed', code: 'invalid_request', message: expect.stringMatching(/^bpfSource: x\.bpf\.c:1: #include "\/etc\/passwd" is not accepted/) });
    // Nothing ran for them.
    expect(['n1', 'n4'].flatMap((id) => progressOf(inbox, id))).toEqual([]);
  });
});
