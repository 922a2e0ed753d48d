// buildSource with the real clang, bpftool and cc: the committed example objects come out byte for byte, a
// second build is a cache hit, failures are values with editor markers, time limits kill, bad requests never
// reach a tool, and no temp folder is left behind.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElf, sectionByName, sectionData } from '../../../sim/src/elf/index.ts';
import { buildSource, findOnPath, type BuildEvent, type BuildResult } from '../../../real-backend/src/toolchain/index.ts';
import { toolVersion } from '../../../scripts/build-content/toolchain.ts';
import type { ExampleManifest } from '../../../scripts/build-content/manifest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLES = path.join(ROOT, 'content/examples');
const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const read = (slug: string, file: string): string => readFileSync(path.join(EXAMPLES, slug, file), 'utf8');
const manifestOf = (slug: string): ExampleManifest => JSON.parse(read(slug, 'build/manifest.json')) as ExampleManifest;

const HAVE_TOOLS = ['clang', 'bpftool', 'cc'].every((t) => findOnPath(t) !== null) && existsSync('/sys/kernel/btf/vmlinux');
const SAME_CLANG = HAVE_TOOLS && toolVersion('clang') === manifestOf('minimal').tools.clang;
const tempBuilds = (): string[] => readdirSync(os.tmpdir()).filter((f) => f.startsWith('bpflc-build-'));

const SMALL = 'int prog(unsigned int *ctx)\n{\n\tunsigned int a = ctx[0];\n\tif (a > 5)\n\t\treturn 1;\n\treturn a + 2;\n}\n';

let cacheDir = '';
let tempsBefore: string[] = [];
beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'bpflc-cache-test-'));
  tempsBefore = tempBuilds();
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

async function build(input: Parameters<typeof buildSource>[0], opts?: Parameters<typeof buildSource>[2]) {
  const events: BuildEvent[] = [];
  const t0 = performance.now();
  const r = await buildSource({ cacheDir, ...input }, (e) => events.push(e), opts);
  return { r, events, ms: performance.now() - t0 };
}

function value(r: Awaited<ReturnType<typeof buildSource>>): BuildResult {
  if (!r.ok) throw new Error(`build failed: ${JSON.stringify(r.error).slice(0, 2000)}`);
  return r.value;
}

