// alignEvents on real captures: two runs of one loader align with no difference; the libbpf skeleton loader and
// bpftool (both libbpf 1.1, same minimal.bpf.o) differ in known ways, each labelled; plus small hand-made cases.
import { describe, expect, it } from 'vitest';
import { alignEvents, alignTraces, normalizeTrace, type Alignment, type NormalizedEvent, type SyscallEvent } from '@bpflc/sim';
import { parsed, pidsOf } from './captures.ts';

const norm = (name: string): NormalizedEvent[] => normalizeTrace(parsed(name).events, { pids: pidsOf(parsed(name)) });
const what = (e: NormalizedEvent): string => (e.kind === 'syscall' ? e.cmd ?? e.name : e.name);

describe('align: two runs of the same loader', () => {
  it.each([['minimal-skel-1', 'minimal-skel-2'], ['bpftool-minimal-1', 'bpftool-minimal-2']])('%s vs %s: every event the same', (a, b) => {
    const al = alignEvents(norm(a), norm(b));
    expect(al.counts).toEqual({ same: parsed(a).events.length, changed: 0, onlyA: 0, onlyB: 0 });
    expect(al.rows.every((r) => r.kind === 'same' && r.ai === r.bi)).toBe(true);
  });
});

describe('align: libbpf skeleton loader (a) vs bpftool prog loadall (b), minimal.bpf.o', () => {
  const a = norm('minimal-skel-1');
  const b = norm('bpftool-minimal-1');
  const al: Alignment = alignEvents(a, b);
  const changed = al.rows.flatMap((r) => (r.kind === 'changed' ? [r] : []));
  const diffs = changed.flatMap((r) => r.diffs);

  it('pairs the object\'s own load: BTF, both global-data maps, the program', () => {
    const paired = al.rows.flatMap((r) => (r.kind === 'same' || r.kind === 'changed' ? [a[r.ai]!] : []));
    const real = paired.filter((e) => e.kind === 'syscall' && e.note === undefined && e.name === 'bpf').map(what);
    expect(real).toEqual(['BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_CREATE', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_FREEZE', 'BPF_PROG_LOAD', 'BPF_PROG_BIND_MAP']);
  });

  it('difference 1: map names carry the object name (skeleton "minimal_bpf" → "minimal_", file "minimal.bpf.o" → "minimal")', () => {
    expect(diffs.filter((d) => d.path === 'args.map_name').map((d) => [d.a, d.b])).toEqual([
      ['minimal_.bss', 'minimal.bss'],
      ['minimal_.rodata', 'minimal.rodata'],
    ]);
    // …so every call passing those maps differs by fd symbol only
    const allowed = new Set(['args.map_name', 'args.map_flags', 'ret', 'args.map_fd', 'args.insns[2].imm', 'args.insns[6].imm', 'args.fd']);
    expect(diffs.filter((d) => !allowed.has(d.path))).toEqual([]);
  });

  it('difference 2: bpftool\'s built-in libbpf makes .rodata BPF_F_MMAPABLE, Debian\'s libbpf 1.1.2 does not (no global variable in it)', () => {
    expect(diffs.filter((d) => d.path === 'args.map_flags')).toEqual([
      { path: 'args.map_flags', a: 'BPF_F_RDONLY_PROG', b: 'BPF_F_RDONLY_PROG|BPF_F_MMAPABLE' },
    ]);
  });

  it('difference 3: only the skeleton attaches and detaches; only bpftool pins', () => {
    const onlyA = al.rows.flatMap((r) => (r.kind === 'only-in-a' ? [{ what: what(a[r.ai]!), reason: r.reason }] : []));
    const onlyB = al.rows.flatMap((r) => (r.kind === 'only-in-b' ? [{ what: what(b[r.bi]!), reason: r.reason }] : []));
    expect(new Set(onlyA.map((x) => x.what))).toEqual(new Set(['close', 'perf_event_open', 'BPF_PROG_LOAD', 'BPF_LINK_CREATE', 'PERF_EVENT_IOC_ENABLE', 'PERF_EVENT_IOC_DISABLE']));
    expect(new Set(onlyB.map((x) => x.what))).toEqual(new Set(['BPF_PROG_LOAD', 'close', 'BPF_OBJ_PIN']));
    expect(onlyB.find((x) => x.what === 'BPF_OBJ_PIN')!.reason).toMatch(/^pins the program in bpffs/);
    expect(onlyA.filter((x) => x.what === 'BPF_LINK_CREATE').map((x) => x.reason)).toEqual(['feature probe', expect.stringMatching(/^attach\/detach/)]);
  });

  it('difference 4: feature probes and fds of untraced opens differ in number and order; each is labelled', () => {
    const only = al.rows.flatMap((r) => (r.kind === 'only-in-a' ? [r.reason] : r.kind === 'only-in-b' ? [r.reason] : []));
    expect(only.every((reason) => reason !== undefined)).toBe(true);
    expect(only.filter((r) => r!.startsWith('feature probe')).length).toBeGreaterThanOrEqual(5);
    expect(only.filter((r) => r!.startsWith('closes an fd opened by a call the trace does not show')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('align: hand-made cases', () => {
  const ev = (seq: number, cmd: string, args: SyscallEvent['args'], ret = 0, errno?: string): SyscallEvent =>
    ({ seq, stage: 'prog_load', source: 'sim', kind: 'syscall', name: 'bpf', cmd, args, ret, ...(errno ? { errno } : {}) });

  it('reports a changed argument with both values and a changed outcome', () => {
    const al = alignTraces(
      [ev(0, 'BPF_PROG_LOAD', { prog_name: 'p', insn_cnt: 13, license: 'GPL' }, 3)],
      [ev(0, 'BPF_PROG_LOAD', { prog_name: 'p', insn_cnt: 12, license: 'GPL' }, -1, 'EACCES')],
    );
    expect(al.rows).toEqual([{ kind: 'changed', ai: 0, bi: 0, diffs: [
      { path: 'args.insn_cnt', a: 13, b: 12 },
      { path: 'ret', a: 'fd<prog:p>', b: -1 },
      { path: 'errno', b: 'EACCES' },
    ] }]);
  });

  it('treats a string strace truncated as equal to its full value, and honours ignore', () => {
    const full = ev(0, 'BPF_BTF_LOAD', { btf: 'abcdef', btf_size: 6, kern_version: 'KERNEL_VERSION(6, 1, 0)' }, 3);
    const cut = ev(0, 'BPF_BTF_LOAD', { btf: 'abc\u2026', btf_size: 6, kern_version: 'KERNEL_VERSION(6, 18, 44)' }, 3);
    expect(alignTraces([full], [cut]).rows[0]).toMatchObject({ kind: 'changed', diffs: [{ path: 'args.kern_version' }] });
    expect(alignTraces([full], [cut], { ignore: ['args.kern_version'] }).rows[0]!.kind).toBe('same');
  });

  it('pairs by identity first, so an inserted probe is only-in-b rather than shifting everything', () => {
    const a = [ev(0, 'BPF_MAP_CREATE', { map_name: 'm' }, 3), ev(1, 'BPF_PROG_LOAD', { prog_name: 'p' }, 4)];
    const b = [ev(0, 'BPF_MAP_CREATE', { map_name: 'm' }, 3), { ...ev(1, 'BPF_PROG_LOAD', { prog_name: '' }, 4), note: 'feature probe' }, ev(2, 'BPF_PROG_LOAD', { prog_name: 'p' }, 5)];
    expect(alignTraces(a, b).rows.map((r) => r.kind)).toEqual(['same', 'only-in-b', 'same']);
    expect(alignTraces(a, b).rows[1]).toMatchObject({ reason: 'feature probe' });
  });
});
