// Real kernel: every example object loaded by the agent's loader gets the verdict its meta.json expects (a
// rejected one with the kernel's own reason line), with images read back for accepted programs, a
// LifecycleResult of schema 1, and nothing left in the kernel once unloaded (bpftool as the witness).
import { describe, expect, it } from 'vitest';
import { toLifecycleResult, unload } from '../../../real-backend/src/loader/index.ts';
import { stillListed } from '../helpers/bpftool.ts';
import { bpftoolSkipReason, needBpf } from '../helpers/privilege.ts';
import { exampleObjects, listedNow, load, ownedIds } from './helpers.ts';

const examples = exampleObjects();

describe('agent loader: examples', () => {
  it('finds the examples', () => {
    expect(examples.map((e) => e.slug)).toEqual(expect.arrayContaining(['minimal', 'rejected', 'ringbuf', 'subprog-loop']));
  });

  for (const ex of examples) {
    it(`${ex.slug}: ${ex.meta.expectedVerdict}${ex.meta.rejectionReason ? ` (${ex.meta.rejectionReason})` : ''}, nothing left behind`, async (ctx) => {
      needBpf(ctx);
      const witness = bpftoolSkipReason();
      const { s, loaded } = await load(ex.path);
      const ids = ownedIds(loaded);
      const listed = witness ? undefined : listedNow(ids);
      const closed = unload(s, loaded);

      expect(loaded.programs.map((p) => p.name)).toEqual(ex.meta.programs.map((p) => p.name));
      for (const p of loaded.programs) {
        expect(p.section).toBe(ex.meta.programs.find((m) => m.name === p.name)?.section);
        expect(p.loadedAs).toBe('object');
        expect(p.verdict).toBe(ex.meta.expectedVerdict);
        if (p.verdict === 'rejected') {
          expect(p.reason).toBe(ex.meta.rejectionReason);
          expect(p.errno).toBe('EACCES');
          expect(p.log).toContain(ex.meta.rejectionReason);
        } else {
          expect(p.xlated?.length).toBeGreaterThan(0);
          expect(p.jited?.length).toBeGreaterThan(0);
          expect(p.verifiedInsns).toBeGreaterThan(0);
          expect(p.log).toMatch(/processed \d+ insns/);
        }
      }
      expect(loaded.objectFailure === undefined).toBe(ex.meta.expectedVerdict === 'accepted');

      const result = toLifecycleResult(loaded, s.events);
      expect(result).toMatchObject({ schema: 1, source: 'real', loader: 'agent', object: { sha256: loaded.sha256 } });
      expect(result.kernel).toMatch(/^\d+\.\d+/);
      for (const p of result.programs) {
        expect(p.insns.every((x) => /^[0-9a-f]{16}$/.test(x))).toBe(true);
        expect(p.xlated.length > 0).toBe(p.verdict === 'accepted');
      }
      // Every syscall of the load is in the trace, and every fd it opened was closed at the end.
      const opened = s.events.filter((e) => e.kind === 'syscall' && e.name === 'bpf' && e.ret >= 0 && ['BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_PROG_LOAD'].includes(e.cmd ?? ''));
      expect(closed).toBe(opened.length);
      expect(s.fds.size).toBe(0);

      expect(ids.progs.length).toBe(loaded.programs.filter((p) => p.verdict === 'accepted').length);
      expect(ids.maps.length).toBe(loaded.maps.length);
      expect(ids.btfs.length).toBe(1);
      if (listed) {
        // bpftool saw every object while loaded, and none of them once unloaded.
        expect(listed).toEqual(ids);
        expect(await stillListed(ids)).toEqual([]);
      }
    });
  }

  // clang's own objects, before `bpftool gen object` links them: DATASEC sizes and offsets are still 0 in their
  // BTF, so the loader's fix-ups are what makes the kernel accept it.
  for (const ex of examples) {
    it(`${ex.slug}: clang's object (.tmp.bpf.o) gets the same verdicts`, async (ctx) => {
      needBpf(ctx);
      const { s, loaded } = await load(ex.path.replace(/\.bpf\.o$/, '.tmp.bpf.o'));
      unload(s, loaded);
      expect(loaded.btfError).toBeUndefined();
      expect(loaded.programs.map((p) => [p.name, p.verdict, p.loadedAs])).toEqual(ex.meta.programs.map((p) => [p.name, ex.meta.expectedVerdict, 'object']));
    });
  }
});
