// ObjectSpec vs libbpf's own open phase: witness/libbpf-open.c, linked against the installed libbpf
// (libbpf1 1.1.2), opens each object with bpf_object__open_file() and prints every program and map field
// libbpf exposes. No privileges needed: nothing reaches the kernel. Objects the spec says libbpf refuses
// (a legacy `maps` section) must be refused.
import { afterAll, describe, expect, it } from 'vitest';
import { libbpfErrnoValue } from '@bpflc/sim';
import { allObjects, predictedRefusal, readSpec } from './objects.ts';
import { libbpfOpen, libbpfOpenWitness } from './witness/libbpf-open.ts';
import { compareWithLibbpfOpen } from './witness/compare.ts';

const witness = libbpfOpenWitness();
if (witness.reason) console.warn(`tests/golden/object/libbpf-open: skipped: ${witness.reason}`);

describe.skipIf(!witness.bin)('ObjectSpec vs bpf_object__open_file (installed libbpf)', () => {
  const total = { programs: 0, programsAgree: 0, maps: 0, mapsAgree: 0, refused: 0 };
  for (const o of allObjects()) {
    it(o.rel, () => {
      const r = readSpec(o.path);
      const w = libbpfOpen(witness.bin!, o.path);
      const predicted = predictedRefusal(r);
      if (predicted.length) {
        // Refused by both, and for one of the reasons the reader gives (libbpf stops at the first it meets).
        expect(predicted.map(libbpfErrnoValue), `libbpf answered ${w.error}; the reader predicts ${predicted.join(' or ')}`).toContain(w.error);
        total.refused++;
        return;
      }
      expect(w.error, 'libbpf refuses an object the reader accepts').toBe(0);
      if (!r.ok) return;
      const a = compareWithLibbpfOpen(r.value, w);
      total.programs += a.programs.total;
      total.programsAgree += a.programs.agree;
      total.maps += a.maps.total;
      total.mapsAgree += a.maps.agree;
      expect(a.diffs).toEqual([]);
    });
  }
  afterAll(() => console.log(`libbpf open: ${total.programsAgree}/${total.programs} programs, ${total.mapsAgree}/${total.maps} maps agree; ${total.refused} object(s) refused with the predicted error`));
});
