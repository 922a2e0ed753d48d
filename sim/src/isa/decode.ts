// Decoding an eBPF instruction stream into `Insn`s, as the kernel's ISA document defines the encoding
// (Documentation/bpf/standardization/instruction-set.rst, cpu v1-v4) plus the Linux 6.18 forms the verifier
// log knows (may_goto, addr_space_cast, load_acquire/store_release). Reserved fields are not policed here
// (the verifier does that); an opcode or imm with no meaning decodes to { kind: 'invalid' } and one slot.
// e.g. bytes 85 00 00 00 0e 00 00 00 → { code: 0x85, imm: 14, form: { kind: 'call', call: 'helper' } }

import type { AtomicOpName, Insn, InsnForm, JmpOpName, AluOpName, RawFields } from './insn.ts';
import { byteOffset, slotIndex } from './insn.ts';
import {
  BPF_ATOMIC_OP, BPF_CLASS, BPF_MODE, BPF_SIZE, CALL_PSEUDO, LD_IMM64_PSEUDO, SIZE_NAME, classOf, modeOf, opOf,
  sizeOf, srcOf, type BpfAtomicOp, type BpfSize,
} from './opcode.ts';

/** Reads slot `slot` of `bytes` (which must hold 8 bytes there). */
export function readFields(bytes: Uint8Array, at: number, littleEndian: boolean): RawFields {
  const code = bytes[at] as number;
  const regs = bytes[at + 1] as number;
  if (littleEndian) {
    const off = ((bytes[at + 2] as number) | ((bytes[at + 3] as number) << 8)) << 16 >> 16;
    const imm = (bytes[at + 4] as number) | ((bytes[at + 5] as number) << 8) | ((bytes[at + 6] as number) << 16) | ((bytes[at + 7] as number) << 24);
    return { code, dst: regs & 0x0f, src: regs >> 4, off, imm };
  }
  const off = (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) << 16 >> 16;
  const imm = ((bytes[at + 4] as number) << 24) | ((bytes[at + 5] as number) << 16) | ((bytes[at + 6] as number) << 8) | (bytes[at + 7] as number);
  return { code, dst: regs >> 4, src: regs & 0x0f, off, imm };
}

const ALU_OPS: Readonly<Record<number, AluOpName>> = {
  0x00: 'add', 0x10: 'sub', 0x20: 'mul', 0x30: 'div', 0x40: 'or', 0x50: 'and', 0x60: 'lsh', 0x70: 'rsh',
  0x90: 'mod', 0xa0: 'xor', 0xb0: 'mov', 0xc0: 'arsh',
};
const JMP_OPS: Readonly<Record<number, JmpOpName>> = {
  0x10: 'jeq', 0x20: 'jgt', 0x30: 'jge', 0x40: 'jset', 0x50: 'jne', 0x60: 'jsgt', 0x70: 'jsge', 0xa0: 'jlt',
  0xb0: 'jle', 0xc0: 'jslt', 0xd0: 'jsle',
};
const ATOMIC_BY_IMM = new Map<number, [AtomicOpName, boolean, BpfAtomicOp]>([
  [BPF_ATOMIC_OP.BPF_ADD, ['add', false, 'BPF_ADD']],
  [BPF_ATOMIC_OP.BPF_OR, ['or', false, 'BPF_OR']],
  [BPF_ATOMIC_OP.BPF_AND, ['and', false, 'BPF_AND']],
  [BPF_ATOMIC_OP.BPF_XOR, ['xor', false, 'BPF_XOR']],
  [BPF_ATOMIC_OP.BPF_ADD | 1, ['add', true, 'BPF_ADD']],
  [BPF_ATOMIC_OP.BPF_OR | 1, ['or', true, 'BPF_OR']],
  [BPF_ATOMIC_OP.BPF_AND | 1, ['and', true, 'BPF_AND']],
  [BPF_ATOMIC_OP.BPF_XOR | 1, ['xor', true, 'BPF_XOR']],
  [BPF_ATOMIC_OP.BPF_XCHG, ['xchg', true, 'BPF_XCHG']],
  [BPF_ATOMIC_OP.BPF_CMPXCHG, ['cmpxchg', true, 'BPF_CMPXCHG']],
  [BPF_ATOMIC_OP.BPF_LOAD_ACQ, ['load_acquire', false, 'BPF_LOAD_ACQ']],
  [BPF_ATOMIC_OP.BPF_STORE_REL, ['store_release', false, 'BPF_STORE_REL']],
]);

