// One instruction in LLVM's BPF assembly syntax, exactly as `llvm-objdump -d` of LLVM 14.0.6 prints it
// (BPFInstPrinter + the BPF disassembler's decoder tables, default subtarget: no +alu32 decoder table).
// Modelled on LLVM 14's decoder, not on the ISA: fields its encoding does not name are ignored (the src of
// `r1 += 4`, the imm of `r1 = r2`), registers r0-r11 decode and r12-r15 do not, and what LLVM 14 has no
// instruction for is <unknown> even when the kernel knows it: mod, jset, BPF_ST stores, 32-bit atomics other
// than add, fetch forms of 32-bit atomics, cpu v4 (sdiv, smod, movsx, ldsx, bswap, gotol), may_goto.
// Facts learned by running llvm-objdump 14.0.6 over every opcode × field pattern: tests/programs/asm/
// asm-opcode-sweep{,-eb}.s and their goldens in tests/golden/disasm/llvm pin them down.
// e.g. (0x61, dst 1, src 2, off -4) → "r1 = *(u32 *)(r2 - 4)";  0x18 with imm 7, hi 9 → "r1 = 38654705671 ll"

/** Result of decoding one instruction the way LLVM 14 does. */
export type LlvmDecoded =
  /** Decoded: `text` after the bytes; `size` 8 or 16; `branchOff` for jumps whose target objdump names. */
  | { ok: true; text: string; size: 8 | 16; branchOff: number | undefined }
  /** Not decoded: objdump prints "<unknown>" and moves on by `size` bytes (8, or 1 when < 8/16 bytes remain). */
  | { ok: false; size: 1 | 8 };

const R = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11'];
const W = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11'];

// ALU operators LLVM 14 has (no BPF_MOD, no BPF_NEG with a source register, BPF_END only in class ALU).
const ALU_SYM: readonly (string | undefined)[] = (() => {
  const t: (string | undefined)[] = new Array(16).fill(undefined);
  const ops: Array<[number, string]> = [
    [0x0, '+='], [0x1, '-='], [0x2, '*='], [0x3, '/='], [0x4, '|='], [0x5, '&='], [0x6, '<<='], [0x7, '>>='],
    [0xa, '^='], [0xb, '='], [0xc, 's>>='],
  ];
  for (const [i, s] of ops) t[i] = s;
  return t;
})();
// Conditional jumps LLVM 14 has (no BPF_JSET).
const JMP_SYM: readonly (string | undefined)[] = (() => {
  const t: (string | undefined)[] = new Array(16).fill(undefined);
  const ops: Array<[number, string]> = [
    [0x1, '=='], [0x2, '>'], [0x3, '>='], [0x5, '!='], [0x6, 's>'], [0x7, 's>='], [0xa, '<'], [0xb, '<='],
    [0xc, 's<'], [0xd, 's<='],
  ];
  for (const [i, s] of ops) t[i] = s;
  return t;
})();
const LDST_SIZE = ['u32', 'u16', 'u8', 'u64'];

const jumpOff = (off: number): string => (off >= 0 ? `+${off}` : `${off}`);
const mem = (base: number, off: number): string => (off < 0 ? `${R[base]} - ${-off}` : `${R[base]} + ${off}`);

/** Where the printer writes: OutBuf (bytes, for whole files) or a string collector (one instruction). */
export interface TextSink {
  str(s: string): unknown;
}

class StringSink implements TextSink {
  text = '';
  str(s: string): void {
    this.text += s;
  }
}

/** Jump offset (in slots) of the last instruction llvmEmit decoded, or NaN when it is not a branch objdump follows. */
export let llvmLastBranchOff = NaN;

/**
 * Decodes one instruction as LLVM 14 does and writes its text to `out` (nothing when it does not decode).
 * Returns the size consumed: 8 or 16 when decoded, -8 or -1 when not (objdump then prints "<unknown>" and
 * steps 8 bytes, or 1 byte when fewer than 8 (16 for ld_imm64) remain). `hiImm` is the next slot's imm,
 * undefined when fewer than 16 bytes remain. Writing straight to the sink keeps whole-file printing free
 * of per-instruction strings (see bench/disasm.ts).
 */
