// ELF numbers the reader names: gABI 4.1 (e_ident, e_type, sh_type, sh_flags, st_info, st_other),
// the e_machine values a learner is likely to feed us, and the BPF psABI relocation types as LLVM 14+
// emits them (llvm/BinaryFormat/ELFRelocs/BPF.def). Only the names the project prints are listed;
// unknown values print as hex (`nameOf` below), they are never an error by themselves.

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"

export const EI = { CLASS: 4, DATA: 5, VERSION: 6, OSABI: 7, ABIVERSION: 8, NIDENT: 16 } as const;

export const ELFCLASS = { ELFCLASSNONE: 0, ELFCLASS32: 1, ELFCLASS64: 2 } as const;
export const ELFDATA = { ELFDATANONE: 0, ELFDATA2LSB: 1, ELFDATA2MSB: 2 } as const;

export const ELFOSABI = {
  ELFOSABI_NONE: 0,
  ELFOSABI_HPUX: 1,
  ELFOSABI_NETBSD: 2,
  ELFOSABI_GNU: 3,
  ELFOSABI_SOLARIS: 6,
  ELFOSABI_AIX: 7,
  ELFOSABI_IRIX: 8,
  ELFOSABI_FREEBSD: 9,
  ELFOSABI_TRU64: 10,
  ELFOSABI_MODESTO: 11,
  ELFOSABI_OPENBSD: 12,
  ELFOSABI_ARM_AEABI: 64,
  ELFOSABI_ARM: 97,
  ELFOSABI_STANDALONE: 255,
} as const;

export const ET = { ET_NONE: 0, ET_REL: 1, ET_EXEC: 2, ET_DYN: 3, ET_CORE: 4 } as const;

export const EM = {
  EM_NONE: 0,
  EM_386: 3,
  EM_MIPS: 8,
  EM_PPC: 20,
  EM_PPC64: 21,
  EM_S390: 22,
  EM_ARM: 40,
  EM_SPARCV9: 43,
  EM_IA_64: 50,
  EM_X86_64: 62,
  EM_AARCH64: 183,
  EM_RISCV: 243,
  EM_BPF: 247,
  EM_LOONGARCH: 258,
} as const;

/** How a learner would call each machine ("an x86-64 object"). */
export const MACHINE_PROSE: Readonly<Record<number, string>> = {
  [EM.EM_386]: 'Intel 80386',
  [EM.EM_MIPS]: 'MIPS',
  [EM.EM_PPC]: 'PowerPC',
  [EM.EM_PPC64]: '64-bit PowerPC',
  [EM.EM_S390]: 'IBM S/390',
  [EM.EM_ARM]: 'ARM',
  [EM.EM_SPARCV9]: 'SPARC V9',
  [EM.EM_IA_64]: 'IA-64',
  [EM.EM_X86_64]: 'x86-64',
  [EM.EM_AARCH64]: 'ARM aarch64',
  [EM.EM_RISCV]: 'RISC-V',
  [EM.EM_BPF]: 'eBPF',
  [EM.EM_LOONGARCH]: 'LoongArch',
};

export const SHN = {
  SHN_UNDEF: 0,
  SHN_LORESERVE: 0xff00,
  SHN_ABS: 0xfff1,
  SHN_COMMON: 0xfff2,
  SHN_XINDEX: 0xffff,
} as const;

export const SHT = {
  SHT_NULL: 0,
  SHT_PROGBITS: 1,
  SHT_SYMTAB: 2,
  SHT_STRTAB: 3,
  SHT_RELA: 4,
  SHT_HASH: 5,
  SHT_DYNAMIC: 6,
  SHT_NOTE: 7,
  SHT_NOBITS: 8,
  SHT_REL: 9,
  SHT_SHLIB: 10,
  SHT_DYNSYM: 11,
  SHT_INIT_ARRAY: 14,
  SHT_FINI_ARRAY: 15,
  SHT_PREINIT_ARRAY: 16,
  SHT_GROUP: 17,
  SHT_SYMTAB_SHNDX: 18,
  SHT_LLVM_ODRTAB: 0x6fff4c00,
  SHT_LLVM_LINKER_OPTIONS: 0x6fff4c01,
  SHT_LLVM_ADDRSIG: 0x6fff4c03,
  SHT_LLVM_DEPENDENT_LIBRARIES: 0x6fff4c04,
  SHT_LLVM_SYMPART: 0x6fff4c05,
  SHT_LLVM_PART_EHDR: 0x6fff4c06,
  SHT_LLVM_PART_PHDR: 0x6fff4c07,
  SHT_LLVM_BB_ADDR_MAP: 0x6fff4c08,
  SHT_LLVM_CALL_GRAPH_PROFILE: 0x6fff4c09,
  SHT_GNU_ATTRIBUTES: 0x6ffffff5,
  SHT_GNU_HASH: 0x6ffffff6,
  SHT_GNU_LIBLIST: 0x6ffffff7,
  SHT_GNU_verdef: 0x6ffffffd,
  SHT_GNU_verneed: 0x6ffffffe,
  SHT_GNU_versym: 0x6fffffff,
} as const;
export type ShtName = keyof typeof SHT;

