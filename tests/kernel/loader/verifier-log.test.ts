// Real kernel: the verifier log at the level asked. Level 2 logs every instruction's state; a buffer too small
// for it makes the kernel answer ENOSPC (6.4+: with log_true_size), and the loader grows it and loads again,
// so the log that comes back is whole. The count the log ends with equals verified_insns read back.
import { describe, expect, it } from 'vitest';
import type { SyscallEvent } from '@bpflc/sim/trace/schema';
import { processedInsns, unload, verifierReason } from '../../../real-backend/src/loader/index.ts';
import { needBpf } from '../helpers/privilege.ts';
import { exampleObjects, load } from './helpers.ts';

const ex = (slug: string) => exampleObjects().find((e) => e.slug === slug)!.path;

describe('agent loader: verifier log', () => {
  it('level 1: the verdict path; processed insns = verified_insns', async (ctx) => {
    needBpf(ctx);
    const { s, loaded } = await load(ex('subprog-loop'), { logLevel: 1 });
    unload(s, loaded);
    const p = loaded.programs[0]!;
    expect(p).toMatchObject({ verdict: 'accepted', logLevel: 1, loadAttempts: 1 });
    expect(processedInsns(p.log)).toBe(p.verifiedInsns);
    const load1 = s.events.find((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD');
    expect(load1).toMatchObject({ args: { log_level: 1, log_size: 64 * 1024 } });
  });

  it('level 2 with a 256-byte first buffer: ENOSPC, a bigger buffer, the whole log', async (ctx) => {
    needBpf(ctx);
    const { s, loaded } = await load(ex('subprog-loop'), { logLevel: 2, logSize: 256 });
    unload(s, loaded);
    const p = loaded.programs[0]!;
    expect(p).toMatchObject({ verdict: 'accepted', logLevel: 2 });
    expect(p.loadAttempts).toBeGreaterThan(1);
    const loads = s.events.filter((e): e is SyscallEvent => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD');
    expect(loads.length).toBe(p.loadAttempts);
    expect(loads[0]).toMatchObject({ ret: -1, errno: 'ENOSPC', args: { log_level: 2, log_size: 256 } });
    expect(loads.at(-1)!.ret).toBeGreaterThan(0);
    // 6.4+ says how much it needed; the last buffer was that big and the log fills it but for the NUL.
    expect(p.logTrueSize).toBe(p.log.length + 1);
    // Level 2 prints the state at every instruction and the paths it walks, more than level 1's summary.
    expect(p.log).toMatch(/^from \d+ to \d+:/m);
    expect(processedInsns(p.log)).toBe(p.verifiedInsns);
  });

  it('level 2 on a rejected program still ends with the reason line', async (ctx) => {
    needBpf(ctx);
    const { s, loaded } = await load(ex('rejected'), { logLevel: 2 });
    unload(s, loaded);
    const p = loaded.programs[0]!;
    expect(p.verdict).toBe('rejected');
    expect(verifierReason(p.log)).toBe(exampleObjects().find((e) => e.slug === 'rejected')!.meta.rejectionReason);
  });
});