export function llvmEmit(out: TextSink, code: number, dst: number, src: number, off: number, imm: number, hiImm: number | undefined): number {
  llvmLastBranchOff = NaN;
  const cls = code & 7;
  if (cls === 4 || cls === 7) {
    // ALU (w registers) / ALU64 (r registers)
    if (dst > 11) return -8;
    const op = code >> 4;
    const regs = cls === 4 ? W : R;
    const sym = ALU_SYM[op];
    if (sym !== undefined) {
      if (code & 8) {
        if (src > 11) return -8;
        out.str(regs[dst] as string);
        out.str(SYM_SP[op] as string);
        out.str(regs[src] as string);
        return 8;
      }
      out.str(regs[dst] as string);
      out.str(SYM_SP[op] as string);
      out.str(String(imm));
      return 8;
    }
    if (op === 0x8 && !(code & 8)) {
      out.str(`${regs[dst]} = -${regs[dst]}`);
      return 8;
    }
    if (op === 0xd && cls === 4 && (imm === 16 || imm === 32 || imm === 64)) {
      out.str(`${R[dst]} = ${code & 8 ? 'be' : 'le'}${imm} ${R[dst]}`);
      return 8;
    }
    return -8;
  }
  if (cls === 5 || cls === 6) {
    const op = code >> 4;
    const sym = JMP_SYM[op];
    if (sym !== undefined) {
      if (dst > 11) return -8;
      const regs = cls === 6 ? W : R;
      if (code & 8 && src > 11) return -8;
      out.str('if ');
      out.str(regs[dst] as string);
      out.str(JSYM_SP[op] as string);
      out.str(code & 8 ? (regs[src] as string) : String(imm));
      out.str(' goto ');
      out.str(jumpOff(off));
      llvmLastBranchOff = off;
      return 8;
    }
    if (code === 0x05) {
      out.str('goto ');
      out.str(jumpOff(off));
      llvmLastBranchOff = off;
      return 8;
    }
    if (code === 0x85) {
      out.str('call ');
      out.str(String(imm));
      return 8;
    }
    if (code === 0x8d) {
      if (imm < 0 || imm > 11) return -8;
      out.str(`callx ${R[imm]}`);
      return 8;
    }
    if (code === 0x95) {
      if (imm !== 0) return -8;
      out.str('exit');
      return 8;
    }
    return -8;
  }
  switch (code) {
    case 0x18: {
      if (off !== 0 || dst > 11) return -8;
      if (hiImm === undefined) return -1;
      if (src !== 0) out.str(`ld_pseudo\t${R[dst]}, ${src}, ${imm >>> 0}`);
      else if (hiImm === 0 && imm >= 0) out.str(`${R[dst]} = ${imm} ll`);
      else out.str(`${R[dst]} = ${BigInt.asIntN(64, (BigInt(hiImm >>> 0) << 32n) | BigInt(imm >>> 0))} ll`);
      return 16;
    }
    case 0x20: case 0x28: case 0x30:
      out.str(`r0 = *(${LDST_SIZE[(code >> 3) & 3]} *)skb[${imm}]`);
      return 8;
    case 0x40: case 0x48: case 0x50:
      if (src > 11) return -8;
      out.str(`r0 = *(${LDST_SIZE[(code >> 3) & 3]} *)skb[${R[src]}]`);
      return 8;
    case 0x61: case 0x69: case 0x71: case 0x79:
      if (dst > 11 || src > 11) return -8;
      out.str(R[dst] as string);
      out.str(LOAD_PFX[(code >> 3) & 3] as string);
      out.str(mem(src, off));
      out.str(')');
      return 8;
    case 0x63: case 0x6b: case 0x73: case 0x7b:
      if (dst > 11 || src > 11) return -8;
      out.str(STORE_PFX[(code >> 3) & 3] as string);
      out.str(mem(dst, off));
      out.str(') = ');
      out.str(R[src] as string);
      return 8;
    case 0xc3:
      // 32-bit atomic: only the add without fetch exists in LLVM 14's default decoder; only imm bits 7-4 are checked.
      if (dst > 11 || src > 11 || (imm & 0xf0) !== 0) return -8;
      out.str(`lock *(u32 *)(${mem(dst, off)}) += ${R[src]}`);
      return 8;
    case 0xdb: {
      if (dst > 11 || src > 11) return -8;
      const t = atomic64(dst, src, off, imm);
      if (t === undefined) return -8;
      out.str(t);
      return 8;
    }
    default:
      return -8;
  }
}

const SYM_SP = ALU_SYM.map((s) => (s === undefined ? undefined : ` ${s} `));
const JSYM_SP = JMP_SYM.map((s) => (s === undefined ? undefined : ` ${s} `));
const LOAD_PFX = LDST_SIZE.map((s) => ` = *(${s} *)(`);
const STORE_PFX = LDST_SIZE.map((s) => `*(${s} *)(`);

/** llvmEmit as a value: the text, the size, and the branch offset objdump names a target for. */
export function llvmDecode(code: number, dst: number, src: number, off: number, imm: number, hiImm: number | undefined): LlvmDecoded {
  const sink = new StringSink();
  const size = llvmEmit(sink, code, dst, src, off, imm, hiImm);
  if (size < 0) return { ok: false, size: size === -1 ? 1 : 8 };
  return { ok: true, text: sink.text, size: size as 8 | 16, branchOff: Number.isNaN(llvmLastBranchOff) ? undefined : llvmLastBranchOff };
}

// 64-bit atomics: imm bits 7-4 pick the operation; bits 3-0 == 1 (BPF_FETCH) pick the fetch form, any other
// low nibble the plain form (LLVM 14 checks only bits 7-0, and bits 3-0 only to prefer the fetch encoding).
function atomic64(dst: number, src: number, off: number, imm: number): string | undefined {
  const hi = (imm >> 4) & 0xf;
  const fetch = (imm & 0xf) === 1;
  const m = mem(dst, off);
  const rs = R[src];
  if (fetch) {
    const name = hi === 0 ? 'add' : hi === 4 ? 'or' : hi === 5 ? 'and' : hi === 0xa ? 'xor' : undefined;
    if (name) return `${rs} = atomic_fetch_${name}((u64 *)(${m}), ${rs})`;
    if (hi === 0xe) return `${rs} = xchg_64(${m}, ${rs})`;
    if (hi === 0xf) return `r0 = cmpxchg_64(${m}, r0, ${rs})`;
    return undefined;
  }
  const sym = hi === 0 ? '+=' : hi === 4 ? '|=' : hi === 5 ? '&=' : hi === 0xa ? '^=' : undefined;
  return sym ? `lock *(u64 *)(${m}) ${sym} ${rs}` : undefined;
}

/** Convenience for one decoded `Insn`: the text llvm-objdump prints after the bytes ("<unknown>" when it fails). */
export function llvmInsnText(f: { code: number; dst: number; src: number; off: number; imm: number; hiImm?: number }): string {
  const d = llvmDecode(f.code, f.dst, f.src, f.off, f.imm, f.hiImm);
  return d.ok ? d.text : '<unknown>';
}
