// The eBPF opcode table: every field of the instruction encoding as the kernel's ISA document defines it
// (Documentation/bpf/standardization/instruction-set.rst, RFC 9669, plus the Linux 6.18 additions the
// verifier log can print: may_goto, addr_space_cast, load_acquire/store_release). One `as const` table per
// field drives decode.ts; names keep the kernel spelling (bpf_common.h, bpf.h) and the unit test checks
// the values against sim/src/abi/uapi.gen.ts (generated from the installed UAPI headers).
// Left out: classic BPF (cBPF) meanings of the same bits (BPF_RET, BPF_MISC, BPF_LEN, BPF_MSH).
//
// The 8-byte instruction, as stored by a little-endian object (-target bpf / bpfel):
//
//   byte:  0          1                2       3       4       5       6       7
//        +----------+--------+--------+---------------+-------------------------------+
//        |  opcode  | src:4  | dst:4  |  off (s16 LE) |          imm (s32 LE)         |
//        +----------+--------+--------+---------------+-------------------------------+
//                    bits 7-4 bits 3-0
//
// A big-endian object (-target bpfeb) swaps the register nibbles (dst in bits 7-4) and stores off and imm
// big-endian. ld_imm64 takes two slots: the second slot has opcode 0, and its imm is the upper 32 bits.
//
// The opcode byte has two layouts, chosen by the class in its low 3 bits:
//
//   LD, LDX, ST, STX (loads and stores)        ALU, ALU64, JMP, JMP32 (arithmetic and jumps)
//     7   6   5   4   3   2   1   0              7   6   5   4   3   2   1   0
//   +-----------+-------+-----------+          +---------------+---+-----------+
//   |   mode    | size  |   class   |          |      op       | s |   class   |
//   +-----------+-------+-----------+          +---------------+---+-----------+
//                                                        s: source, 0 = K (imm), 1 = X (src reg)

/** Instruction classes: opcode bits 2-0. */
export const BPF_CLASS = {
  BPF_LD: 0x00,
  BPF_LDX: 0x01,
  BPF_ST: 0x02,
  BPF_STX: 0x03,
  BPF_ALU: 0x04,
  BPF_JMP: 0x05,
  BPF_JMP32: 0x06,
  BPF_ALU64: 0x07,
} as const;
export type BpfClass = keyof typeof BPF_CLASS;

/** Access sizes of loads and stores: opcode bits 4-3. */
export const BPF_SIZE = { BPF_W: 0x00, BPF_H: 0x08, BPF_B: 0x10, BPF_DW: 0x18 } as const;
export type BpfSize = keyof typeof BPF_SIZE;
/** Bytes moved by each size. */
export const SIZE_BYTES = { BPF_W: 4, BPF_H: 2, BPF_B: 1, BPF_DW: 8 } as const satisfies Record<BpfSize, number>;

/** Addressing modes of loads and stores: opcode bits 7-5. ABS/IND are the legacy packet loads. */
export const BPF_MODE = {
  BPF_IMM: 0x00,
  BPF_ABS: 0x20,
  BPF_IND: 0x40,
  BPF_MEM: 0x60,
  BPF_MEMSX: 0x80,
  BPF_ATOMIC: 0xc0,
} as const;
export type BpfMode = keyof typeof BPF_MODE;

/** Operand source of ALU and JMP instructions: opcode bit 3. */
export const BPF_SRC = { BPF_K: 0x00, BPF_X: 0x08 } as const;
export type BpfSrc = keyof typeof BPF_SRC;

/** ALU / ALU64 operations: opcode bits 7-4. */
export const BPF_ALU_OP = {
  BPF_ADD: 0x00,
  BPF_SUB: 0x10,
  BPF_MUL: 0x20,
  BPF_DIV: 0x30,
  BPF_OR: 0x40,
  BPF_AND: 0x50,
  BPF_LSH: 0x60,
  BPF_RSH: 0x70,
  BPF_NEG: 0x80,
  BPF_MOD: 0x90,
  BPF_XOR: 0xa0,
  BPF_MOV: 0xb0,
  BPF_ARSH: 0xc0,
  BPF_END: 0xd0,
} as const;
export type BpfAluOp = keyof typeof BPF_ALU_OP;

/** JMP / JMP32 operations: opcode bits 7-4. JCOND (may_goto) is Linux 6.9+, outside the ISA document. */
export const BPF_JMP_OP = {
  BPF_JA: 0x00,
  BPF_JEQ: 0x10,
  BPF_JGT: 0x20,
  BPF_JGE: 0x30,
  BPF_JSET: 0x40,
  BPF_JNE: 0x50,
  BPF_JSGT: 0x60,
  BPF_JSGE: 0x70,
  BPF_CALL: 0x80,
  BPF_EXIT: 0x90,
  BPF_JLT: 0xa0,
  BPF_JLE: 0xb0,
  BPF_JSLT: 0xc0,
  BPF_JSLE: 0xd0,
  BPF_JCOND: 0xe0,
} as const;
export type BpfJmpOp = keyof typeof BPF_JMP_OP;

