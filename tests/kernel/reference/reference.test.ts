// The reference loaders on the real kernel under the real strace 6.1: minimal's own libbpf skeleton loader (built
// by the toolchain stage, stopped with SIGINT after it printed "Attached"), bpftool prog loadall for examples
// without a loader (one accepted, one rejected by the verifier), and `bpflc real --loader libbpf --json`. Each
// checks that nothing is left behind: programs gone from `bpftool prog show`, the pin directory removed.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_PROBE_NOTE } from '@bpflc/sim/trace/classify';
import type { SyscallEvent } from '@bpflc/sim/trace/schema';
import { referencePrecondition, runReference, runUnderStrace, type ReferenceResult } from '../../../real-backend/src/reference/index.ts';
import { buildSource } from '../../../real-backend/src/toolchain/index.ts';
import { bpftoolLinks, bpftoolMaps, bpftoolProgs } from '../helpers/bpftool.ts';
import { bpftoolSkipReason } from '../helpers/privilege.ts';
import { buildCli, example, runBpflc } from '../cli-real/run-cli.ts';

const skipReason = (): string | undefined => {
  const pre = referencePrecondition();
  return pre !== null ? `skipped: ${pre.message}` : bpftoolSkipReason();
};
const isProbe = (e: SyscallEvent): boolean => e.note?.startsWith(FEATURE_PROBE_NOTE) ?? false;
const real = (r: ReferenceResult): SyscallEvent[] => r.trace.filter((e): e is SyscallEvent => e.kind === 'syscall' && !isProbe(e));

/**
 * Programs and maps that appeared during `f` under the given names, and links of those programs, still listed after
 * a wait of up to 6 s: other test files load objects with the same names in parallel (the agent's minimal runs for
 * up to 2 s attached), so a name seen once is only a leftover if it outlives them.
 */
async function leftOver(names: string[], f: () => Promise<ReferenceResult>): Promise<{ r: ReferenceResult; left: string[] }> {
  const progsBefore = new Set(bpftoolProgs().map((p) => p.id));
  const mapsBefore = new Set(bpftoolMaps().map((m) => m.id));
  const r = await f();
  let left: string[] = [];
  for (let i = 0; i < 30; i++) {
    const progs = bpftoolProgs().filter((p) => !progsBefore.has(p.id) && p.name !== undefined && names.includes(p.name)).map((p) => p.id);
    const maps = bpftoolMaps().filter((m) => !mapsBefore.has(m.id) && m.name !== undefined && names.includes(m.name)).map((m) => `map ${m.id} ${m.name}`);
    const links = bpftoolLinks().filter((l) => progs.includes(l.prog_id)).map((l) => `link ${l.id}`);
    left = [...progs.map((id) => `prog ${id}`), ...maps, ...links];
    if (left.length === 0) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  return { r, left };
}

async function reference(file: string): Promise<ReferenceResult> {
  const r = await runReference(file);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
}

describe('reference loaders under strace', () => {
  it('minimal\'s libbpf skeleton loader: BTF, .bss/.rodata maps, handle_tp, link; probes labelled; nothing left', async (ctx) => {
    const why = skipReason();
    if (why) ctx.skip(why);
    const { r, left } = await leftOver(['handle_tp', 'minimal_.bss', 'minimal_.rodata'], () => reference(example('minimal')));
    expect(r.loader).toBe('libbpf');
    expect(r.source).toBe('real');
    expect(r.reference.exit.code).toBe(0);
    expect(r.reference.stopped).toMatch(/after it printed/);
    expect(r.reference.stdout).toMatch(/^Attached\./);
    expect(r.reference.issues).toEqual([]);
    expect(r.trace.every((e) => e.source === 'reference')).toBe(true);
    const calls = real(r);
    const btf = calls.filter((e) => e.cmd === 'BPF_BTF_LOAD');
    expect(btf).toHaveLength(1);
    expect(btf[0]!.ret).toBeGreaterThanOrEqual(0);
    expect(btf[0]!.stage).toBe('btf_load');
    const maps = calls.filter((e) => e.cmd === 'BPF_MAP_CREATE');
    expect(maps.map((e) => e.args.map_name)).toEqual(['minimal_.bss', 'minimal_.rodata']);
    expect(maps.every((e) => e.ret >= 0 && e.stage === 'map_create')).toBe(true);
    const progs = calls.filter((e) => e.cmd === 'BPF_PROG_LOAD');
    expect(progs.map((e) => [e.args.prog_name, e.args.prog_type, e.stage])).toEqual([['handle_tp', 'BPF_PROG_TYPE_TRACEPOINT', 'prog_load']]);
    expect(progs[0]!.ret).toBeGreaterThanOrEqual(0);
    const link = calls.filter((e) => e.cmd === 'BPF_LINK_CREATE');
    expect(link).toHaveLength(1);
    expect(link[0]!.ret).toBeGreaterThanOrEqual(0);
    expect(link[0]!.stage).toBe('attach');
    // libbpf 1.1's feature probes: the name probe program and the mmap-able array map, among others.
    const probes = r.trace.filter((e): e is SyscallEvent => e.kind === 'syscall' && isProbe(e));
    expect(r.reference.probes).toBe(probes.length);
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.some((e) => e.cmd === 'BPF_PROG_LOAD' && e.args.prog_name === 'libbpf_nametest')).toBe(true);
    expect(probes.some((e) => e.cmd === 'BPF_MAP_CREATE' && e.args.map_name === 'libbpf_mmap')).toBe(true);
    // Verdicts read off the trace.
    expect(r.programs).toEqual([expect.objectContaining({ name: 'handle_tp', verdict: 'accepted', attempts: 1, insnCnt: 13 })]);
    expect(r.maps.map((m) => [m.kernelName, m.frozen])).toEqual([['minimal_.bss', false], ['minimal_.rodata', true]]);
    expect(r.attach.map((a) => a.call)).toEqual(['perf_event_open', 'BPF_LINK_CREATE']);
    expect(left).toEqual([]);
  }, 60_000);

  it('bpftool prog loadall where there is no loader .c: ringbuf accepted, pins removed, nothing left', async (ctx) => {
    const why = skipReason();
    if (why) ctx.skip(why);
    const { r, left } = await leftOver(['handle_exec', 'events'], () => reference(example('ringbuf')));
    expect(r.loader).toBe('bpftool');
    expect(r.reference.exit.code).toBe(0);
    expect(r.reference.notes.join('\n')).toMatch(/no loader \.c/);
    const pinDir = r.reference.command.at(-1)!;
    expect(pinDir).toMatch(/^\/sys\/fs\/bpf\/bpflc-ref-\d+-[0-9a-f]{8}$/);
    expect(existsSync(pinDir)).toBe(false);
    expect(r.programs.length).toBeGreaterThan(0);
    expect(r.programs.every((p) => p.verdict === 'accepted')).toBe(true);
    expect(r.maps.some((m) => m.type === 'BPF_MAP_TYPE_RINGBUF')).toBe(true);
    expect(r.attach).toEqual([]);
    expect(left).toEqual([]);
  }, 30_000);

  it('bpftool prog loadall of the rejected example: EACCES, libbpf\'s retry, the verifier log from stderr', async (ctx) => {
    const why = skipReason();
    if (why) ctx.skip(why);
    const r = await reference(example('rejected'));
    expect(r.reference.exit.code).not.toBe(0);
    const [p] = r.programs;
    expect(p).toEqual(expect.objectContaining({ name: 'count_writes', verdict: 'rejected', errno: 'EACCES', attempts: 2 }));
    expect(p!.reason).toBe('R0 invalid mem access \'map_value_or_null\'');
    expect(p!.log).toMatch(/processed \d+ insns/);
    expect(existsSync(r.reference.command.at(-1)!)).toBe(false);
  }, 30_000);
});

