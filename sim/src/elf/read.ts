// readElf: bytes → ElfFile or ElfError, for ELF64 eBPF objects as clang/LLVM 14+ and `bpftool gen object`
// write them (little- and big-endian). Four checked steps in file order: header, sections, symbol tables,
// relocations; the first problem found is returned as a value with its byte offset, nothing throws.
// Section contents are never copied (sectionData() returns views); symbol and relocation entries are
// all validated here but turned into objects only on first access; DWARF, BTF and notes stay raw bytes.

import { err, ok, type Result } from '../result.ts';
import { SHF, SHT } from './constants.ts';
import { elfError } from './errors.ts';
import { readHeader } from './header.ts';
import { readRelocationSections } from './relocations.ts';
import { hasFileBytes, readSections } from './sections.ts';
import { readSymbolTables } from './symbols.ts';
import type { ElfError, ElfFile, ElfSection, ElfSymbol } from './types.ts';

export function readElf(bytes: Uint8Array): Result<ElfFile, ElfError> {
  try {
    const h = readHeader(bytes);
    if (!h.ok) return h;
    const { header, w } = h.value;
    const sections = readSections(bytes, w, header);
    if (!sections.ok) return sections;
    const tables = readSymbolTables(bytes, w, sections.value);
    if (!tables.ok) return tables;
    const relocs = readRelocationSections(w, header, sections.value, tables.value);
    if (!relocs.ok) return relocs;
    const symtab = tables.value.find((t) => sections.value[t.sectionIndex]?.type === SHT.SHT_SYMTAB);
    return ok({
      bytes,
      header,
      sections: sections.value,
      get symbols(): readonly ElfSymbol[] {
        return symtab ? symtab.symbols : [];
      },
      symbolTables: tables.value,
      relocationSections: relocs.value,
    });
  } catch (e) {
    // Every read above is bounds-checked first; reaching this is a bug in the reader, still reported as a value.
    return err(elfError(0, `internal error in the ELF reader (please report it with the file): ${e instanceof Error ? e.message : String(e)}`));
  }
}

/** The section's bytes as a view into elf.bytes (no copy); empty for SHT_NOBITS (.bss) and SHT_NULL. */
export function sectionData(elf: ElfFile, s: ElfSection): Uint8Array {
  if (!hasFileBytes(s.type)) return elf.bytes.subarray(0, 0);
  return elf.bytes.subarray(s.offset, s.offset + s.size);
}

/** First section with this exact name, e.g. sectionByName(elf, 'license'). */
export function sectionByName(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name);
}

const SHF_EXECINSTR = SHF.find((f) => f.name === 'SHF_EXECINSTR')?.bit ?? 0x4n;

/** SHT_PROGBITS with SHF_EXECINSTR: where clang puts BPF programs (one per SEC()) and .text subprograms. */
export function isExecutableSection(s: ElfSection): boolean {
  return s.type === SHT.SHT_PROGBITS && (s.flags & SHF_EXECINSTR) !== 0n;
}

/** Symbols of .symtab defined in section `sectionIndex`, ordered by value then index. */
export function symbolsInSection(elf: ElfFile, sectionIndex: number): ElfSymbol[] {
  return elf.symbols
    .filter((sym) => sym.sectionIndex === sectionIndex)
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.index - b.index));
}