/** BPF_END direction (the source bit of the opcode): to little- or big-endian; ALU64 makes it bswap. */
export const BPF_END_DIR = { BPF_TO_LE: 0x00, BPF_TO_BE: 0x08 } as const;

/**
 * Atomic operations live in the imm of a BPF_STX | BPF_ATOMIC instruction:
 *
 *     31 ........ 9   8   7   6   5   4   3   2   1   0
 *   +---------------+---+---------------+---+---+---+---+
 *   |       0       | L |     op        | 0   0   0 | F |     F: BPF_FETCH (return the old value)
 *   +---------------+---+---------------+---+---+---+---+     L: 0x100, load-acquire/store-release (6.15)
 */
export const BPF_ATOMIC_OP = {
  BPF_ADD: 0x00,
  BPF_OR: 0x40,
  BPF_AND: 0x50,
  BPF_XOR: 0xa0,
  BPF_XCHG: 0xe1,
  BPF_CMPXCHG: 0xf1,
  BPF_LOAD_ACQ: 0x100,
  BPF_STORE_REL: 0x110,
} as const;
export type BpfAtomicOp = keyof typeof BPF_ATOMIC_OP;
export const BPF_FETCH = 0x01;

/** src_reg of `ld_imm64`: what the 64-bit immediate means (bpf.h BPF_PSEUDO_*). */
export const LD_IMM64_PSEUDO = {
  0: 'imm',
  1: 'map_fd', // BPF_PSEUDO_MAP_FD: imm = map fd → the map's address
  2: 'map_value', // BPF_PSEUDO_MAP_VALUE: imm = map fd, next imm = offset into value 0
  3: 'btf_id', // BPF_PSEUDO_BTF_ID: imm = BTF id of a kernel variable (ksym)
  4: 'func', // BPF_PSEUDO_FUNC: imm = pc-relative offset of a subprogram (a callback's address)
  5: 'map_idx', // BPF_PSEUDO_MAP_IDX: imm = index into fd_array
  6: 'map_idx_value', // BPF_PSEUDO_MAP_IDX_VALUE
} as const;
export type LdImm64Pseudo = (typeof LD_IMM64_PSEUDO)[keyof typeof LD_IMM64_PSEUDO];

/** src_reg of `call`: 0 helper by id, 1 BPF-to-BPF call (imm = pc-relative), 2 kfunc (imm = BTF id). */
export const CALL_PSEUDO = { 0: 'helper', 1: 'bpf2bpf', 2: 'kfunc' } as const;
export type CallKind = (typeof CALL_PSEUDO)[keyof typeof CALL_PSEUDO];

/** Special `off` values of ALU instructions (cpu v4 and the 6.9+ arena/percpu forms). */
export const ALU_OFF = {
  SIGNED_DIV_MOD: 1, // sdiv / smod (v4)
  MOVSX8: 8, // movsx: sign-extend the low 8/16/32 bits (v4)
  MOVSX16: 16,
  MOVSX32: 32,
  ADDR_SPACE_CAST: 1, // BPF_ALU64|BPF_MOV|BPF_X with off 1 (6.9)
} as const;

/** may_goto is BPF_JMP | BPF_JCOND with src_reg BPF_MAY_GOTO (0). */
export const BPF_MAY_GOTO = 0;

/** The number of general registers: r0-r9 and the read-only frame pointer r10. */
export const BPF_REG_COUNT = 11;

export const INSN_SIZE = 8;

// Field extractors (the kernel's BPF_CLASS()/BPF_SIZE()/BPF_MODE()/BPF_OP()/BPF_SRC() macros).
export const classOf = (code: number): number => code & 0x07;
export const sizeOf = (code: number): number => code & 0x18;
export const modeOf = (code: number): number => code & 0xe0;
export const opOf = (code: number): number => code & 0xf0;
export const srcOf = (code: number): number => code & 0x08;

function reverse<T extends Record<string, number>>(t: T): Readonly<Record<number, keyof T & string>> {
  const r: Record<number, keyof T & string> = {};
  for (const [k, v] of Object.entries(t)) if (!(v in r)) r[v] = k as keyof T & string;
  return r;
}
export const CLASS_NAME = reverse(BPF_CLASS);
export const SIZE_NAME = reverse(BPF_SIZE);
export const MODE_NAME = reverse(BPF_MODE);
export const ALU_OP_NAME = reverse(BPF_ALU_OP);
export const JMP_OP_NAME = reverse(BPF_JMP_OP);
