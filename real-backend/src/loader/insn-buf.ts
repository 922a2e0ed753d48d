// Reading and writing the fields of one instruction slot in a little-endian image (struct bpf_insn):
//   +--------+------------+--------------+----------------------+
//   | code:8 | src:4 dst:4| off:16 (s16) | imm:32 (s32)         |   dst in the low nibble of byte 1
//   +--------+------------+--------------+----------------------+
// ld_imm64 takes two slots: the second slot's imm carries the upper 32 bits.
import { BPF_INSN_CODE as C } from '@bpflc/sim/abi/uapi.gen';

export const LD_IMM64 = C.BPF_LD | C.BPF_IMM | C.BPF_DW;
export const CALL = C.BPF_JMP | C.BPF_CALL;

export const code = (b: Buffer, slot: number): number => b[slot * 8]!;
export const dst = (b: Buffer, slot: number): number => b[slot * 8 + 1]! & 0x0f;
export const src = (b: Buffer, slot: number): number => b[slot * 8 + 1]! >> 4;
export const off = (b: Buffer, slot: number): number => b.readInt16LE(slot * 8 + 2);
export const imm = (b: Buffer, slot: number): number => b.readInt32LE(slot * 8 + 4);

export function setCode(b: Buffer, slot: number, v: number): void {
  b[slot * 8] = v;
}
export function setSrc(b: Buffer, slot: number, v: number): void {
  b[slot * 8 + 1] = (b[slot * 8 + 1]! & 0x0f) | ((v & 0x0f) << 4);
}
export function setRegs(b: Buffer, slot: number, dstReg: number, srcReg: number): void {
  b[slot * 8 + 1] = ((srcReg & 0x0f) << 4) | (dstReg & 0x0f);
}
export function setOff(b: Buffer, slot: number, v: number): void {
  b.writeInt16LE(v, slot * 8 + 2);
}
/** imm as a 32-bit pattern: values above 2^31 are written as their two's-complement s32. */
export function setImm(b: Buffer, slot: number, v: number): void {
  b.writeInt32LE(v | 0, slot * 8 + 4);
}

/** The 64-bit value of an ld_imm64 at `slot`. */
export function imm64(b: Buffer, slot: number): bigint {
  return BigInt(b.readUInt32LE(slot * 8 + 4)) | (BigInt(b.readUInt32LE(slot * 8 + 12)) << 32n);
}

export const isLdImm64 = (b: Buffer, slot: number): boolean => code(b, slot) === LD_IMM64;

/** Slot count of an image. */
export const slots = (b: Buffer): number => b.length / 8;
