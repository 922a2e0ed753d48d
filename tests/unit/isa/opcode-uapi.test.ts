// Ties the hand-written opcode table (sim/src/isa/opcode.ts, Linux 6.18 ISA) to the kernel's own instruction
// constants as scripts/gen-abi.ts read them from linux-libc-dev 6.1's bpf_common.h and bpf.h
// (sim/src/abi/uapi.gen.ts). Every name both know must carry the same value. What only the hand table has is
// listed here as a known extra (newer than 6.1, or an `off` value the headers never name); what only the
// headers have is cBPF or an alias. Both lists are compared as sets, so regenerating uapi.gen.ts from newer
// headers (which define BPF_MEMSX, BPF_JCOND, BPF_LOAD_ACQ, BPF_STORE_REL) fails here until each such extra
// is removed from the list, after which the shared-value check covers it.
import { describe, expect, it } from 'vitest';
import { BPF_INSN_CODE, BPF_PSEUDO } from '../../../sim/src/abi/uapi.gen.ts';
import {
  ALU_OFF,
  BPF_ALU_OP,
  BPF_ATOMIC_OP,
  BPF_CLASS,
  BPF_END_DIR,
  BPF_FETCH,
  BPF_JMP_OP,
  BPF_MAY_GOTO,
  BPF_MODE,
  BPF_SIZE,
  BPF_SRC,
  CALL_PSEUDO,
  classOf,
  LD_IMM64_PSEUDO,
  modeOf,
  opOf,
  sizeOf,
  srcOf,
} from '../../../sim/src/isa/opcode.ts';

const header: Readonly<Record<string, number>> = BPF_INSN_CODE;

/** Every named value of the hand table, keyed '<table>.<name>' (a name can sit in two tables, e.g. BPF_ADD). */
const HAND: ReadonlyMap<string, number> = new Map([
  ...Object.entries({ BPF_CLASS, BPF_SIZE, BPF_MODE, BPF_SRC, BPF_ALU_OP, BPF_JMP_OP, BPF_END_DIR, BPF_ATOMIC_OP, ALU_OFF }).flatMap(
    ([table, t]) => Object.entries(t).map(([name, v]): [string, number] => [`${table}.${name}`, v]),
  ),
  ['BPF_FETCH', BPF_FETCH] as const,
  ['BPF_MAY_GOTO', BPF_MAY_GOTO] as const,
]);

/** The header name of a hand entry: its own name (kernel spelling) unless the hand table spells it otherwise. */
const HEADER_NAME: Readonly<Record<string, string>> = { 'ALU_OFF.ADDR_SPACE_CAST': 'BPF_ADDR_SPACE_CAST' };
const headerName = (key: string): string => HEADER_NAME[key] ?? key.slice(key.lastIndexOf('.') + 1);

/** Hand-table entries the 6.1 headers do not define, with the kernel that added the meaning. */
const KNOWN_EXTRAS: Readonly<Record<string, { since: string; what: string }>> = {
  'BPF_MODE.BPF_MEMSX': { since: '6.6', what: 'ldsx: sign-extending load (cpu v4); the bits of cBPF BPF_LEN' },
  'BPF_JMP_OP.BPF_JCOND': { since: '6.9', what: 'may_goto' },
  'BPF_ATOMIC_OP.BPF_LOAD_ACQ': { since: '6.15', what: 'load-acquire (atomic imm)' },
  'BPF_ATOMIC_OP.BPF_STORE_REL': { since: '6.15', what: 'store-release (atomic imm)' },
  BPF_MAY_GOTO: { since: '6.9', what: 'src_reg of BPF_JCOND; an enum constant, which gen-abi does not read' },
  'ALU_OFF.SIGNED_DIV_MOD': { since: '6.6', what: 'sdiv/smod: BPF_DIV/BPF_MOD with off 1 (cpu v4); no header name' },
  'ALU_OFF.MOVSX8': { since: '6.6', what: 'movsx: BPF_MOV|BPF_X with off 8 (cpu v4); no header name' },
  'ALU_OFF.MOVSX16': { since: '6.6', what: 'movsx with off 16; no header name' },
  'ALU_OFF.MOVSX32': { since: '6.6', what: 'movsx with off 32; no header name' },
  'ALU_OFF.ADDR_SPACE_CAST': { since: '6.9', what: 'addr_space_cast: ALU64 BPF_MOV|BPF_X with off 1 (arena)' },
};

