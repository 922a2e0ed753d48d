// A tiny hand assembler for the test programs: struct bpf_insn is 8 bytes,
//   +--------+------------+--------------+----------------------+
//   | code:8 | src:4 dst:4| off:16 (s16) | imm:32 (s32)         |   little-endian, dst in the low nibble
//   +--------+------------+--------------+----------------------+
// and ld_imm64 takes two slots (the second carries the upper 32 bits of imm).
import { BPF_FUNC_ID, BPF_INSN_CODE as C, BPF_PSEUDO } from '@bpflc/sim/abi/uapi.gen';

export function insn(code: number, dst: number, src: number, off: number, imm: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(code, 0);
  b.writeUInt8(((src & 0xf) << 4) | (dst & 0xf), 1);
  b.writeInt16LE(off, 2);
  b.writeInt32LE(imm, 4);
  return b;
}

export const movImm = (dst: number, imm: number) => insn(C.BPF_ALU64 | C.BPF_MOV | C.BPF_K, dst, 0, 0, imm);
export const movReg = (dst: number, src: number) => insn(C.BPF_ALU64 | C.BPF_MOV | C.BPF_X, dst, src, 0, 0);
export const addImm = (dst: number, imm: number) => insn(C.BPF_ALU64 | C.BPF_ADD | C.BPF_K, dst, 0, 0, imm);
export const rshImm = (dst: number, imm: number) => insn(C.BPF_ALU64 | C.BPF_RSH | C.BPF_K, dst, 0, 0, imm);
export const jeqImm = (dst: number, imm: number, off: number) => insn(C.BPF_JMP | C.BPF_JEQ | C.BPF_K, dst, 0, off, imm);
export const jneImm = (dst: number, imm: number, off: number) => insn(C.BPF_JMP | C.BPF_JNE | C.BPF_K, dst, 0, off, imm);
export const jneReg = (dst: number, src: number, off: number) => insn(C.BPF_JMP | C.BPF_JNE | C.BPF_X, dst, src, off, 0);
/** *(u32 *)(dst + off) = imm */
export const stW = (dst: number, off: number, imm: number) => insn(C.BPF_ST | C.BPF_MEM | C.BPF_W, dst, 0, off, imm);
/** *(u64 *)(dst + off) = src */
export const stxDw = (dst: number, src: number, off: number) => insn(C.BPF_STX | C.BPF_MEM | C.BPF_DW, dst, src, off, 0);
/** lock *(u64 *)(dst + off) += src */
export const atomicAddDw = (dst: number, src: number, off: number) => insn(C.BPF_STX | C.BPF_ATOMIC | C.BPF_DW, dst, src, off, C.BPF_ADD);
export const call = (helper: keyof typeof BPF_FUNC_ID) => insn(C.BPF_JMP | C.BPF_CALL, 0, 0, 0, BPF_FUNC_ID[helper]);
export const exit = () => insn(C.BPF_JMP | C.BPF_EXIT, 0, 0, 0, 0);

/** dst = imm64 (ld_imm64: two slots, low 32 bits in the first imm, high 32 in the second). */
export function ldImm64(dst: number, imm: bigint): Buffer {
  const lo = Number(BigInt.asIntN(32, imm & 0xffffffffn));
  const hi = Number(BigInt.asIntN(32, imm >> 32n));
  return Buffer.concat([insn(C.BPF_LD | C.BPF_DW | C.BPF_IMM, dst, 0, 0, lo), insn(0, 0, 0, 0, hi)]);
}

/** dst = map (by fd): ld_imm64 with src_reg BPF_PSEUDO_MAP_FD, which the verifier turns into the map's address. */
export function ldMapFd(dst: number, mapFd: number): Buffer {
  return Buffer.concat([insn(C.BPF_LD | C.BPF_DW | C.BPF_IMM, dst, BPF_PSEUDO.BPF_PSEUDO_MAP_FD, 0, mapFd), insn(0, 0, 0, 0, 0)]);
}

export const program = (...parts: Buffer[]): Buffer => Buffer.concat(parts);

/** The instruction slots as ARCHITECTURE.md prints them: 16 hex digits of the 8 little-endian bytes. */
export function slotsHex(b: Buffer): string[] {
  return Array.from({ length: b.length / 8 }, (_, i) => b.toString('hex', i * 8, i * 8 + 8));
}
