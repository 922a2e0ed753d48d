// The encoder: what an instruction means (`InsnForm`, the same type the decoder produces) → the opcode byte
// and fields of its 8-byte slot(s), using only the shared opcode table (isa/opcode.ts). It is the inverse of
// isa/decode.ts classify(): classify(encodeInsn(x)) gives back x.form (tests/unit/asm checks it for every
// form), and for what LLVM 14 prints, isa/print-llvm.ts prints the assembler's input text back.
// Conventions kept from LLVM 14's BPF backend: callx names its register in imm (LLVM 14 encodes `callx r1` as
// imm 1), ld_imm64's second slot has code 0 and carries the upper 32 bits, legacy packet loads use dst 0.
//
//   byte:  0        1            2-3          4-7
//        +--------+-----+-----+------------+-----------------+
//        | opcode | src | dst | off (s16)  |   imm (s32)     |   little-endian (bpfel), src in bits 7-4;
//        +--------+-----+-----+------------+-----------------+   bpfeb: dst in bits 7-4, off/imm big-endian

import type { AluOpName, InsnForm, JmpOpName, RawFields } from '../isa/insn.ts';
import {
  ALU_OFF, BPF_ALU_OP, BPF_ATOMIC_OP, BPF_CLASS, BPF_END_DIR, BPF_FETCH, BPF_JMP_OP, BPF_MODE, BPF_SIZE, BPF_SRC,
  LD_IMM64_PSEUDO, type BpfAluOp, type BpfJmpOp,
} from '../isa/opcode.ts';

/** One encoded instruction: the fields of its first slot, and for ld_imm64 the second slot's imm. */
export interface EncodedInsn extends RawFields {
  slots: 1 | 2;
  hiImm?: number;
}

/** The operand fields an instruction carries besides its opcode (what the parser read from the text). */
export interface Operands {
  dst: number;
  src: number;
  off: number;
  imm: number;
  hiImm?: number;
}

const ALU_OP_KEY: Readonly<Record<AluOpName, BpfAluOp>> = {
  add: 'BPF_ADD', sub: 'BPF_SUB', mul: 'BPF_MUL', div: 'BPF_DIV', sdiv: 'BPF_DIV', or: 'BPF_OR', and: 'BPF_AND',
  lsh: 'BPF_LSH', rsh: 'BPF_RSH', mod: 'BPF_MOD', smod: 'BPF_MOD', xor: 'BPF_XOR', mov: 'BPF_MOV', movsx: 'BPF_MOV',
  arsh: 'BPF_ARSH',
};
const JMP_OP_KEY: Readonly<Record<JmpOpName, BpfJmpOp>> = {
  jeq: 'BPF_JEQ', jgt: 'BPF_JGT', jge: 'BPF_JGE', jset: 'BPF_JSET', jne: 'BPF_JNE', jsgt: 'BPF_JSGT', jsge: 'BPF_JSGE',
  jlt: 'BPF_JLT', jle: 'BPF_JLE', jslt: 'BPF_JSLT', jsle: 'BPF_JSLE',
};
const PSEUDO_SRC: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(LD_IMM64_PSEUDO).map(([k, v]) => [v, Number(k)]));
const CALL_SRC = { helper: 0, bpf2bpf: 1, kfunc: 2 } as const;

/**
 * The opcode byte and the fields the form itself fixes (sdiv's off 1, movsx's off, atomic op in imm, ...);
 * operand fields come from `o`. Returns undefined for forms that have no encoding ('invalid').
 */