/** sh_flags bits, in bit order; `letter` is readelf's key letter. */
export const SHF = [
  { name: 'SHF_WRITE', bit: 0x1n, letter: 'W' },
  { name: 'SHF_ALLOC', bit: 0x2n, letter: 'A' },
  { name: 'SHF_EXECINSTR', bit: 0x4n, letter: 'X' },
  { name: 'SHF_MERGE', bit: 0x10n, letter: 'M' },
  { name: 'SHF_STRINGS', bit: 0x20n, letter: 'S' },
  { name: 'SHF_INFO_LINK', bit: 0x40n, letter: 'I' },
  { name: 'SHF_LINK_ORDER', bit: 0x80n, letter: 'L' },
  { name: 'SHF_OS_NONCONFORMING', bit: 0x100n, letter: 'O' },
  { name: 'SHF_GROUP', bit: 0x200n, letter: 'G' },
  { name: 'SHF_TLS', bit: 0x400n, letter: 'T' },
  { name: 'SHF_COMPRESSED', bit: 0x800n, letter: 'C' },
  { name: 'SHF_GNU_RETAIN', bit: 0x200000n, letter: 'R' },
  { name: 'SHF_EXCLUDE', bit: 0x80000000n, letter: 'E' },
] as const;
export type ShfName = (typeof SHF)[number]['name'];

export const STB = { STB_LOCAL: 0, STB_GLOBAL: 1, STB_WEAK: 2, STB_GNU_UNIQUE: 10 } as const;
export const STT = {
  STT_NOTYPE: 0,
  STT_OBJECT: 1,
  STT_FUNC: 2,
  STT_SECTION: 3,
  STT_FILE: 4,
  STT_COMMON: 5,
  STT_TLS: 6,
  STT_GNU_IFUNC: 10,
} as const;
export const STV = { STV_DEFAULT: 0, STV_INTERNAL: 1, STV_HIDDEN: 2, STV_PROTECTED: 3 } as const;

/** BPF psABI relocation types (llvm/BinaryFormat/ELFRelocs/BPF.def, LLVM 14). */
export const R_BPF = {
  R_BPF_NONE: 0,
  R_BPF_64_64: 1,
  R_BPF_64_ABS64: 2,
  R_BPF_64_ABS32: 3,
  R_BPF_64_NODYLD32: 4,
  R_BPF_64_32: 10,
} as const;
export type RBpfName = keyof typeof R_BPF;

/**
 * Bytes each BPF relocation type patches, counted from r_offset. R_BPF_64_64 covers a whole ld_imm64
 * (two 8-byte slots, imm in bytes 4..7 and 12..15); R_BPF_64_32 covers a call insn (imm in bytes 4..7).
 */
export const R_BPF_WIDTH: Readonly<Record<number, number>> = {
  [R_BPF.R_BPF_NONE]: 0,
  [R_BPF.R_BPF_64_64]: 16,
  [R_BPF.R_BPF_64_ABS64]: 8,
  [R_BPF.R_BPF_64_ABS32]: 4,
  [R_BPF.R_BPF_64_NODYLD32]: 4,
  [R_BPF.R_BPF_64_32]: 8,
};

/** A few x86-64 relocation names, so a learner who feeds us the wrong object still reads real names. */
export const R_X86_64 = {
  R_X86_64_NONE: 0,
  R_X86_64_64: 1,
  R_X86_64_PC32: 2,
  R_X86_64_GOT32: 3,
  R_X86_64_PLT32: 4,
  R_X86_64_32: 10,
  R_X86_64_32S: 11,
} as const;

/**
 * Reverse look-up of an `as const` name → number table, built once: unknown numbers print as
 * `<prefix>0x…` (e.g. 'SHT_0x6fff4c0a'), never as an error.
 */
export function makeNamer(table: Readonly<Record<string, number>>, unknownPrefix: string): (value: number) => string {
  const byValue = new Map<number, string>();
  for (const [name, value] of Object.entries(table)) {
    if (!byValue.has(value)) byValue.set(value, name);
  }
  return (value) => byValue.get(value) ?? `${unknownPrefix}0x${value.toString(16)}`;
}

export const classNameOf = makeNamer(ELFCLASS, 'ELFCLASS_');
export const dataNameOf = makeNamer(ELFDATA, 'ELFDATA_');
export const osabiNameOf = makeNamer(ELFOSABI, 'ELFOSABI_');
export const typeNameOf = makeNamer(ET, 'ET_');
export const machineNameOf = makeNamer(EM, 'EM_');
export const sectionTypeNameOf = makeNamer(SHT, 'SHT_');
export const bindNameOf = makeNamer(STB, 'STB_');
export const symbolTypeNameOf = makeNamer(STT, 'STT_');
export const visibilityNameOf = makeNamer(STV, 'STV_');
const bpfRelocNameOf = makeNamer(R_BPF, 'R_BPF_');
const x86RelocNameOf = makeNamer(R_X86_64, 'R_X86_64_');

/** Relocation type name for a machine, e.g. (EM_BPF, 1) → 'R_BPF_64_64'. */
export function relocationTypeName(machine: number, type: number): string {
  if (machine === EM.EM_BPF) return bpfRelocNameOf(type);
  if (machine === EM.EM_X86_64) return x86RelocNameOf(type);
  return `R_0x${type.toString(16)}`;
}

/** SHF_* names of the bits set in sh_flags, and readelf's letters for them ('x' for unknown bits). */
export function sectionFlags(flags: bigint): { names: string[]; letters: string } {
  const names: string[] = [];
  let letters = '';
  let rest = flags;
  for (const f of SHF) {
    if (flags & f.bit) {
      names.push(f.name);
      letters += f.letter;
      rest &= ~f.bit;
    }
  }
  if (rest !== 0n) {
    names.push(`SHF_0x${rest.toString(16)}`);
    letters += 'x';
  }
  return { names, letters };
}

/** How a learner names an e_machine value: 'x86-64', 'eBPF', or 'machine 0x1234'. */
export function machineProse(machine: number): string {
  return MACHINE_PROSE[machine] ?? `machine 0x${machine.toString(16)}`;
}