describe('traceCommand (the stop policy scripts/capture-strace.ts uses)', () => {
  it('stops the skeleton loader with SIGINT a fixed time after it started; the loader exits 0', async (ctx) => {
    const why = skipReason();
    if (why) ctx.skip(why);
    const built = await buildSource({
      name: 'minimal',
      bpfSource: readFileSync('content/examples/minimal/minimal.bpf.c', 'utf8'),
      loaderSource: readFileSync('content/examples/minimal/minimal.c', 'utf8'),
    });
    if (!built.ok) throw new Error(built.error.message);
    const run = await runUnderStrace({ command: [built.value.artifacts.loader!.path], stop: { stopAfterMs: 700 } });
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value.stopped).toBe('SIGINT to the loader 700 ms after it started');
    expect(run.value.exit).toEqual({ code: 0, signal: null });
    expect(run.value.durationMs).toBeGreaterThanOrEqual(700);
    expect(run.value.meta.some((m) => m.kind === 'signal' && /SIGINT/.test(m.text))).toBe(true);
    expect(run.value.strace.argv.slice(0, 10)).toEqual(['strace', '-f', '-T', '-v', '-X', 'abbrev', '-s', '4096', '-e', 'trace=bpf,perf_event_open,ioctl,close']);
  }, 30_000);
});

describe('runUnderStrace errors', () => {
  it('a loader that cannot be started is an strace error value with strace\'s message', async (ctx) => {
    const why = skipReason();
    if (why) ctx.skip(why);
    const run = await runUnderStrace({ command: ['/nonexistent/bpflc-loader'] });
    expect(run.ok).toBe(false);
    if (run.ok) return;
    expect(run.error.kind).toBe('strace');
    expect(run.error.kind === 'strace' ? run.error.stderr : '').toMatch(/nonexistent\/bpflc-loader/);
  });
});

describe('bpflc real --loader libbpf', () => {
  beforeAll(() => buildCli(), 60_000);

  it('--json prints the reference result of minimal\'s skeleton loader', (ctx) => {
    const why = skipReason();
    if (why) ctx.skip(why);
    const c = runBpflc(['real', example('minimal'), '--loader', 'libbpf', '--json']);
    expect(c.status, c.stderr).toBe(0);
    const r = JSON.parse(c.stdout) as ReferenceResult;
    expect(r.loader).toBe('libbpf');
    expect(r.programs.map((p) => [p.name, p.verdict])).toEqual([['handle_tp', 'accepted']]);
    expect(real(r).some((e) => e.cmd === 'BPF_LINK_CREATE' && e.ret >= 0)).toBe(true);
  }, 30_000);

  it('refuses an unknown loader and --attach with libbpf (usage, exit 2)', () => {
    expect(runBpflc(['real', example('minimal'), '--loader', 'bcc']).status).toBe(2);
    expect(runBpflc(['real', example('minimal'), '--loader', 'libbpf', '--attach']).status).toBe(2);
  });
});