export function encodeInsn(form: InsnForm, o: Operands): EncodedInsn | undefined {
  const f = (code: number, patch: Partial<Operands> = {}): EncodedInsn => ({ code, dst: o.dst, src: o.src, off: o.off, imm: o.imm, slots: 1, ...patch });
  const C = BPF_CLASS;
  switch (form.kind) {
    case 'alu': {
      const cls = form.width === 64 ? C.BPF_ALU64 : C.BPF_ALU;
      const code = cls | BPF_ALU_OP[ALU_OP_KEY[form.op]] | (form.source === 'reg' ? BPF_SRC.BPF_X : BPF_SRC.BPF_K);
      if (form.op === 'sdiv' || form.op === 'smod') return f(code, { off: ALU_OFF.SIGNED_DIV_MOD });
      if (form.op === 'movsx') return f(code, { off: form.extendBits ?? 0 });
      return f(code);
    }
    case 'neg':
      return f((form.width === 64 ? C.BPF_ALU64 : C.BPF_ALU) | BPF_ALU_OP.BPF_NEG | BPF_SRC.BPF_K);
    case 'end': {
      const cls = form.op === 'bswap' ? C.BPF_ALU64 : C.BPF_ALU;
      const dir = form.op === 'be' ? BPF_END_DIR.BPF_TO_BE : BPF_END_DIR.BPF_TO_LE;
      return f(cls | BPF_ALU_OP.BPF_END | dir, { imm: form.bits });
    }
    case 'addr_space_cast':
      return f(C.BPF_ALU64 | BPF_ALU_OP.BPF_MOV | BPF_SRC.BPF_X, {
        off: ALU_OFF.ADDR_SPACE_CAST,
        imm: ((form.dstAddrSpace & 0xffff) << 16) | (form.srcAddrSpace & 0xffff),
      });
    case 'ld_imm64': {
      const src = form.pseudo === 'unknown' ? o.src : (PSEUDO_SRC[form.pseudo] ?? 0);
      const lo = Number(BigInt.asIntN(32, form.value));
      const hi = Number(BigInt.asIntN(32, form.value >> 32n));
      return { code: C.BPF_LD | BPF_MODE.BPF_IMM | BPF_SIZE.BPF_DW, dst: o.dst, src, off: 0, imm: lo, slots: 2, hiImm: hi };
    }
    case 'ld_abs':
      return f(C.BPF_LD | BPF_MODE.BPF_ABS | BPF_SIZE[form.size]);
    case 'ld_ind':
      return f(C.BPF_LD | BPF_MODE.BPF_IND | BPF_SIZE[form.size]);
    case 'ldx':
      return f(C.BPF_LDX | (form.signExtend ? BPF_MODE.BPF_MEMSX : BPF_MODE.BPF_MEM) | BPF_SIZE[form.size]);
    case 'st':
      return f(C.BPF_ST | BPF_MODE.BPF_MEM | BPF_SIZE[form.size]);
    case 'stx':
      return f(C.BPF_STX | BPF_MODE.BPF_MEM | BPF_SIZE[form.size]);
    case 'atomic': {
      // xchg and cmpxchg carry BPF_FETCH in their table value already (0xe1, 0xf1).
      const base = BPF_ATOMIC_OP[form.opName];
      const imm = form.fetch ? base | BPF_FETCH : base;
      return f(C.BPF_STX | BPF_MODE.BPF_ATOMIC | BPF_SIZE[form.size], { imm });
    }
    case 'jmp':
      return f((form.width === 64 ? C.BPF_JMP : C.BPF_JMP32) | BPF_JMP_OP[JMP_OP_KEY[form.op]] | (form.source === 'reg' ? BPF_SRC.BPF_X : BPF_SRC.BPF_K));
    case 'ja':
      return f((form.long ? C.BPF_JMP32 : C.BPF_JMP) | BPF_JMP_OP.BPF_JA);
    case 'may_goto':
      return f(C.BPF_JMP | BPF_JMP_OP.BPF_JCOND, { src: 0 });
    case 'call':
      return f(C.BPF_JMP | BPF_JMP_OP.BPF_CALL, { src: form.call === 'unknown' ? o.src : CALL_SRC[form.call] });
    case 'callx':
      return f(C.BPF_JMP | BPF_JMP_OP.BPF_CALL | BPF_SRC.BPF_X);
    case 'exit':
      return f(C.BPF_JMP | BPF_JMP_OP.BPF_EXIT);
    case 'invalid':
      return undefined;
  }
}

/**
 * Writes one slot's fields at `at`. Little-endian (bpfel): src in the high nibble of byte 1, dst in the
 * low one, off and imm little-endian; big-endian (bpfeb): the nibbles swap and off/imm are big-endian.
 * e.g. { code: 0xb7, dst: 0, imm: 7 } → b7 00 00 00 07 00 00 00 (bpfel), b7 00 00 00 00 00 00 07 (bpfeb)
 */
export function writeSlot(out: Uint8Array, at: number, f: RawFields, littleEndian = true): void {
  const dv = new DataView(out.buffer, out.byteOffset + at, 8);
  dv.setUint8(0, f.code & 0xff);
  dv.setUint8(1, littleEndian ? ((f.src & 0xf) << 4) | (f.dst & 0xf) : ((f.dst & 0xf) << 4) | (f.src & 0xf));
  dv.setInt16(2, f.off, littleEndian);
  dv.setInt32(4, f.imm, littleEndian);
}

/** The 8 or 16 bytes of an encoded instruction. */
export function insnBytes(e: EncodedInsn, littleEndian = true): Uint8Array {
  const b = new Uint8Array(e.slots * 8);
  writeSlot(b, 0, e, littleEndian);
  if (e.slots === 2) writeSlot(b, 8, { code: 0, dst: 0, src: 0, off: 0, imm: e.hiImm ?? 0 }, littleEndian);
  return b;
}
