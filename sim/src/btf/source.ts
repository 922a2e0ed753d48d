// Where BTF comes from, decided as libbpf 1.1's btf__parse() decides it for `bpftool btf dump file`: a file
// that starts with the BTF magic (either byte order) is raw BTF (/sys/kernel/btf/vmlinux); anything else is
// read as ELF and its `.BTF` section (the last one, as libbpf's section walk keeps it) is decoded, with
// `.BTF.ext` alongside when present. Pointer size comes from the ELF class (8 for the ELF64 objects the ELF
// reader accepts); for raw BTF the C printer guesses it. Split BTF (module files) is not modelled.

import { BTF_MAGIC } from './kinds.ts';
import { decodeBtf } from './decode.ts';
import { indexBtf, type BtfIndex } from './record-index.ts';
import { decodeBtfExt, type BtfExt } from './ext.ts';
import type { Btf, BtfError } from './types.ts';
import { readElf, sectionData } from '../elf/read.ts';
import type { ElfError, ElfFile } from '../elf/types.ts';
import { err, ok, type Result } from '../result.ts';

export interface BtfSource {
  origin: 'raw' | 'elf';
  btf: Btf;
  /** Decoded .BTF.ext, when the object has one (undefined for raw BTF). */
  ext?: BtfExt;
  /** A .BTF.ext that failed to decode (the .BTF itself is still usable, as for bpftool's dump). */
  extError?: BtfError;
  /** 8 for ELF64 objects; undefined for raw BTF. */
  pointerSize?: number;
  /** Byte offset of the .BTF section in the file (0 for raw BTF), to turn error offsets into file offsets. */
  btfFileOffset: number;
}

/** True when the bytes start with the BTF magic in either byte order (libbpf's raw-BTF test). */
export function isRawBtf(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  return (bytes[0] === (BTF_MAGIC & 0xff) && bytes[1] === BTF_MAGIC >> 8) || (bytes[0] === BTF_MAGIC >> 8 && bytes[1] === (BTF_MAGIC & 0xff));
}

/** Offsets of errors inside the .BTF section are shifted to file offsets. */
function shift(e: BtfError, by: number): BtfError {
  return { ...e, offset: e.offset + by };
}

/** The object's .BTF and .BTF.ext sections (the last of each name, as libbpf's section walk keeps them). */
function btfSections(elf: ElfFile) {
  let btfSec;
  let extSec;
  for (const s of elf.sections) {
    if (s.name === '.BTF') btfSec = s;
    else if (s.name === '.BTF.ext') extSec = s;
  }
  return { btfSec, extSec };
}

const NO_BTF: BtfError = { kind: 'btf-error', offset: 0, message: "The object has no '.BTF' section: compile with clang -g to get BTF." };

/** The object's .BTF indexed only (libbpf's checks, no type objects): enough to print it raw or browse it. */
export function indexBtfFromElf(elf: ElfFile): Result<BtfIndex, BtfError> {
  const { btfSec } = btfSections(elf);
  if (!btfSec) return err(NO_BTF);
  const ix = indexBtf(sectionData(elf, btfSec));
  return ix.ok ? ix : err(shift(ix.error, btfSec.offset));
}

export function readBtfFromElf(elf: ElfFile): Result<BtfSource, BtfError> {
  const { btfSec, extSec } = btfSections(elf);
  if (!btfSec) return err(NO_BTF);
  const b = decodeBtf(sectionData(elf, btfSec));
  if (!b.ok) return err(shift(b.error, btfSec.offset));
  const src: BtfSource = { origin: 'elf', btf: b.value, pointerSize: 8, btfFileOffset: btfSec.offset };
  if (extSec) {
    const e = decodeBtfExt(sectionData(elf, extSec), b.value);
    if (e.ok) src.ext = e.value;
    else src.extError = shift(e.error, extSec.offset);
  }
  return ok(src);
}

/** Raw BTF or an ELF object's BTF, as `bpftool btf dump file <path>` accepts either. */
export function readBtfSource(bytes: Uint8Array): Result<BtfSource, BtfError | ElfError> {
  if (isRawBtf(bytes)) {
    const b = decodeBtf(bytes);
    return b.ok ? ok({ origin: 'raw', btf: b.value, btfFileOffset: 0 }) : b;
  }
  const elf = readElf(bytes);
  if (!elf.ok) return elf;
  return readBtfFromElf(elf.value);
}