type HeaderOnly =
  | { kind: 'alias'; of: string }
  /** cBPF meaning of bits eBPF either reuses (reusedAs: the eBPF entry with the same value) or leaves unused. */
  | { kind: 'cbpf'; reusedAs?: string };

/** Header names the hand table leaves out on purpose (its comment: no cBPF meanings; aliases not repeated). */
const HEADER_ONLY: Readonly<Record<string, HeaderOnly>> = {
  BPF_RET: { kind: 'cbpf', reusedAs: 'BPF_CLASS.BPF_JMP32' },
  BPF_MISC: { kind: 'cbpf', reusedAs: 'BPF_CLASS.BPF_ALU64' },
  BPF_LEN: { kind: 'cbpf', reusedAs: 'BPF_MODE.BPF_MEMSX' },
  BPF_MSH: { kind: 'cbpf' },
  BPF_XADD: { kind: 'alias', of: 'BPF_MODE.BPF_ATOMIC' },
  BPF_FROM_LE: { kind: 'alias', of: 'BPF_END_DIR.BPF_TO_LE' },
  BPF_FROM_BE: { kind: 'alias', of: 'BPF_END_DIR.BPF_TO_BE' },
};

/** The hand table's pseudo src_reg labels → the header's BPF_PSEUDO_* names (src 0, 'imm'/'helper', has none). */
const PSEUDO_NAME = {
  ld_imm64: { map_fd: 'BPF_PSEUDO_MAP_FD', map_value: 'BPF_PSEUDO_MAP_VALUE', btf_id: 'BPF_PSEUDO_BTF_ID', func: 'BPF_PSEUDO_FUNC', map_idx: 'BPF_PSEUDO_MAP_IDX', map_idx_value: 'BPF_PSEUDO_MAP_IDX_VALUE' },
  call: { bpf2bpf: 'BPF_PSEUDO_CALL', kfunc: 'BPF_PSEUDO_KFUNC_CALL' },
} as const;

const shared = [...HAND].filter(([key]) => header[headerName(key)] !== undefined);
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe('opcode table vs linux-libc-dev 6.1 UAPI (uapi.gen.ts)', () => {
  it('every value both define is equal', () => {
    expect(shared.length).toBeGreaterThanOrEqual(50);
    for (const [key, v] of shared) expect([key, v]).toEqual([key, header[headerName(key)]]);
  });

  it('the hand-table entries the headers lack are exactly the known extras', () => {
    const missing = [...HAND.keys()].filter((key) => header[headerName(key)] === undefined);
    // A name leaving this set is now in the headers: drop it from KNOWN_EXTRAS and the check above compares it.
    expect(sorted(missing)).toEqual(sorted(Object.keys(KNOWN_EXTRAS)));
  });

  it('the header names the hand table lacks are exactly the cBPF ones and the aliases', () => {
    const inHand = new Set([...HAND.keys()].map(headerName));
    const extra = Object.keys(header).filter((name) => !inHand.has(name));
    expect(sorted(extra)).toEqual(sorted(Object.keys(HEADER_ONLY)));
    for (const [name, h] of Object.entries(HEADER_ONLY)) {
      const same = h.kind === 'alias' ? h.of : h.reusedAs;
      if (same !== undefined) expect([name, header[name]]).toEqual([name, HAND.get(same)]);
      // Bits cBPF gives a meaning eBPF does not: no hand-table mode may claim them.
      else expect(Object.values(BPF_MODE)).not.toContain(header[name]);
    }
  });

  it('each field extractor keeps exactly the bits its header values use', () => {
    const fields: [string, string[], (code: number) => number][] = [
      ['class', Object.keys(BPF_CLASS), classOf],
      ['size', Object.keys(BPF_SIZE), sizeOf],
      ['mode', Object.keys(BPF_MODE), modeOf],
      ['op', [...Object.keys(BPF_ALU_OP), ...Object.keys(BPF_JMP_OP)], opOf],
      ['source', [...Object.keys(BPF_SRC), ...Object.keys(BPF_END_DIR)], srcOf],
    ];
    for (const [field, names, extract] of fields) {
      const values = names.flatMap((n) => (header[n] === undefined ? [] : [header[n]]));
      for (const v of values) expect([field, extract(v)]).toEqual([field, v]);
      expect([field, extract(0xff)]).toEqual([field, values.reduce((a, v) => a | v, 0)]);
    }
  });

  it('pseudo src_reg values of ld_imm64 and call', () => {
    const ld: Readonly<Record<number, string>> = LD_IMM64_PSEUDO;
    const call: Readonly<Record<number, string>> = CALL_PSEUDO;
    const covered: string[] = [];
    for (const [table, names] of [
      [ld, PSEUDO_NAME.ld_imm64],
      [call, PSEUDO_NAME.call],
    ] as const) {
      for (const [label, name] of Object.entries(names)) {
        expect([name, table[BPF_PSEUDO[name]]]).toEqual([name, label]);
        covered.push(name);
      }
    }
    // A new BPF_PSEUDO_* in regenerated headers shows up here.
    expect(sorted(covered)).toEqual(sorted(Object.keys(BPF_PSEUDO)));
    expect([ld[0], call[0]]).toEqual(['imm', 'helper']);
  });
});

