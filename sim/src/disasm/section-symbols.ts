// Which symbols label which bytes of an executable section, by llvm-objdump 14's rules (learned by running
// it): every .symtab symbol defined in the section except STT_SECTION ones, sorted by (address, name
// bytes, st_type); a dummy symbol named after the section at address 0 when no symbol is there; of several
// symbols at one address only the last in that order labels the code (the others cover zero bytes).
// Left out: absolute and undefined symbols (objdump falls back to them only for targets before every
// symbol, which cannot happen once the dummy exists), dynamic symbols (relocatable objects have none).

import type { ElfFile, ElfSection } from '../elf/types.ts';

export interface SectionSymbol {
  /** Section-relative byte address (st_value + sh_addr, as objdump computes it for ET_REL). */
  addr: number;
  name: string;
  /** ELF st_type (STT_FUNC 2, STT_OBJECT 1, STT_NOTYPE 0, ...). */
  type: number;
  /** false for the dummy objdump invents when no symbol starts the section. */
  real: boolean;
}

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_COMMON = 5;
const SHT_NOBITS = 8;
const SHF_EXECINSTR = 0x4n;

/** llvm-objdump -d disassembles sections with SHF_EXECINSTR that take file space and are not empty. */
export function isDisassembledSection(s: ElfSection): boolean {
  return (s.flags & SHF_EXECINSTR) !== 0n && s.type !== SHT_NOBITS && s.size > 0;
}

/** True for symbols whose bytes objdump dumps as data even inside code (STT_OBJECT, STT_COMMON). */
export const isDataSymbolType = (type: number): boolean => type === STT_OBJECT || type === STT_COMMON;

// StringRef ordering: bytewise over UTF-8, which is code-point order (JS `<` compares UTF-16 units).
function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x < 0xd800 && y < 0xd800) return x - y;
      return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
    }
  }
  return a.length - b.length;
}

// Symbols grouped by defining section, computed once per file (objects with hundreds of sections and
// thousands of branch labels would otherwise be walked once per section).
const bySection = new WeakMap<ElfFile, Map<number, SectionSymbol[]>>();

function groupSymbols(elf: ElfFile): Map<number, SectionSymbol[]> {
  let m = bySection.get(elf);
  if (m) return m;
  m = new Map();
  const rel = elf.header.type === 1;
  for (const sym of elf.symbols) {
    const si = sym.sectionIndex;
    if (si === undefined || sym.type === STT_SECTION || sym.index === 0) continue;
    const base = rel ? Number(elf.sections[si]?.addr ?? 0n) : 0;
    let list = m.get(si);
    if (!list) m.set(si, (list = []));
    list.push({ addr: Number(sym.value) + base, name: sym.name, type: sym.type, real: true });
  }
  bySection.set(elf, m);
  return m;
}

/** The sorted symbol list objdump walks for one section (dummy included). */
export function sectionSymbols(elf: ElfFile, section: ElfSection): SectionSymbol[] {
  const list = [...(groupSymbols(elf).get(section.index) ?? [])];
  list.sort((a, b) => a.addr - b.addr || compareNames(a.name, b.name) || a.type - b.type);
  if (list.length === 0 || list[0]?.addr !== 0) {
    list.unshift({ addr: Number(section.addr), name: section.name, type: STT_FUNC, real: false });
  }
  return list;
}

/** The last symbol at or before `target` (objdump's partition_point), for naming branch targets. */
export function symbolAtOrBefore(list: readonly SectionSymbol[], target: number): SectionSymbol | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as SectionSymbol).addr <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}
