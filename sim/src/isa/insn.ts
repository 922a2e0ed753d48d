// The decoded instruction: raw fields plus what they mean, as the ISA document defines them (see
// opcode.ts). Slot index and byte offset are distinct types: a program counter, a jump offset and
// `insns[i]` count 8-byte slots, while ELF symbol values and relocation offsets count bytes
// (ld_imm64 takes two slots, so slot i is at byte 8*i, never "instruction number i").

import type { BpfAtomicOp, BpfSize, CallKind, LdImm64Pseudo } from './opcode.ts';

/** Index of an 8-byte slot in an instruction stream (what `goto pc+N` and the verifier count). */
export type SlotIndex = number & { readonly __unit: 'slot' };
/** Byte offset inside a section (what ELF symbols and relocations count). */
export type ByteOffset = number & { readonly __unit: 'byte' };

export const slotIndex = (n: number): SlotIndex => n as SlotIndex;
export const byteOffset = (n: number): ByteOffset => n as ByteOffset;
export const slotToByteOffset = (s: SlotIndex): ByteOffset => (s * 8) as ByteOffset;
/** The slot holding this byte (floor), e.g. byte 0x14 → slot 2. */
export const byteOffsetToSlot = (b: ByteOffset): SlotIndex => Math.floor(b / 8) as SlotIndex;

/** The four fields of one 8-byte slot; off is signed 16-bit, imm signed 32-bit, both as the wire has them. */
export interface RawFields {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

export type AluOpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'sdiv' | 'or' | 'and' | 'lsh' | 'rsh' | 'mod' | 'smod' | 'xor' | 'mov'
  | 'movsx' | 'arsh';
export type JmpOpName = 'jeq' | 'jgt' | 'jge' | 'jset' | 'jne' | 'jsgt' | 'jsge' | 'jlt' | 'jle' | 'jslt' | 'jsle';
export type AtomicOpName = 'add' | 'or' | 'and' | 'xor' | 'xchg' | 'cmpxchg' | 'load_acquire' | 'store_release';

/** What an instruction does; `kind` discriminates. Widths are in bits. */
export type InsnForm =
  | { kind: 'alu'; width: 32 | 64; op: AluOpName; source: 'imm' | 'reg'; /** movsx: bits sign-extended */ extendBits?: 8 | 16 | 32 }
  | { kind: 'neg'; width: 32 | 64 }
  | { kind: 'end'; op: 'le' | 'be' | 'bswap'; bits: number }
  | { kind: 'addr_space_cast'; dstAddrSpace: number; srcAddrSpace: number }
  | { kind: 'ld_imm64'; pseudo: LdImm64Pseudo | 'unknown'; value: bigint }
  | { kind: 'ld_abs'; size: BpfSize }
  | { kind: 'ld_ind'; size: BpfSize }
  | { kind: 'ldx'; size: BpfSize; signExtend: boolean }
  | { kind: 'st'; size: BpfSize }
  | { kind: 'stx'; size: BpfSize }
  | { kind: 'atomic'; size: BpfSize; op: AtomicOpName; fetch: boolean; opName: BpfAtomicOp }
  | { kind: 'jmp'; width: 32 | 64; op: JmpOpName; source: 'imm' | 'reg' }
  /** goto: `long` is JMP32|JA (gotol, v4) whose target offset is imm, not off. */
  | { kind: 'ja'; long: boolean }
  | { kind: 'may_goto' }
  | { kind: 'call'; call: CallKind | 'unknown' }
  | { kind: 'callx' }
  | { kind: 'exit' }
  | { kind: 'invalid'; reason: string };

export interface Insn extends RawFields {
  slot: SlotIndex;
  byteOffset: ByteOffset;
  /** 2 for ld_imm64 (it owns the next slot too), else 1. */
  slots: 1 | 2;
  /** ld_imm64 only: the second slot's imm (upper half of the 64-bit value). */
  hiImm?: number;
  form: InsnForm;
}
