// The encoder is the printer's inverse, over the whole opcode space: every (opcode, fields) that LLVM 14's
// printer decodes prints a text that parses and encodes back to bytes printing the same text, and whose
// meaning (classify()) is what the parser said. Then the syntax LLVM 14 cannot print (mod, jset, BPF_ST,
// 32-bit atomics, cpu v4, may_goto, ...), checked against bytes from the ISA document and the kernel
// verifier-log printer (print-kernel.ts), an independent reading of the same bits.
import { describe, expect, it } from 'vitest';
import { classify, encodeInsn, insnBytes, kernelInsnText, lexAsm, llvmDecode, parseAsmInsn, readFields } from '@bpflc/sim';
import { hex } from './helpers.ts';

function parseLine(text: string, maxReg = 10) {
  const l = lexAsm(text, 1, maxReg);
  if (!l.ok) throw new Error(`${text}: ${l.message}`);
  return parseAsmInsn(l.toks);
}

function encodeLine(text: string, maxReg = 10): Uint8Array {
  const p = parseLine(text, maxReg);
  const e = encodeInsn(p.form, p.ops);
  if (!e) throw new Error(`${text}: no encoding`);
  return insnBytes(e);
}

describe('every instruction LLVM 14 prints assembles back to the same text', () => {
  it('sweeps 256 opcodes × register, offset and immediate variants', () => {
    let decoded = 0;
    const failures: string[] = [];
    for (let code = 0; code < 256; code++) {
      for (const dst of [0, 1, 10, 11])
        for (const src of [0, 3, 10])
          for (const off of [0, -4, 7, 0x7fff])
            for (const imm of [0, -1, 1, 16, 32, 64, 0x7fffffff, -0x80000000])
              for (const hi of [0, 5]) {
                const d = llvmDecode(code, dst, src, off, imm, hi);
                if (!d.ok) continue;
                decoded++;
                try {
                  const p = parseLine(d.text, 11);
                  const e = encodeInsn(p.form, p.ops);
                  if (!e) throw new Error('no encoding');
                  const again = llvmDecode(e.code, e.dst, e.src, e.off, e.imm, e.hiImm);
                  if (!again.ok || again.text !== d.text) throw new Error(`re-encoded as ${hex(insnBytes(e))} → ${again.ok ? again.text : '<unknown>'}`);
                  // The parser's meaning is the decoder's meaning of the bytes it produced.
                  const form = classify(e, e.hiImm);
                  expect(form).toEqual(p.form);
                } catch (err) {
                  if (failures.length < 10) failures.push(`${code.toString(16)}/${dst}/${src}/${off}/${imm}: ${d.text}: ${(err as Error).message}`);
                }
              }
    }
    expect(failures).toEqual([]);
    expect(decoded).toBeGreaterThan(50_000);
  });
});

// [text, bytes (bpfel, from the ISA document's encoding), the kernel verifier-log text of those bytes]
const EXTENDED: ReadonlyArray<[string, string, string]> = [
  ['r1 %= r2', '9f21000000000000', '(9f) r1 %= r2'],
  ['w1 %= 1000', '94010000e8030000', '(94) w1 %= 1000'],
  ['r1 s/= r2', '3f21010000000000', '(3f) r1 s/= r2'],
  ['w1 s%= 3', '9401010003000000', '(94) w1 s%= 3'],
  ['r1 = (s8)r2', 'bf21080000000000', '(bf) r1 = (s8)r2'],
  ['r1 = (s32)r2', 'bf21200000000000', '(bf) r1 = (s32)r2'],
  ['w1 = (s16)w2', 'bc21100000000000', '(bc) w1 = (s16)w2'],
  ['r1 = *(s8 *)(r2 - 1)', '9121ffff00000000', '(91) r1 = *(s8 *)(r2 -1)'],
  ['r1 = bswap16 r1', 'd701000010000000', '(d7) r1 = bswap16 r1'],
  ['if r1 & 8 goto +1', '4501010008000000', '(45) if r1 & 0x8 goto pc+1'],
  ['if w1 & w2 goto -2', '4e21feff00000000', '(4e) if w1 & w2 goto pc-2'],
  ['*(u64 *)(r1 + 0) = 5', '7a01000005000000', '(7a) *(u64 *)(r1 +0) = 5'],
  ['*(u16 *)(r10 - 2) = -1', '6a0afeffffffffff', '(6a) *(u16 *)(r10 -2) = -1'],
  ['lock *(u32 *)(r1 + 0) |= w5', 'c351000040000000', '(c3) lock *(u32 *)(r1 +0) |= r5'],
  ['w4 = atomic_fetch_and((u32 *)(r1 + 0), w4)', 'c341000051000000', '(c3) r4 = atomic_fetch_and((u32 *)(r1 +0), r4)'],
  ['w4 = xchg32_32(r1 + 0, w4)', 'c3410000e1000000', '(c3) r4 = atomic_xchg((u32 *)(r1 +0), r4)'],
  ['w0 = cmpxchg32_32(r1 + 0, w0, w4)', 'c3410000f1000000', '(c3) r0 = atomic_cmpxchg((u32 *)(r1 +0), r0, r4)'],
  ['r0 = load_acquire((u64 *)(r1 + 8))', 'db10080000010000', '(db) r0 = load_acquire((u64 *)(r1 +8))'],
  ['store_release((u32 *)(r1 + 0), r2)', 'c321000010010000', '(c3) store_release((u32 *)(r1 +0), r2)'],
  ['gotol +70000', '0600000070110100', '(06) gotol pc+70000'],
  ['may_goto +2', 'e500020000000000', '(e5) may_goto pc+2'],
  ['call pc+2', '8510000002000000', '(85) call pc+2'],
  ['r1 = addr_space_cast(r2, 0, 1)', 'bf21010001000000', '(bf) r1 = addr_space_cast(r2, 0, 1)'],
  ['r0 = *(u8 *)skb[r3]', '5030000000000000', '(50) r0 = *(u8 *)skb[r3 + 0]'],
  ['r1 = -1 ll', '18010000ffffffff00000000ffffffff', '(18) r1 = 0xffffffffffffffff'],
];

describe('syntax LLVM 14 cannot print', () => {
  for (const [text, bytes, kernel] of EXTENDED) {
    it(`${text} → ${bytes}`, () => {
      const b = encodeLine(text);
      expect(hex(b).slice(0, bytes.length)).toBe(bytes);
      const f = readFields(b, 0, true);
      const hiImm = b.length === 16 ? readFields(b, 8, true).imm : undefined;
      expect(kernelInsnText({ ...f, hiImm })).toBe(kernel);
    });
  }

  it('writes big-endian slots as -target bpfeb does (dst in the high nibble, off/imm big-endian)', () => {
    const p = parseLine('r1 = *(u32 *)(r2 - 4)');
    const e = encodeInsn(p.form, p.ops);
    expect(e && hex(insnBytes(e, false))).toBe('6112fffc00000000');
  });
});