describe.skipIf(!HAVE_TOOLS)('buildSource', () => {
  let cold: BuildResult | null = null;
  let coldMs = 0;

  it.skipIf(!SAME_CLANG)('content/examples/minimal: the committed objects and skeleton, byte for byte, with the same command lines', async () => {
    const { r, events, ms } = await build({ name: 'minimal', bpfSource: read('minimal', 'minimal.bpf.c'), loaderSource: read('minimal', 'minimal.c') });
    cold = value(r);
    coldMs = ms;
    expect(cold.cached).toBe(false);
    expect(sha256(cold.tmpObject)).toBe(sha256(readFileSync(path.join(EXAMPLES, 'minimal/build/minimal.tmp.bpf.o'))));
    expect(sha256(cold.object)).toBe(sha256(readFileSync(path.join(EXAMPLES, 'minimal/build/minimal.bpf.o'))));
    expect(cold.skeleton).toBe(read('minimal', 'build/minimal.skel.h'));

    const m = manifestOf('minimal');
    const committed = Object.fromEntries(m.steps.map((s) => [s.id, s]));
    expect(cold.steps.map((s) => s.id)).toEqual(['vmlinux-h', 'bpf-compile', 'bpf-link', 'skeleton', 'loader-compile', 'loader-link']);
    for (const id of ['vmlinux-h', 'bpf-compile', 'bpf-link', 'skeleton']) {
      expect(cold.steps.find((s) => s.id === id)?.argv, id).toEqual(committed[id]?.argv);
    }
    for (const s of cold.steps) {
      expect(s.exitCode).toBe(0);
      expect(path.isAbsolute(s.cwd)).toBe(false);
      expect(s.argv.filter((a) => a.startsWith('/') && a !== '/sys/kernel/btf/vmlinux')).toEqual([]);
    }
    expect(cold.tools).toEqual(m.tools);
    expect(cold.inputs['minimal.bpf.c']).toBe(m.inputs['minimal.bpf.c']);
    expect(cold.diagnostics).toEqual([]);

    // The loader was built and kept, executable, in the cache.
    const loader = cold.artifacts.loader;
    expect(loader && statSync(loader.path).mode & 0o111).toBeGreaterThan(0);
    expect(loader?.path.startsWith(cacheDir)).toBe(true);

    expect(events.filter((e) => e.kind === 'cache')).toEqual([{ kind: 'cache', hit: false, key: cold.key }]);
    const progress = events.flatMap((e) => (e.kind === 'progress' && e.step !== 'vmlinux-h' ? [`${e.step}:${e.state}`] : []));
    expect(progress).toEqual(['bpf-compile', 'bpf-link', 'skeleton', 'loader-compile', 'loader-link'].flatMap((s) => [`${s}:start`, `${s}:done`]));
  });

  it.skipIf(!SAME_CLANG)('the same sources again: a cache hit, marked as such, with the original timings', async () => {
    expect(cold).not.toBeNull();
    if (!cold) return;
    const { r, events, ms } = await build({ name: 'minimal', bpfSource: read('minimal', 'minimal.bpf.c'), loaderSource: read('minimal', 'minimal.c') });
    const hit = value(r);
    expect(hit.cached).toBe(true);
    expect(hit.key).toBe(cold.key);
    expect(hit.steps).toEqual(cold.steps);
    expect(hit.durationMs).toBe(cold.durationMs);
    expect(hit.object).toEqual(cold.object);
    expect(events).toEqual([{ kind: 'cache', hit: true, key: cold.key }]);
    expect(hit.lookupMs).toBeLessThan(cold.durationMs / 10);
    expect(ms).toBeLessThan(coldMs / 10);
    const steps = cold.steps.map((s) => `${s.id} ${s.durationMs}`).join(', ');
    console.log(`minimal with loader: cold ${coldMs.toFixed(0)} ms (${steps}), cached ${ms.toFixed(1)} ms (lookup ${hit.lookupMs} ms)`);
  });

  it.skipIf(!SAME_CLANG)('an example that includes vmlinux.h (hello-kprobe) is byte-identical when the kernel BTF is the one it was built on', async (ctx) => {
    const m = manifestOf('hello-kprobe');
    const { r } = await build({ name: 'hello_kprobe', bpfSource: read('hello-kprobe', 'hello_kprobe.bpf.c') });
    const v = value(r);
    // Another kernel: another vmlinux.h, another object.
    if (v.inputs['vmlinux.h'] !== m.inputs['vmlinux.h']) ctx.skip('this kernel\'s vmlinux.h differs from the one the example was built with');
    const want = m.steps.find((s) => s.id === 'bpf-compile')?.outputs[0]?.sha256;
    expect(sha256(v.tmpObject)).toBe(want);
    expect(v.steps.find((s) => s.id === 'bpf-compile')?.argv).toEqual(m.steps.find((s) => s.id === 'bpf-compile')?.argv);
  });

  it('mcpu is the one option: -mcpu=v3 on the command line, jmp32/alu32 in the object, another cache key', async () => {
    const plain = value((await build({ name: 'small', bpfSource: SMALL })).r);
    const v3 = value((await build({ name: 'small', bpfSource: SMALL, mcpu: 'v3' })).r);
    expect(plain.key).not.toBe(v3.key);
    expect(v3.steps.find((s) => s.id === 'bpf-compile')?.argv).toContain('-mcpu=v3');
    const classes = (obj: Uint8Array): Set<number> => {
      const elf = readElf(obj);
      if (!elf.ok) throw new Error(elf.error.message);
      const text = sectionByName(elf.value, '.text');
      if (!text) throw new Error('no .text');
      const code = sectionData(elf.value, text);
      return new Set(Array.from({ length: code.length / 8 }, (_, i) => (code[i * 8] ?? 0) & 0x07));
    };
    expect(classes(plain.object).has(0x06)).toBe(false); // BPF_JMP32
    expect(classes(v3.object).has(0x06)).toBe(true);
    expect(classes(v3.object).has(0x04)).toBe(true); // BPF_ALU
  });

  it('a compile error: a failure value with the records so far, diagnostics and markers; nothing cached', async () => {
    const src = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("tp/x/y")\nint prog(void *ctx)\n{\n\treturn undefined_thing;\n}\n';
    const { r, events } = await build({ name: 'broken', bpfSource: src });
    expect(r.ok).toBe(false);
    if (r.ok || r.error.kind !== 'step-failed') throw new Error('expected step-failed');
    expect(r.error.reason).toBe('exit');
    expect(r.error.record.id).toBe('bpf-compile');
    expect(r.error.steps.map((s) => s.id)).toEqual(['vmlinux-h', 'bpf-compile']);
    expect(r.error.diagnostics).toEqual([
      { step: 'bpf-compile', file: 'broken.bpf.c', line: 6, column: 9, severity: 'error', message: "use of undeclared identifier 'undefined_thing'", excerpt: ['        return undefined_thing;', '               ^'] },
    ]);
    expect(r.error.markers['broken.bpf.c']).toEqual([{ line: 6, column: 9, severity: 'error', message: "use of undeclared identifier 'undefined_thing'" }]);
    expect(events.filter((e) => e.kind === 'progress' && e.step === 'bpf-compile').map((e) => e.kind === 'progress' && e.state)).toEqual(['start', 'failed']);
    const cacheEvent = events.find((e) => e.kind === 'cache');
    expect(cacheEvent && existsSync(path.join(cacheDir, 'builds', cacheEvent.key))).toBe(false);
  });

  it('a loader that does not compile: the failure is on the loader step, markers on <name>.c', async () => {
    const { r } = await build({ name: 'small', bpfSource: SMALL, loaderSource: '#include "small.skel.h"\nint main(void) { return nope(); }\n' });
    if (r.ok || r.error.kind !== 'step-failed') throw new Error('expected step-failed');
    expect(r.error.record.id).toBe('loader-link');
    expect(r.error.markers['small.c']?.map((m) => [m.line, m.severity])).toEqual([[2, 'warning'], [2, 'error'], [1, 'error']]);
  });

  it('a tiny time limit kills clang: reason timeout, the record says so', async () => {
    const { r, ms } = await build({ name: 'slow', bpfSource: `${SMALL}// ${Date.now()}\n` }, { limits: { timeoutMs: 1 } });
    if (r.ok || r.error.kind !== 'step-failed') throw new Error('expected step-failed');
    expect(r.error.reason).toBe('timeout');
    expect(r.error.record).toMatchObject({ id: 'bpf-compile', timedOut: true, signal: 'SIGKILL' });
    expect(ms).toBeLessThan(3000);
  });

  it('requests that are refused never reach a tool', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ name: '../x', bpfSource: SMALL }, 'name'],
      [{ name: 'x;rm -rf ~', bpfSource: SMALL }, 'name'],
      [{ name: '$(id)', bpfSource: SMALL }, 'name'],
      [{ name: 'my prog', bpfSource: SMALL }, 'name'],
      [{ name: 'x', bpfSource: 'a'.repeat(300_000) }, 'bpfSource'],
      [{ name: 'x', bpfSource: SMALL, cflags: ['-O0'] }, 'cflags'],
      [{ name: 'x', bpfSource: SMALL, mcpu: 'v3 -fplugin=/tmp/x.so' }, 'mcpu'],
      [{ name: 'x', bpfSource: '#include "/etc/shadow"\n' }, 'bpfSource'],
    ];
    for (const [req, field] of bad) {
      const { r, events } = await build(req as unknown as Parameters<typeof buildSource>[0]);
      expect(r.ok, JSON.stringify(req).slice(0, 80)).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ kind: 'invalid-request', field });
      expect(events).toEqual([]);
    }
  });

  it('leaves no temp folder behind', () => {
    expect(tempBuilds().filter((f) => !tempsBefore.includes(f))).toEqual([]);
  });
});