const invalid = (reason: string): InsnForm => ({ kind: 'invalid', reason });

/** The meaning of one slot's fields; `hiImm` is the next slot's imm for ld_imm64 (undefined: missing). */
export function classify(f: RawFields, hiImm: number | undefined): InsnForm {
  const { code, off, imm } = f;
  const cls = classOf(code);
  const size = SIZE_NAME[sizeOf(code)] as BpfSize;
  switch (cls) {
    case BPF_CLASS.BPF_ALU:
    case BPF_CLASS.BPF_ALU64: {
      const width = cls === BPF_CLASS.BPF_ALU ? 32 : 64;
      const op = opOf(code);
      const source = srcOf(code) ? 'reg' : 'imm';
      if (op === 0x80) return srcOf(code) ? invalid('BPF_NEG takes no source register (BPF_X is reserved)') : { kind: 'neg', width };
      if (op === 0xd0) {
        if (cls === BPF_CLASS.BPF_ALU64) return srcOf(code) ? invalid('ALU64 BPF_END must use BPF_TO_LE (bswap)') : endForm('bswap', imm);
        return endForm(srcOf(code) ? 'be' : 'le', imm);
      }
      let name = ALU_OPS[op];
      if (name === undefined) return invalid(`no ALU operation 0x${op.toString(16)}`);
      if ((name === 'div' || name === 'mod') && off === 1) name = name === 'div' ? 'sdiv' : 'smod';
      if (name === 'mov' && cls === BPF_CLASS.BPF_ALU64 && source === 'reg' && off === 1) {
        return { kind: 'addr_space_cast', dstAddrSpace: (imm >>> 16) & 0xffff, srcAddrSpace: imm & 0xffff };
      }
      if (name === 'mov' && source === 'reg' && (off === 8 || off === 16 || (off === 32 && width === 64))) {
        return { kind: 'alu', width, op: 'movsx', source, extendBits: off };
      }
      return { kind: 'alu', width, op: name, source };
    }
    case BPF_CLASS.BPF_JMP:
    case BPF_CLASS.BPF_JMP32: {
      const op = opOf(code);
      const width = cls === BPF_CLASS.BPF_JMP32 ? 32 : 64;
      if (op === 0x00) {
        if (srcOf(code)) return invalid('goto takes no source register');
        return { kind: 'ja', long: cls === BPF_CLASS.BPF_JMP32 };
      }
      if (op === 0x80) {
        if (cls === BPF_CLASS.BPF_JMP32) return invalid('call is a BPF_JMP instruction, not BPF_JMP32');
        if (srcOf(code)) return { kind: 'callx' };
        const call = CALL_PSEUDO[f.src as 0 | 1 | 2];
        return { kind: 'call', call: call ?? 'unknown' };
      }
      if (op === 0x90) return cls === BPF_CLASS.BPF_JMP && !srcOf(code) ? { kind: 'exit' } : invalid('exit is BPF_JMP | BPF_EXIT only');
      if (op === 0xe0) return cls === BPF_CLASS.BPF_JMP && !srcOf(code) ? { kind: 'may_goto' } : invalid('BPF_JCOND is BPF_JMP | BPF_K only');
      const name = JMP_OPS[op];
      if (name === undefined) return invalid(`no jump operation 0x${op.toString(16)}`);
      return { kind: 'jmp', width, op: name, source: srcOf(code) ? 'reg' : 'imm' };
    }
    case BPF_CLASS.BPF_LD: {
      const mode = modeOf(code);
      if (mode === BPF_MODE.BPF_IMM && size === 'BPF_DW') {
        if (hiImm === undefined) return invalid('ld_imm64 needs a second slot, but the stream ends here');
        const value = BigInt.asIntN(64, (BigInt(hiImm >>> 0) << 32n) | BigInt(imm >>> 0));
        return { kind: 'ld_imm64', pseudo: LD_IMM64_PSEUDO[f.src as 0] ?? 'unknown', value };
      }
      if (mode === BPF_MODE.BPF_ABS && size !== 'BPF_DW') return { kind: 'ld_abs', size };
      if (mode === BPF_MODE.BPF_IND && size !== 'BPF_DW') return { kind: 'ld_ind', size };
      return invalid('BPF_LD is only ld_imm64 (BPF_IMM | BPF_DW) and the legacy BPF_ABS/BPF_IND packet loads');
    }
    case BPF_CLASS.BPF_LDX: {
      const mode = modeOf(code);
      if (mode === BPF_MODE.BPF_MEM) return { kind: 'ldx', size, signExtend: false };
      if (mode === BPF_MODE.BPF_MEMSX && size !== 'BPF_DW') return { kind: 'ldx', size, signExtend: true };
      return invalid(`BPF_LDX has no mode 0x${mode.toString(16)}`);
    }
    case BPF_CLASS.BPF_ST:
      return modeOf(code) === BPF_MODE.BPF_MEM ? { kind: 'st', size } : invalid('BPF_ST is BPF_MEM only');
    default: {
      // BPF_STX
      const mode = modeOf(code);
      if (mode === BPF_MODE.BPF_MEM) return { kind: 'stx', size };
      if (mode === BPF_MODE.BPF_ATOMIC) {
        const a = ATOMIC_BY_IMM.get(imm);
        if (!a) return invalid(`no atomic operation 0x${(imm >>> 0).toString(16)}`);
        const acqRel = a[0] === 'load_acquire' || a[0] === 'store_release';
        if (!acqRel && size !== 'BPF_W' && size !== 'BPF_DW') return invalid('atomic read-modify-write is 32 or 64 bit only');
        return { kind: 'atomic', size, op: a[0], fetch: a[1], opName: a[2] };
      }
      return invalid(`BPF_STX has no mode 0x${mode.toString(16)}`);
    }
  }
}

