// What an ELF object says about its programs, maps and license before any BTF is decoded, following
// libbpf 1.1's section conventions (bpf_object__elf_collect): executable sections hold programs (one per
// SEC(), `.text` holds subprograms), `.maps` holds BTF-defined maps, `maps` legacy struct bpf_map_def maps,
// `.bss`/`.data`/`.rodata*` global data that libbpf turns into array maps, `license` a NUL-terminated string.
// Map types, key/value sizes and program types need BTF and the section-name table: not here.

import { SHT, STT } from './constants.ts';
import { isExecutableSection, sectionData } from './read.ts';
import type { ElfFile, ElfSymbol } from './types.ts';

export interface ProgramFunction {
  name: string;
  bind: string;
  /** Byte offset in the section and the same as an instruction index (offset / 8). */
  offset: number;
  insnIndex: number;
  /** st_size in bytes and in 8-byte instruction slots. */
  size: number;
  insnCount: number;
}

export interface ProgramSection {
  section: string;
  sectionIndex: number;
  size: number;
  /** 8-byte instruction slots (an ld_imm64 takes two). */
  insnCount: number;
  /** `.text` holds subprograms (called from programs), every other executable section is a program. */
  isSubprogramSection: boolean;
  functions: ProgramFunction[];
  /** Relocations applied to this section (from its .rel section), counted. */
  relocationCount: number;
}

export type DataSectionKind = 'btf-maps' | 'legacy-maps' | 'bss' | 'data' | 'rodata' | 'kconfig';

export interface DataVariable {
  name: string;
  offset: number;
  size: number;
}

export interface DataSection {
  section: string;
  sectionIndex: number;
  kind: DataSectionKind;
  /** Section size in bytes (for .bss the zero-filled size; it takes no file space). */
  size: number;
  /** Symbols inside: for .maps/maps one per map, for global data one per variable. */
  symbols: DataVariable[];
}

export interface ElfSummary {
  programs: ProgramSection[];
  dataSections: DataSection[];
  /** The `license` section's string, e.g. 'Dual BSD/GPL'; undefined when the object has none. */
  license: string | undefined;
  /** The `version` section's u32 (old kprobe objects), undefined when absent. */
  kernelVersion: number | undefined;
  btf: { size: number } | undefined;
  btfExt: { size: number } | undefined;
}

function dataKind(name: string): DataSectionKind | undefined {
  if (name === '.maps') return 'btf-maps';
  if (name === 'maps') return 'legacy-maps';
  if (name === '.bss' || name.startsWith('.bss.')) return 'bss';
  if (name === '.data' || name.startsWith('.data.')) return 'data';
  if (name === '.rodata' || name.startsWith('.rodata.')) return 'rodata';
  if (name === '.kconfig') return 'kconfig';
  return undefined;
}

const utf8 = new TextDecoder('utf-8');

function toVariable(sym: ElfSymbol): DataVariable {
  return { name: sym.name, offset: Number(sym.value), size: Number(sym.size) };
}

export function summarizeElf(elf: ElfFile): ElfSummary {
  const relocCount = new Map<number, number>();
  for (const rs of elf.relocationSections) {
    relocCount.set(rs.targetSectionIndex, (relocCount.get(rs.targetSectionIndex) ?? 0) + rs.relocations.length);
  }
  // Symbols grouped by section once (objects with hundreds of programs would otherwise rescan them all).
  const bySection = new Map<number, ElfSymbol[]>();
  for (const sym of elf.symbols) {
    if (sym.sectionIndex === undefined) continue;
    const list = bySection.get(sym.sectionIndex);
    if (list) list.push(sym);
    else bySection.set(sym.sectionIndex, [sym]);
  }
  const inSection = (i: number): ElfSymbol[] =>
    (bySection.get(i) ?? []).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.index - b.index));
  const programs: ProgramSection[] = [];
  const dataSections: DataSection[] = [];
  for (const s of elf.sections) {
    if (isExecutableSection(s)) {
      const functions = inSection(s.index)
        .filter((sym) => sym.type === STT.STT_FUNC)
        .map((sym) => ({
          name: sym.name,
          bind: sym.bindName,
          offset: Number(sym.value),
          insnIndex: Math.floor(Number(sym.value) / 8),
          size: Number(sym.size),
          insnCount: Math.floor(Number(sym.size) / 8),
        }));
      programs.push({
        section: s.name,
        sectionIndex: s.index,
        size: s.size,
        insnCount: Math.floor(s.size / 8),
        isSubprogramSection: s.name === '.text',
        functions,
        relocationCount: relocCount.get(s.index) ?? 0,
      });
      continue;
    }
    const kind = s.type === SHT.SHT_PROGBITS || s.type === SHT.SHT_NOBITS ? dataKind(s.name) : undefined;
    if (kind) {
      const symbols = inSection(s.index)
        .filter((sym) => sym.type === STT.STT_OBJECT || (sym.type === STT.STT_NOTYPE && sym.name !== ''))
        .map(toVariable);
      dataSections.push({ section: s.name, sectionIndex: s.index, kind, size: s.size, symbols });
    }
  }

  let license: string | undefined;
  let kernelVersion: number | undefined;
  let btf: { size: number } | undefined;
  let btfExt: { size: number } | undefined;
  for (const s of elf.sections) {
    if (s.name === 'license' && s.type === SHT.SHT_PROGBITS) {
      const bytes = sectionData(elf, s);
      const nul = bytes.indexOf(0);
      license = utf8.decode(bytes.subarray(0, nul === -1 ? bytes.length : nul));
    } else if (s.name === 'version' && s.type === SHT.SHT_PROGBITS && s.size === 4) {
      const b = sectionData(elf, s);
      kernelVersion = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, elf.header.littleEndian);
    } else if (s.name === '.BTF') {
      btf = { size: s.size };
    } else if (s.name === '.BTF.ext') {
      btfExt = { size: s.size };
    }
  }
  return { programs, dataSections, license, kernelVersion, btf, btfExt };
}
