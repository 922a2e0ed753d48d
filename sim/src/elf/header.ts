// The first step of readElf: e_ident, the ELF64 header and the extents of the section and program header
// tables (gABI 4.1, including extended numbering: e_shnum 0 / e_shstrndx SHN_XINDEX read from section 0).
// It checks exactly what a later step would otherwise trip over, in file order, and names the first problem.
// Accepts ELF64 eBPF objects of any e_type; everything else is an ElfError saying what the file is instead.

import { err, ok, type Result } from '../result.ts';
import {
  EI,
  ELF_MAGIC,
  ELFCLASS,
  ELFDATA,
  EM,
  SHN,
  classNameOf,
  dataNameOf,
  machineNameOf,
  machineProse,
  osabiNameOf,
  typeNameOf,
} from './constants.ts';
import { bytesWord, elfError, hex } from './errors.ts';
import type { ElfError, ElfHeader } from './types.ts';
import { EHDR64_SIZE, PHDR64_SIZE, SHDR64_SIZE, readEhdr64, readShdr64, wireView, type WireView } from './wire.ts';

export interface HeaderStep {
  header: ElfHeader;
  w: WireView;
}

/** Looks like a text file (C source, assembly, a shell script): printable ASCII and whitespace only. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 256);
  for (let i = 0; i < n; i++) {
    const c = bytes[i] as number;
    if (!(c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0x7f))) return false;
  }
  return true;
}

function checkIdent(bytes: Uint8Array): ElfError | undefined {
  const len = bytes.length;
  if (len === 0) {
    return elfError(0, 'the file is empty (0 bytes), so it is not an ELF object: check that the compile step really wrote it');
  }
  for (let i = 0; i < ELF_MAGIC.length; i++) {
    if (i >= len) {
      return elfError(len, `the file is only ${bytesWord(len)} long, too short even for the ELF magic number: the file is truncated`);
    }
    if (bytes[i] !== ELF_MAGIC[i]) {
      const first = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      const what = looksLikeText(bytes) ? 'it looks like a text file (C source or assembly?)' : `it starts with ${first}`;
      return elfError(i, `this is not an ELF object: an ELF file starts with the bytes 7f 45 4c 46 ("\\x7fELF") but ${what}; pass the .o that clang -target bpf wrote`);
    }
  }
  if (len < EI.NIDENT) {
    return elfError(len, `the file is only ${bytesWord(len)} long, shorter than the 16-byte ELF identification: the file is truncated`);
  }
  const cls = bytes[EI.CLASS] as number;
  if (cls === ELFCLASS.ELFCLASS32) {
    return elfError(EI.CLASS, 'this is a 32-bit ELF object (ELFCLASS32), but eBPF objects are 64-bit (ELFCLASS64): compile the program with clang -target bpf');
  }
  if (cls !== ELFCLASS.ELFCLASS64) {
    return elfError(EI.CLASS, `e_ident[EI_CLASS] is ${cls}, neither ELFCLASS32 (1) nor ELFCLASS64 (2): the file is corrupt`);
  }
  const data = bytes[EI.DATA] as number;
  if (data !== ELFDATA.ELFDATA2LSB && data !== ELFDATA.ELFDATA2MSB) {
    return elfError(EI.DATA, `e_ident[EI_DATA] is ${data}, neither ELFDATA2LSB (1, little-endian) nor ELFDATA2MSB (2, big-endian), so the byte order is unknown: the file is corrupt`);
  }
  const version = bytes[EI.VERSION] as number;
  if (version !== 1) {
    return elfError(EI.VERSION, `e_ident[EI_VERSION] is ${version}, but 1 (EV_CURRENT) is the only ELF version there is: the file is corrupt`);
  }
  if (len < EHDR64_SIZE) {
    return elfError(len, `the ELF64 header needs 64 bytes but the file has only ${len} (${hex(len)}): the file is truncated`);
  }
  return undefined;
}

export function readHeader(bytes: Uint8Array): Result<HeaderStep, ElfError> {
  const identError = checkIdent(bytes);
  if (identError) return err(identError);
  const len = bytes.length;
  const w = wireView(bytes, bytes[EI.DATA] === ELFDATA.ELFDATA2LSB);
  const raw = readEhdr64(w);

  if (raw.e_machine !== EM.EM_BPF) {
    return err(elfError(18, `this is ${article(machineProse(raw.e_machine))} object (e_machine ${raw.e_machine}, ${machineNameOf(raw.e_machine)}), not eBPF (EM_BPF, 247): compile the program with clang -target bpf`));
  }

  // Section header table extent, with gABI extended numbering (counts past 0xff00 live in section 0).
  let shnum = raw.e_shnum;
  let shstrndx = raw.e_shstrndx;
  let shoff = 0;
  const lenBig = BigInt(len);
  if (raw.e_shoff === 0n) {
    if (raw.e_shnum !== 0) {
      return err(elfError(40, `e_shoff is 0 (no section header table) but e_shnum says there are ${raw.e_shnum} sections: the ELF header is corrupt`));
    }
    shstrndx = 0;
  } else {
    if (raw.e_shentsize !== SHDR64_SIZE) {
      return err(elfError(58, `e_shentsize is ${raw.e_shentsize}, but ELF64 section headers are 64 bytes: the ELF header is corrupt`));
    }
    if (raw.e_shoff < BigInt(EHDR64_SIZE)) {
      return err(elfError(40, `the section header table at offset ${hex(raw.e_shoff)} (e_shoff) overlaps the 64-byte ELF header: the ELF header is corrupt`));
    }
    if (raw.e_shoff + BigInt(SHDR64_SIZE) > lenBig) {
      return err(elfError(Number(raw.e_shoff < lenBig ? raw.e_shoff : 40n), `the section header table at offset ${hex(raw.e_shoff)} runs past the end of the file (size ${hex(len)}): the file is truncated`));
    }
    shoff = Number(raw.e_shoff);
    const sec0 = readShdr64(w, shoff);
    let count = BigInt(raw.e_shnum);
    if (raw.e_shnum === 0) count = sec0.sh_size; // extended numbering
    if (raw.e_shstrndx === SHN.SHN_XINDEX) shstrndx = sec0.sh_link;
    const end = raw.e_shoff + count * BigInt(SHDR64_SIZE);
    if (end > lenBig) {
      return err(elfError(shoff, `the section header table at offset ${hex(shoff)} holds ${count} headers of 64 bytes (up to ${hex(end)}), which runs past the end of the file (size ${hex(len)}): the file is truncated or the section count is corrupt`));
    }
    shnum = Number(count);
    if (shnum === 0) shstrndx = 0;
    else if (shstrndx >= shnum) {
      return err(elfError(62, `e_shstrndx says the section names are in section ${shstrndx}, but there are only ${shnum} sections (0..${shnum - 1}): the ELF header is corrupt`));
    }
  }

  // Program header table (relocatable objects have none; checked so describeFile-style readers can trust it).
  let phoff = 0;
  if (raw.e_phnum !== 0) {
    if (raw.e_phentsize !== PHDR64_SIZE) {
      return err(elfError(54, `e_phentsize is ${raw.e_phentsize}, but ELF64 program headers are 56 bytes: the ELF header is corrupt`));
    }
    const end = raw.e_phoff + BigInt(raw.e_phnum * PHDR64_SIZE);
    if (raw.e_phoff < BigInt(EHDR64_SIZE) || end > lenBig) {
      return err(elfError(32, `the program header table at offset ${hex(raw.e_phoff)} (${raw.e_phnum} entries, up to ${hex(end)}) does not lie between the ELF header and the end of the file (size ${hex(len)}): the file is truncated or the ELF header is corrupt`));
    }
    phoff = Number(raw.e_phoff);
  }

  const cls = bytes[EI.CLASS] as number;
  const data = bytes[EI.DATA] as number;
  const osabi = bytes[EI.OSABI] as number;
  const header: ElfHeader = {
    class: cls,
    className: classNameOf(cls),
    data,
    dataName: dataNameOf(data),
    littleEndian: w.le,
    identVersion: bytes[EI.VERSION] as number,
    osabi,
    osabiName: osabiNameOf(osabi),
    abiVersion: bytes[EI.ABIVERSION] as number,
    type: raw.e_type,
    typeName: typeNameOf(raw.e_type),
    machine: raw.e_machine,
    machineName: machineNameOf(raw.e_machine),
    version: raw.e_version,
    entry: raw.e_entry,
    phoff,
    shoff,
    flags: raw.e_flags,
    ehsize: raw.e_ehsize,
    phentsize: raw.e_phentsize,
    phnum: raw.e_phnum,
    shentsize: raw.e_shentsize,
    shnum,
    shstrndx,
  };
  return ok({ header, w });
}

/** 'an x86-64', 'an ARM', 'a RISC-V': the article a learner hears before the machine's name. */
function article(word: string): string {
  return /^(x86|ARM|IA-|IBM|Intel|eBPF)/.test(word) ? `an ${word}` : `a ${word}`;
}