/**
 * The cpu v4 instructions (Linux 6.6) that need no new opcode name: existing 6.1 opcode bytes with a new
 * meaning chosen by off or imm. Opcode bytes and off values from the ISA document (RFC 9669).
 */
describe('cpu v4 encodings built from 6.1 names (known extras without a header name)', () => {
  const h = (...names: string[]): number =>
    names.reduce((code, n) => {
      const v = header[n];
      if (v === undefined) throw new Error(`${n} is not in uapi.gen.ts`);
      return code | v;
    }, 0);
  const cases = [
    { insn: 'sdiv r, imm (64)', code: 0x37, fromHeader: h('BPF_ALU64', 'BPF_DIV', 'BPF_K'), off: [ALU_OFF.SIGNED_DIV_MOD], want: [1] },
    { insn: 'smod w, w (32)', code: 0x9c, fromHeader: h('BPF_ALU', 'BPF_MOD', 'BPF_X'), off: [ALU_OFF.SIGNED_DIV_MOD], want: [1] },
    { insn: 'movsx r, r', code: 0xbf, fromHeader: h('BPF_ALU64', 'BPF_MOV', 'BPF_X'), off: [ALU_OFF.MOVSX8, ALU_OFF.MOVSX16, ALU_OFF.MOVSX32], want: [8, 16, 32] },
    { insn: 'gotol (JMP32 ja, target in imm)', code: 0x06, fromHeader: h('BPF_JMP32', 'BPF_JA'), off: [], want: [] },
    { insn: 'bswap16/32/64 (ALU64 end, source bit 0)', code: 0xd7, fromHeader: h('BPF_ALU64', 'BPF_END', 'BPF_TO_LE'), off: [], want: [] },
  ];
  for (const c of cases) {
    it(c.insn, () => {
      expect(c.fromHeader).toBe(c.code);
      expect(c.off).toEqual(c.want);
    });
  }

  it('ldsx: BPF_LDX | BPF_MEMSX | size, where MEMSX takes the bits of cBPF BPF_LEN', () => {
    const ldsx = (size: 'BPF_B' | 'BPF_H' | 'BPF_W'): number => BPF_CLASS.BPF_LDX | BPF_MODE.BPF_MEMSX | BPF_SIZE[size];
    expect([ldsx('BPF_B'), ldsx('BPF_H'), ldsx('BPF_W')]).toEqual([0x91, 0x89, 0x81]);
    expect(h('BPF_LDX', 'BPF_LEN', 'BPF_B')).toBe(0x91);
  });
});
