// The decoded layer of the ELF reader: what `readElf()` hands to the rest of the project.
// Models ELF64 relocatable objects as clang/LLVM (14+) writes them for `-target bpf`/`bpfel`/`bpfeb`
// (gABI 4.1 + the BPF psABI relocation types). Program headers are read only for `describeFile`;
// dynamic sections, notes, groups and DWARF are not decoded here (sections stay raw bytes).
// Conventions: file offsets and sizes are `number` (validated to lie inside the file), addresses,
// symbol values and relocation offsets/addends are `bigint` as in the wire format.

/**
 * A malformed or unsupported object: a sentence a learner can act on, and the byte to look at in a hex dump
 * (the field holding the bad value, e.g. 18 for e_machine, or the start of a table that runs past the end).
 */
export type ElfError = { kind: 'elf-error'; offset: number; message: string };

export interface ElfHeader {
  /** e_ident[EI_CLASS]: 2 → 'ELFCLASS64' (only ELF64 is accepted by readElf). */
  class: number;
  className: string;
  /** e_ident[EI_DATA]: 1 → 'ELFDATA2LSB', 2 → 'ELFDATA2MSB'. */
  data: number;
  dataName: string;
  littleEndian: boolean;
  /** e_ident[EI_VERSION], normally 1 (EV_CURRENT). */
  identVersion: number;
  /** e_ident[EI_OSABI]: 0 → 'ELFOSABI_NONE' (printed "SYSV" by `file`, "UNIX - System V" by readelf). */
  osabi: number;
  osabiName: string;
  abiVersion: number;
  /** e_type: 1 → 'ET_REL'. */
  type: number;
  typeName: string;
  /** e_machine: 247 → 'EM_BPF'. */
  machine: number;
  machineName: string;
  /** e_version, normally 1. */
  version: number;
  entry: bigint;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  /** Number of section headers (already resolved through section 0's sh_size when e_shnum is 0). */
  shnum: number;
  /** Index of the section-name string table (resolved through section 0's sh_link when SHN_XINDEX). */
  shstrndx: number;
}

export interface ElfSection {
  /** Index in the section header table (0 is the null section). */
  index: number;
  /** Name from the section-name string table ('' for section 0). */
  name: string;
  nameOffset: number;
  /** sh_type and its kernel-style name, e.g. 1 → 'SHT_PROGBITS'; unknown types get 'SHT_0x6fff4c03'-style names. */
  type: number;
  typeName: string;
  /** sh_flags and the SHF_* names of the bits set, e.g. ['SHF_ALLOC', 'SHF_EXECINSTR']. */
  flags: bigint;
  flagNames: readonly string[];
  /** readelf's one-letter flag key, e.g. 'AX', 'WA', 'MS'. */
  flagLetters: string;
  addr: bigint;
  /** File offset of the section's bytes (meaningless for SHT_NOBITS, whose size takes no file space). */
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** Byte offset of this section's header in the file (for error messages and inspectors). */
  headerOffset: number;
}

export interface ElfSymbol {
  /** Index in its symbol table (0 is the null symbol). */
  index: number;
  name: string;
  nameOffset: number;
  value: bigint;
  size: bigint;
  info: number;
  /** ELF64_ST_BIND(st_info), e.g. 1 → 'STB_GLOBAL'. */
  bind: number;
  bindName: string;
  /** ELF64_ST_TYPE(st_info), e.g. 2 → 'STT_FUNC'. */
  type: number;
  typeName: string;
  other: number;
  /** ELF64_ST_VISIBILITY(st_other), e.g. 0 → 'STV_DEFAULT'. */
  visibility: number;
  visibilityName: string;
  /** Raw st_shndx (may be SHN_UNDEF 0, SHN_ABS 0xfff1, SHN_COMMON 0xfff2, SHN_XINDEX 0xffff). */
  shndx: number;
  /** Section this symbol is defined in (resolved through SHT_SYMTAB_SHNDX), undefined for UNDEF/ABS/COMMON. */
  sectionIndex: number | undefined;
  /** Name of that section, or 'SHN_UNDEF' / 'SHN_ABS' / 'SHN_COMMON' for the special indices. */
  sectionName: string;
}

export interface ElfSymbolTable {
  /** Index of the SHT_SYMTAB (or SHT_DYNSYM) section. */
  sectionIndex: number;
  name: string;
  /** Index of the string table named by sh_link. */
  strtabIndex: number;
  /** Number of entries (symbol 0 included), known without decoding them. */
  count: number;
  /** Decoded on first access (every entry was validated by readElf already). */
  symbols: readonly ElfSymbol[];
}

export interface ElfRelocation {
  /** Index of this entry within its relocation section. */
  index: number;
  /** r_offset: byte offset inside the target section (for BPF code: instruction index × 8). */
  offset: bigint;
  info: bigint;
  /** ELF64_R_TYPE(r_info) and its name for EM_BPF, e.g. 1 → 'R_BPF_64_64'. */
  type: number;
  typeName: string;
  /** ELF64_R_SYM(r_info): index into the symbol table named by the relocation section's sh_link. */
  symbolIndex: number;
  /** The symbol itself (undefined only when symbolIndex is 0). */
  symbol: ElfSymbol | undefined;
  /** r_addend for SHT_RELA entries; undefined for SHT_REL (BPF uses SHT_REL, the addend is in place). */
  addend: bigint | undefined;
}

export interface ElfRelocationSection {
  /** Index and name of the SHT_REL/SHT_RELA section, e.g. '.reltp/syscalls/sys_enter_write'. */
  sectionIndex: number;
  name: string;
  kind: 'rel' | 'rela';
  /** Section the relocations apply to (sh_info), e.g. the program's code section. */
  targetSectionIndex: number;
  targetName: string;
  /** Symbol table the entries refer to (sh_link). */
  symtabIndex: number;
  /** Number of entries, known without decoding them. */
  count: number;
  /** Decoded on first access (every entry was validated by readElf already). */
  relocations: readonly ElfRelocation[];
}

export interface ElfFile {
  /** The bytes the file was read from (not copied; sectionData() returns views into it). */
  bytes: Uint8Array;
  header: ElfHeader;
  sections: readonly ElfSection[];
  /** The SHT_SYMTAB table's symbols ([] when the object is stripped); decoded on first access. */
  symbols: readonly ElfSymbol[];
  /** Every symbol table (SHT_SYMTAB, SHT_DYNSYM) in section order. */
  symbolTables: readonly ElfSymbolTable[];
  relocationSections: readonly ElfRelocationSection[];
}