function endForm(op: 'le' | 'be' | 'bswap', imm: number): InsnForm {
  return imm === 16 || imm === 32 || imm === 64 ? { kind: 'end', op, bits: imm } : invalid(`byte swap width must be 16, 32 or 64, not ${imm}`);
}

export const LD_IMM64_CODE = BPF_CLASS.BPF_LD | BPF_MODE.BPF_IMM | BPF_SIZE.BPF_DW; // 0x18

/**
 * Decodes a whole stream. ld_imm64 owns the next slot (which is not returned on its own); a trailing
 * partial slot (length not a multiple of 8) is reported as one invalid instruction.
 */
export function decode(bytes: Uint8Array, opts: { littleEndian?: boolean } = {}): Insn[] {
  const le = opts.littleEndian ?? true;
  const out: Insn[] = [];
  const n = bytes.length;
  let at = 0;
  while (at < n) {
    const slot = slotIndex(at >> 3);
    if (at + 8 > n) {
      out.push({ code: bytes[at] as number, dst: 0, src: 0, off: 0, imm: 0, slot, byteOffset: byteOffset(at), slots: 1, form: invalid(`only ${n - at} bytes left: an instruction is 8`) });
      break;
    }
    const f = readFields(bytes, at, le);
    if (f.code === LD_IMM64_CODE) {
      const hi = at + 16 <= n ? readFields(bytes, at + 8, le).imm : undefined;
      const form = classify(f, hi);
      if (form.kind === 'ld_imm64') {
        out.push({ ...f, slot, byteOffset: byteOffset(at), slots: 2, hiImm: hi as number, form });
        at += 16;
        continue;
      }
      out.push({ ...f, slot, byteOffset: byteOffset(at), slots: 1, form });
      at += 8;
      continue;
    }
    out.push({ ...f, slot, byteOffset: byteOffset(at), slots: 1, form: classify(f, undefined) });
    at += 8;
  }
  return out;
}
