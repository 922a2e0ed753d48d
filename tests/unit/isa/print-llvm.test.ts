// Facts about llvm-objdump 14.0.6 (each checked against the real tool when this was written; the golden
// test tests/golden/disasm re-checks whole objects, including a sweep of every opcode byte).
import { describe, expect, it } from 'vitest';
import { llvmDecode, llvmInsnText } from '../../../sim/src/isa/print-llvm.ts';

const t = (code: number, dst: number, src: number, off: number, imm: number, hi?: number) => llvmInsnText({ code, dst, src, off, imm, hiImm: hi });

describe('llvm printer (LLVM 14 BPFInstPrinter)', () => {
  it('prints ALU with r/w registers and signed decimal immediates', () => {
    expect(t(0x07, 2, 0, 0, -4)).toBe('r2 += -4');
    expect(t(0x0c, 1, 2, 0, 0)).toBe('w1 += w2');
    expect(t(0xb4, 1, 0, 0, -1)).toBe('w1 = -1');
    expect(t(0xc7, 1, 0, 0, 34)).toBe('r1 s>>= 34');
    expect(t(0x84, 1, 0, 0, 0)).toBe('w1 = -w1');
    expect(t(0xdc, 1, 0, 0, 16)).toBe('r1 = be16 r1');
  });
  it('prints memory operands with " + " / " - "', () => {
    expect(t(0x61, 1, 2, -4, 0)).toBe('r1 = *(u32 *)(r2 - 4)');
    expect(t(0x7b, 10, 1, 0, 0)).toBe('*(u64 *)(r10 + 0) = r1');
    expect(t(0x20, 0, 0, 0, -1)).toBe('r0 = *(u32 *)skb[-1]');
    expect(t(0x48, 0, 3, 0, 9)).toBe('r0 = *(u16 *)skb[r3]');
  });
  it('prints ld_imm64 as a signed 64-bit decimal with " ll"', () => {
    expect(t(0x18, 1, 0, 0, 7, 9)).toBe('r1 = 38654705671 ll');
    expect(t(0x18, 1, 0, 0, -1, -1)).toBe('r1 = -1 ll');
    expect(t(0x18, 1, 2, 0, -7, 0)).toBe('ld_pseudo\tr1, 2, 4294967289');
    expect(llvmDecode(0x18, 1, 0, 0, 7, undefined)).toEqual({ ok: false, size: 1 });
    expect(llvmDecode(0x18, 1, 0, 5, 7, 0)).toEqual({ ok: false, size: 8 });
  });
  it('prints jumps with a signed offset and reports the branch', () => {
    expect(llvmDecode(0x5d, 1, 6, 12, 0, undefined)).toEqual({ ok: true, text: 'if r1 != r6 goto +12', size: 8, branchOff: 12 });
    expect(t(0x16, 1, 0, -7, -1)).toBe('if w1 == -1 goto -7');
    expect(t(0x05, 0, 0, 0, 0)).toBe('goto +0');
    expect(llvmDecode(0x85, 0, 1, 0, -1, undefined)).toEqual({ ok: true, text: 'call -1', size: 8, branchOff: undefined });
    expect(t(0x8d, 0, 0, 0, 4)).toBe('callx r4');
  });
  it('follows LLVM 14 atomics: imm bits 7-0 decide, 32-bit only has the plain add', () => {
    expect(t(0xdb, 1, 2, 0, 0x01)).toBe('r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)');
    expect(t(0xdb, 1, 2, 0, 0x42)).toBe('lock *(u64 *)(r1 + 0) |= r2');
    expect(t(0xdb, 1, 2, 0, 0xe1)).toBe('r2 = xchg_64(r1 + 0, r2)');
    expect(t(0xdb, 1, 2, 0, 0xf1)).toBe('r0 = cmpxchg_64(r1 + 0, r0, r2)');
    expect(t(0xc3, 1, 2, 0, 0x01)).toBe('lock *(u32 *)(r1 + 0) += r2');
    expect(t(0xc3, 1, 2, 0, 0x41)).toBe('<unknown>');
  });
  it('has no instruction for what LLVM 14 lacks, and no register past r11', () => {
    for (const code of [0x97, 0x9f, 0x45, 0x4d, 0x62, 0x81, 0xd7, 0x06, 0xe5]) expect(t(code, 1, 2, 1, 16)).toBe('<unknown>');
    expect(t(0x07, 11, 0, 0, 0)).toBe('r11 += 0');
    expect(t(0x07, 12, 0, 0, 0)).toBe('<unknown>');
    expect(t(0x07, 1, 15, 3, 0)).toBe('r1 += 0');
    expect(t(0x95, 0, 0, 0, 1)).toBe('<unknown>');
  });
});
