// ObjectSpec vs the kernel, through the real tools: `bpftool prog loadall` (bpftool 7.1, libbpf 1.1 as in
// the Linux 6.1 tree) loads each object, under strace; the programs and maps it leaves behind are read
// back with `bpftool -j prog show` / `map show` and compared (names, types, key/value sizes, max_entries,
// flags, frozen), and every BPF_MAP_CREATE / BPF_PROG_LOAD libbpf issued is compared too (with BTF ids,
// prog_flags, expected attach types; this also covers objects that fail to load). Needs root; says why not.
// bpftool's libbpf predates libbpf 1.1.0's rule for BPF_F_MMAPABLE, so the spec is read with mmapable: 'always'.
import { afterAll, describe, expect, it } from 'vitest';
import { allObjects, readSpec } from './objects.ts';
import { hasStrace, liveSkipReason, loadAll, possibleCpus } from './witness/bpftool-live.ts';
import { compareReadWithLive, type Agreement } from './witness/compare.ts';

const skip = liveSkipReason();
if (skip) console.warn(`tests/golden/object/live: ${skip}`);

describe.skipIf(skip !== undefined)('ObjectSpec vs bpftool prog loadall (live kernel)', () => {
  const sum = { bpftool: { p: 0, pa: 0, m: 0, ma: 0 }, strace: { p: 0, pa: 0, m: 0, ma: 0 }, outcomes: new Map<string, number>() };
  const rows: string[] = [];
  const ratio = (a: Agreement | undefined): string => (a ? `${a.maps.agree}/${a.maps.total} maps, ${a.programs.agree}/${a.programs.total} programs` : '-');
  const add = (k: 'bpftool' | 'strace', a: Agreement | undefined) => {
    if (!a) return;
    sum[k].p += a.programs.total;
    sum[k].pa += a.programs.agree;
    sum[k].m += a.maps.total;
    sum[k].ma += a.maps.agree;
  };
  const nCpus = skip ? 0 : possibleCpus();
  for (const o of allObjects()) {
    it(o.rel, () => {
      const a = compareReadWithLive(readSpec(o.path, { mmapable: 'always' }), loadAll(o.path), nCpus);
      sum.outcomes.set(a.outcome, (sum.outcomes.get(a.outcome) ?? 0) + 1);
      add('bpftool', a.bpftool);
      add('strace', a.strace);
      rows.push(`  ${o.rel}: ${a.outcome}; bpftool ${ratio(a.bpftool)}; strace ${ratio(a.strace)}${a.notAttempted.length ? `; ${a.notAttempted.length} never tried after the first failure` : ''}`);
      expect(a.outcome).not.toBe('loaded-unexpectedly');
      if (a.outcome === 'loaded') expect(a.notAttempted).toEqual([]);
      expect([...(a.bpftool?.diffs ?? []), ...(a.strace?.diffs ?? [])]).toEqual([]);
    });
  }
  afterAll(() => {
    const { bpftool: b, strace: s } = sum;
    console.log(
      `${rows.join('\n')}\nlive: bpftool show ${b.pa}/${b.p} programs, ${b.ma}/${b.m} maps; ` +
        (hasStrace() ? `strace BPF_PROG_LOAD ${s.pa}/${s.p}, BPF_MAP_CREATE ${s.ma}/${s.m}; ` : 'strace not installed; ') +
        `outcomes ${[...sum.outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
  });
});
