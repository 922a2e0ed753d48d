// The wire layer of the ELF reader: raw ELF32/ELF64 records (gABI 4.1) read with a DataView at explicit
// offsets, in the byte order e_ident[EI_DATA] names. Nothing here validates: every reader assumes its
// caller already checked that `off + record size <= bytes.length` (read.ts does, before each call).
// u64 fields stay bigint; u32/u16/u8 fields are numbers. ELF64 only: readElf() rejects ELF32, and
// describeFile() does its own lenient, bounds-checked reads (it must describe broken files too).

export const EHDR64_SIZE = 64;
export const SHDR64_SIZE = 64;
export const PHDR64_SIZE = 56;
export const SYM64_SIZE = 24;
export const REL64_SIZE = 16;
export const RELA64_SIZE = 24;

/** A DataView over the file plus the byte order every multi-byte read uses. */
export interface WireView {
  dv: DataView;
  le: boolean;
}

export function wireView(bytes: Uint8Array, littleEndian: boolean): WireView {
  return { dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), le: littleEndian };
}

// Elf64_Ehdr (64 bytes)
//  0                              16      18        20        24
//  +------------------------------+-------+---------+---------+
//  | e_ident[16]                  | type  | machine | version |
//  +------------------------------+-------+---------+---------+
//  24              32              40              48
//  +---------------+---------------+---------------+-------+
//  | e_entry (u64) | e_phoff (u64) | e_shoff (u64) | flags |
//  +---------------+---------------+---------------+-------+
//  52       54          56      58          60      62         64
//  +--------+-----------+-------+-----------+-------+----------+
//  | ehsize | phentsize | phnum | shentsize | shnum | shstrndx |
//  +--------+-----------+-------+-----------+-------+----------+
// e_ident: 7f 'E' 'L' 'F', [4] EI_CLASS, [5] EI_DATA, [6] EI_VERSION, [7] EI_OSABI, [8] EI_ABIVERSION, pad.
export interface RawEhdr {
  e_type: number;
  e_machine: number;
  e_version: number;
  e_entry: bigint;
  e_phoff: bigint;
  e_shoff: bigint;
  e_flags: number;
  e_ehsize: number;
  e_phentsize: number;
  e_phnum: number;
  e_shentsize: number;
  e_shnum: number;
  e_shstrndx: number;
}

export function readEhdr64(w: WireView): RawEhdr {
  const { dv, le } = w;
  return {
    e_type: dv.getUint16(16, le),
    e_machine: dv.getUint16(18, le),
    e_version: dv.getUint32(20, le),
    e_entry: dv.getBigUint64(24, le),
    e_phoff: dv.getBigUint64(32, le),
    e_shoff: dv.getBigUint64(40, le),
    e_flags: dv.getUint32(48, le),
    e_ehsize: dv.getUint16(52, le),
    e_phentsize: dv.getUint16(54, le),
    e_phnum: dv.getUint16(56, le),
    e_shentsize: dv.getUint16(58, le),
    e_shnum: dv.getUint16(60, le),
    e_shstrndx: dv.getUint16(62, le),
  };
}

// Elf64_Shdr (64 bytes)
//  0         4         8               16              24              32              40
//  +---------+---------+---------------+---------------+---------------+---------------+
//  | sh_name | sh_type | sh_flags u64  | sh_addr u64   | sh_offset u64 | sh_size u64   |
//  +---------+---------+---------------+---------------+---------------+---------------+
//  40        44        48                  56                 64
//  +---------+---------+-------------------+------------------+
//  | sh_link | sh_info | sh_addralign u64  | sh_entsize u64   |
//  +---------+---------+-------------------+------------------+
export interface RawShdr {
  sh_name: number;
  sh_type: number;
  sh_flags: bigint;
  sh_addr: bigint;
  sh_offset: bigint;
  sh_size: bigint;
  sh_link: number;
  sh_info: number;
  sh_addralign: bigint;
  sh_entsize: bigint;
}

export const SHDR64_FIELD = { sh_name: 0, sh_type: 4, sh_flags: 8, sh_addr: 16, sh_offset: 24, sh_size: 32, sh_link: 40, sh_info: 44, sh_addralign: 48, sh_entsize: 56 } as const;

export function readShdr64(w: WireView, off: number): RawShdr {
  const { dv, le } = w;
  return {
    sh_name: dv.getUint32(off, le),
    sh_type: dv.getUint32(off + 4, le),
    sh_flags: dv.getBigUint64(off + 8, le),
    sh_addr: dv.getBigUint64(off + 16, le),
    sh_offset: dv.getBigUint64(off + 24, le),
    sh_size: dv.getBigUint64(off + 32, le),
    sh_link: dv.getUint32(off + 40, le),
    sh_info: dv.getUint32(off + 44, le),
    sh_addralign: dv.getBigUint64(off + 48, le),
    sh_entsize: dv.getBigUint64(off + 56, le),
  };
}

// Elf64_Phdr is 56 bytes (p_type, p_flags, then six u64: offset, vaddr, paddr, filesz, memsz, align);
// relocatable objects have none, so only the table's extent is checked (header.ts, sections.ts).

// Elf64_Sym (24 bytes)
//  0         4         5          6          8               16              24
//  +---------+---------+----------+----------+---------------+---------------+
//  | st_name | st_info | st_other | st_shndx | st_value u64  | st_size u64   |
//  +---------+---------+----------+----------+---------------+---------------+
//  st_info = bind << 4 | type (low nibble); st_other & 3 = visibility.
export interface RawSym {
  st_name: number;
  st_info: number;
  st_other: number;
  st_shndx: number;
  st_value: bigint;
  st_size: bigint;
}

export const SYM64_FIELD = { st_name: 0, st_info: 4, st_other: 5, st_shndx: 6, st_value: 8, st_size: 16 } as const;

export function readSym64(w: WireView, off: number): RawSym {
  const { dv, le } = w;
  return {
    st_name: dv.getUint32(off, le),
    st_info: dv.getUint8(off + 4),
    st_other: dv.getUint8(off + 5),
    st_shndx: dv.getUint16(off + 6, le),
    st_value: dv.getBigUint64(off + 8, le),
    st_size: dv.getBigUint64(off + 16, le),
  };
}

// Elf64_Rel (16 bytes) and Elf64_Rela (24 bytes)
//  0                 8                                 16                 24
//  +-----------------+----------------+----------------+------------------+
//  | r_offset u64    | r_info: sym u32 (high), type u32 (low) | r_addend s64 (Rela only) |
//  +-----------------+----------------+----------------+------------------+
//  e.g. r_info 0x0000001300000001 = symbol 19, type 1 (R_BPF_64_64).
export interface RawRel {
  r_offset: bigint;
  r_info: bigint;
  r_addend: bigint | undefined;
}

export const REL64_FIELD = { r_offset: 0, r_info: 8, r_addend: 16 } as const;

export function readRel64(w: WireView, off: number, rela: boolean): RawRel {
  const { dv, le } = w;
  return {
    r_offset: dv.getBigUint64(off, le),
    r_info: dv.getBigUint64(off + 8, le),
    r_addend: rela ? dv.getBigInt64(off + 16, le) : undefined,
  };
}

/** ELF64_R_SYM / ELF64_R_TYPE without going through bigint (the u32 halves of r_info). */
export function relSymAndType(w: WireView, off: number): { sym: number; type: number } {
  const first = w.dv.getUint32(off + 8, w.le); // LE: low half (type); BE: high half (sym)
  const second = w.dv.getUint32(off + 12, w.le);
  return w.le ? { sym: second, type: first } : { sym: first, type: second };
}
