// Real kernel: an object whose first program cannot pass (tests/programs/c/good-and-bad.bpf.c: its CO-RE
// relocation has no match in vmlinux, so it is poisoned as libbpf poisons it, and the verifier refuses the
// call to helper 195896080) and whose second program is fine. libbpf's whole-object load stops at the first;
// the agent reports both: `bad` rejected with the whole object, `good` accepted when loaded on its own.
import { afterAll, describe, expect, it } from 'vitest';
import { POISON_HELPER_ID, toLifecycleResult, unload } from '../../../real-backend/src/loader/index.ts';
import { needBpf, vmlinuxBtfSkipReason } from '../helpers/privilege.ts';
import { load, programObject, type Load } from './helpers.ts';

let l: Load | undefined;
afterAll(() => {
  if (l) unload(l.s, l.loaded);
});

describe('agent loader: one good and one rejected program', () => {
  it('gives each program its verdict, log and images, marked with how it was loaded', async (ctx) => {
    needBpf(ctx);
    const why = vmlinuxBtfSkipReason();
    if (why) ctx.skip(why);
    l = await load(programObject('good-and-bad'));
    const [bad, good] = l.loaded.programs;

    expect(bad).toMatchObject({ name: 'bad', verdict: 'rejected', loadedAs: 'object', errno: 'EINVAL', reason: `invalid func unknown#${POISON_HELPER_ID}` });
    expect(bad!.log).toContain(`1: (85) call unknown#${POISON_HELPER_ID}`);
    // The poisoned slot, as the agent sent it: call 0xbad2310.
    expect(bad!.insns.subarray(8, 16).toString('hex')).toBe(`85000000${Buffer.from([0x10, 0x23, 0xad, 0x0b]).toString('hex')}`);
    expect(bad!.xlated).toBeUndefined();

    expect(good).toMatchObject({ name: 'good', verdict: 'accepted', loadedAs: 'alone', maps: ['c_good_a.bss'] });
    expect(good!.xlated!.length).toBeGreaterThan(0);
    expect(good!.jited!.length).toBeGreaterThan(0);
    expect(good!.verifiedInsns).toBeGreaterThan(0);
    expect(l.loaded.objectFailure).toMatchObject({ stage: 'prog_load', at: 'bad' });

    // The trace says why: the poisoned relocation, then the fallback before `good`'s own load.
    const steps = l.s.events.filter((e) => e.kind === 'step');
    expect(steps.find((e) => e.name === 'core')).toMatchObject({ stage: 'relocate', data: { program: 'bad', insn: 1, result: 'poisoned' } });
    const fallback = l.s.events.findIndex((e) => e.kind === 'step' && e.name === 'fallback');
    const goodLoad = l.s.events.findIndex((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD' && e.args.prog_name === 'good');
    const badLoad = l.s.events.findIndex((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD' && e.args.prog_name === 'bad');
    expect(badLoad).toBeGreaterThanOrEqual(0);
    expect(fallback).toBeGreaterThan(badLoad);
    expect(goodLoad).toBeGreaterThan(fallback);

    const json = toLifecycleResult(l.loaded, l.s.events);
    expect(json.programs.map((p) => [p.name, p.verdict, p.loadedAs])).toEqual([['bad', 'rejected', 'object'], ['good', 'accepted', 'alone']]);
    expect(json.objectFailure?.at).toBe('bad');
  });
});
