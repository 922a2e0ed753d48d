// The verifier-log syntax (kernel/bpf/disasm.c). Real dumps from the kernel are in tests/golden/disasm/kernel.
import { describe, expect, it } from 'vitest';
import { kernelInsnText } from '../../../sim/src/isa/print-kernel.ts';
import { bpftoolXlatedSymbolizer } from '../../../sim/src/isa/symbolizers.ts';

const k = (code: number, dst: number, src: number, off: number, imm: number, hiImm?: number) => kernelInsnText({ code, dst, src, off, imm, hiImm });

describe('kernel printer', () => {
  it('prints the classic forms', () => {
    expect(k(0x85, 0, 0, 0, 14)).toBe('(85) call bpf_get_current_pid_tgid#14');
    expect(k(0xb7, 0, 0, 0, 0)).toBe('(b7) r0 = 0');
    expect(k(0x7b, 10, 1, -8, 0)).toBe('(7b) *(u64 *)(r10 -8) = r1');
    expect(k(0x61, 1, 1, 0, 0)).toBe('(61) r1 = *(u32 *)(r1 +0)');
    expect(k(0xbf, 1, 10, 0, 0)).toBe('(bf) r1 = r10');
    expect(k(0x07, 1, 0, 0, -8)).toBe('(07) r1 += -8');
    expect(k(0x95, 0, 0, 0, 0)).toBe('(95) exit');
    expect(k(0x05, 0, 0, 3, 0)).toBe('(05) goto pc+3');
    expect(k(0x15, 1, 0, 2, 0)).toBe('(15) if r1 == 0x0 goto pc+2');
    expect(k(0x16, 1, 0, -2, -1)).toBe('(16) if w1 == 0xffffffff goto pc-2');
    expect(k(0x5d, 1, 0, 5, 0)).toBe('(5d) if r1 != r0 goto pc+5');
    expect(k(0x84, 3, 0, 0, 0)).toBe('(84) w3 = -w3');
    expect(k(0xdc, 1, 0, 0, 16)).toBe('(dc) r1 = be16 r1');
    expect(k(0x45, 1, 0, 2, 8)).toBe('(45) if r1 & 0x8 goto pc+2');
    expect(k(0x9f, 1, 2, 0, 0)).toBe('(9f) r1 %= r2');
    expect(k(0x30, 0, 0, 0, 12)).toBe('(30) r0 = *(u8 *)skb[12]');
    expect(k(0x48, 0, 3, 0, 2)).toBe('(48) r0 = *(u16 *)skb[r3 + 2]');
    expect(k(0x62, 10, 0, -4, 5)).toBe('(62) *(u32 *)(r10 -4) = 5');
  });
  it('prints atomics', () => {
    expect(k(0xc3, 1, 2, 0, 0x00)).toBe('(c3) lock *(u32 *)(r1 +0) += r2');
    expect(k(0xdb, 1, 2, 8, 0x40)).toBe('(db) lock *(u64 *)(r1 +8) |= r2');
    expect(k(0xc3, 1, 2, 0, 0x01)).toBe('(c3) r2 = atomic_fetch_add((u32 *)(r1 +0), r2)');
    expect(k(0xdb, 1, 2, -8, 0xa1)).toBe('(db) r2 = atomic64_fetch_xor((u64 *)(r1 -8), r2)');
    expect(k(0xdb, 1, 2, 0, 0xe1)).toBe('(db) r2 = atomic64_xchg((u64 *)(r1 +0), r2)');
    expect(k(0xc3, 1, 2, 0, 0xf1)).toBe('(c3) r0 = atomic_cmpxchg((u32 *)(r1 +0), r0, r2)');
    expect(k(0xdb, 1, 2, 0, 0x100)).toBe('(db) r1 = load_acquire((u64 *)(r2 +0))');
    expect(k(0xc3, 1, 2, 0, 0x110)).toBe('(c3) store_release((u32 *)(r1 +0), r2)');
    expect(k(0xdb, 1, 2, 0, 0xf0)).toBe('BUG_db');
  });
  it('prints cpu v4 forms as 6.18 does', () => {
    expect(k(0x3f, 1, 2, 1, 0)).toBe('(3f) r1 s/= r2');
    expect(k(0x94, 1, 0, 1, 7)).toBe('(94) w1 s%= 7');
    expect(k(0xbf, 1, 2, 16, 0)).toBe('(bf) r1 = (s16)r2');
    expect(k(0xbc, 1, 2, 8, 0)).toBe('(bc) w1 = (s8)w2');
    expect(k(0x81, 1, 2, -4, 0)).toBe('(81) r1 = *(s32 *)(r2 -4)');
    expect(k(0xd7, 1, 0, 0, 64)).toBe('(d7) r1 = bswap64 r1');
    expect(k(0x06, 0, 0, 0, -2)).toBe('(06) gotol pc-2');
    expect(k(0xe5, 0, 0, 3, 0)).toBe('(e5) may_goto pc+3');
    expect(k(0xbf, 1, 2, 1, 0x00010000)).toBe('(bf) r1 = addr_space_cast(r2, 1, 0)');
  });
  it('prints as an older disasm.c (bpftool 7.1 = Linux 6.2) what that version did not know', () => {
    const old = { version: [6, 2] as const };
    const o = (code: number, dst: number, src: number, off: number, imm: number) => kernelInsnText({ code, dst, src, off, imm }, undefined, old);
    expect(o(0xbf, 0, 0, -1, 0)).toBe('(bf) r0 = r0');
    expect(o(0x3f, 1, 2, 1, 0)).toBe('(3f) r1 /= r2');
    expect(o(0xbf, 1, 2, 16, 0)).toBe('(bf) r1 = r2');
    expect(o(0x81, 1, 2, -4, 0)).toBe('BUG_ldx_81');
    expect(o(0xd7, 1, 0, 0, 64)).toBe('BUG_alu64_d7');
    expect(o(0x06, 0, 0, 0, 5)).toBe('(06) if w0 jmp 0x5 goto pc+0');
    expect(o(0xe5, 0, 0, 3, 0)).toBe('(e5) if r0 (null) 0x0 goto pc+3');
    expect(o(0x85, 0, 2, 0, 1)).toBe('(85) call bpf_map_lookup_elem#1');
  });
  it('names calls: helpers by id, pseudo calls pc-relative, kfuncs and unknown ids', () => {
    expect(k(0x85, 0, 1, 0, 5)).toBe('(85) call pc+5');
    expect(k(0x85, 0, 2, 0, 1234)).toBe('(85) call kernel-function#1234');
    expect(k(0x85, 0, 0, 0, 999)).toBe('(85) call unknown#999');
    expect(k(0x85, 0, 0, 0, 6)).toBe('(85) call bpf_trace_printk#6');
  });
  it('prints ld_imm64 raw, hides pointers when asked, and takes a symbolizer', () => {
    expect(k(0x18, 1, 0, 0, -1, -1)).toBe('(18) r1 = 0xffffffffffffffff');
    expect(kernelInsnText({ code: 0x18, dst: 1, src: 1, off: 0, imm: 5, hiImm: 0 }, undefined, { allowPtrLeaks: false })).toBe('(18) r1 = 0x0');
    const bt = bpftoolXlatedSymbolizer((imm) => (imm === 269056 ? 'bpf_get_current_pid_tgid' : undefined));
    expect(kernelInsnText({ code: 0x18, dst: 1, src: 2, off: 0, imm: 140, hiImm: 0 }, bt)).toBe('(18) r1 = map[id:140][0]+0');
    expect(kernelInsnText({ code: 0x18, dst: 1, src: 1, off: 0, imm: 7, hiImm: 0 }, bt)).toBe('(18) r1 = map[id:7]');
    expect(kernelInsnText({ code: 0x85, dst: 0, src: 0, off: 0, imm: 269056 }, bt)).toBe('(85) call bpf_get_current_pid_tgid#269056');
  });
});
