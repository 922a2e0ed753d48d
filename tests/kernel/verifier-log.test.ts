// Real kernel: programs the verifier rejects, with their log at level 1 and 2, and the log buffer grown on ENOSPC.
import { afterAll, describe, expect, it } from 'vitest';
import { KernelSession, closeAll, progLoad } from '../../real-backend/src/kernel/index.ts';
import { addImm, exit, movImm, movReg, program, stxDw } from './helpers/asm.ts';
import { needBpf } from './helpers/privilege.ts';

const s = new KernelSession();
afterAll(() => {
  closeAll(s);
});

const readsUninitR2 = program(movReg(0, 2), exit()); // r0 = r2; exit      (r2 never written)
const writesAboveFp = program(movImm(1, 0), stxDw(10, 1, 8), movImm(0, 0), exit()); // *(u64 *)(r10 + 8) = r1

// A longer accepted program: many register moves, so a level-2 log (one state line per insn) outgrows 128 bytes.
const busy = program(...Array.from({ length: 40 }, (_, i) => addImm(0, i)), exit());
const busyWithInit = Buffer.concat([movImm(0, 0), busy]);

describe('verifier rejections and logs', () => {
  it('rejects a read of uninitialized r2 with EACCES; the level-1 log names the register', (ctx) => {
    needBpf(ctx);
    const r = progLoad(s, { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insns: readsUninitR2, license: 'GPL' }, { logLevel: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.error).toMatchObject({ kind: 'errno', errnoName: 'EACCES', cmd: 'BPF_PROG_LOAD' });
    expect(r.error.error.message).toMatch(/verifier rejected/);
    expect(r.error.log).toMatch(/R2 !read_ok/);
    expect(r.error.log).toMatch(/0: \(bf\) r0 = r2/);
    expect(r.error.attempts).toBe(1);
    const ev = r.error.error.kind === 'errno' ? r.error.error.event : undefined;
    expect(ev).toMatchObject({ ret: -1, errno: 'EACCES', args: { log_level: 1, log_size: 64 * 1024 } });
    // Since 6.4 the kernel reports the log's full size (text + NUL) even on failure.
    expect(ev?.out?.log_true_size).toBe(r.error.log.length + 1);
  });

  it('rejects a stack write above the frame pointer; level 2 says all of level 1 and more', (ctx) => {
    needBpf(ctx);
    const l1 = progLoad(s, { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insns: writesAboveFp, license: 'GPL' }, { logLevel: 1 });
    const l2 = progLoad(s, { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insns: writesAboveFp, license: 'GPL' }, { logLevel: 2 });
    expect(l1.ok || l2.ok).toBe(false);
    if (l1.ok || l2.ok) return;
    for (const r of [l1, l2]) {
      expect(r.error.error).toMatchObject({ errnoName: 'EACCES' });
      expect(r.error.log).toMatch(/invalid write to stack R10 off=8 size=8/);
    }
    // Level 2 says everything level 1 says, and more (on 6.18 a liveness table first: "Live regs before insn").
    for (const line of l1.error.log.split('\n').filter(Boolean)) expect(l2.error.log).toContain(line);
    expect(l2.error.log.length).toBeGreaterThan(l1.error.log.length);
  });

  it('grows the log buffer on ENOSPC: level 2 into 128 bytes, then the size the kernel asked for', (ctx) => {
    needBpf(ctx);
    const before = s.events.length;
    const r = progLoad(s, { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insns: busyWithInit, license: 'GPL' }, { logLevel: 2, logSize: 128 });
    if (!r.ok) throw new Error(`${r.error.error.message}\n${r.error.log}`);
    const loads = s.events.slice(before).filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD');
    expect(r.value.attempts).toBeGreaterThanOrEqual(2);
    expect(loads.length).toBe(r.value.attempts);
    expect(loads[0]).toMatchObject({ ret: -1, errno: 'ENOSPC', args: { log_size: 128 } });
    expect(loads.at(-1)).toMatchObject({ ret: r.value.fd });
    expect(r.value.logSizes[0]).toBe(128);
    // The retry used exactly the size the kernel reported (log_true_size, 6.4+), and the whole log fit.
    const needed = loads[0]?.kind === 'syscall' ? loads[0].out?.log_true_size : undefined;
    expect(r.value.logSizes[1]).toBe(needed);
    expect(r.value.log.length + 1).toBe(needed);
    expect(r.value.log).toMatch(/processed 42 insns/);
  });
});
