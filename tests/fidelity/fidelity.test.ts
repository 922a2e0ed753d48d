// The fidelity run as a test: every object loaded for real (bpftool 7.1 = libbpf 1.1 `prog loadall` under
// strace, read back with bpftool show), each simulated stage's fields compared with the sim's ObjectSpec,
// the table printed at the end (the same one `npm run fidelity` prints). Any disagreement in a simulated
// stage fails that object's test; stages not simulated yet only report counts. Needs root, bpftool, strace.
import { describe, expect, it } from 'vitest';
import { possibleCpus } from '../golden/object/witness/bpftool-live.ts';
import { fidelityObjects, fidelityReport, fidelitySkipReason, formatReport, objectFidelity, type ObjectFidelity } from './fidelity.ts';

const skip = fidelitySkipReason();
if (skip) console.warn(`tests/fidelity: ${skip}`);

describe.skipIf(skip !== undefined)('fidelity: sim vs the real load, per stage', () => {
  const results: ObjectFidelity[] = [];
  const nCpus = skip ? 0 : possibleCpus();
  for (const o of fidelityObjects()) {
    it(o.rel, () => {
      const f = objectFidelity(o, nCpus);
      results.push(f);
      expect(f.outcome).not.toBe('loaded-unexpectedly');
      expect(f.disagreements).toEqual([]);
      expect(f.details).toEqual([]);
      // Something was compared (a refusal counts once at open), unless the witness has nothing to offer.
      if (!f.uncompared) expect(f.stages.open.compared).toBeGreaterThan(0);
    });
  }
  it('prints the table, every stage with items', () => {
    const r = fidelityReport(results);
    console.log(formatReport(r));
    expect(r.rows.map((x) => x.stage)).toEqual(['open', 'btf_load', 'map_create', 'relocate', 'prog_load', 'verify', 'jit', 'attach', 'run', 'detach']);
    for (const row of r.rows) expect(row.simulated ? row.compared : (row.waiting ?? 0)).toBeGreaterThan(0);
    expect(r.disagreements).toEqual([]);
  });
});
