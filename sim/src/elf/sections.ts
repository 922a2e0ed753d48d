// The second step of readElf: the section header table, decoded and checked (gABI 4.1 ELF64).
// Every section's name must lie in the section-name table, every section with file bytes must lie inside
// the file and must not share bytes with another section or with the ELF/section/program header tables,
// table sections must have the entry size ELF64 fixes, and sh_link/sh_info must name sections of the
// right type. Section contents are not read here (no copies): sectionData() hands out views later.
// u64 fields are read as two u32 halves into numbers (exact below 2^53, which every valid offset and
// size is); bigints are made only for sh_flags/sh_addr and for error messages.

import { err, ok, type Result } from '../result.ts';
import { SHT, sectionFlags, sectionTypeNameOf } from './constants.ts';
import { elfError, hex } from './errors.ts';
import { strAt, strTab, type StrTab } from './strtab.ts';
import type { ElfError, ElfHeader, ElfSection } from './types.ts';
import { EHDR64_SIZE, PHDR64_SIZE, REL64_SIZE, RELA64_SIZE, SHDR64_FIELD as F, SHDR64_SIZE, SYM64_SIZE, readShdr64, type WireView } from './wire.ts';

const TWO32 = 4294967296;
/** A u64 whose high half reaches 2^21 is at least 2^53: beyond any offset or size a file can have. */
const HI_LIMIT = 0x200000;

// Module-level copies: the hot loops read plain numbers, not (possibly getter-wrapped) imported bindings.
const SHT_NULL: number = SHT.SHT_NULL;
const SHT_NOBITS: number = SHT.SHT_NOBITS;
const SHT_STRTAB: number = SHT.SHT_STRTAB;
const SHT_SYMTAB: number = SHT.SHT_SYMTAB;
const SHT_DYNSYM: number = SHT.SHT_DYNSYM;
const SHT_REL: number = SHT.SHT_REL;
const SHT_RELA: number = SHT.SHT_RELA;
const SHT_SYMTAB_SHNDX: number = SHT.SHT_SYMTAB_SHNDX;

/** Entry size ELF64 fixes for table sections; other types may use any sh_entsize. */
const TABLE_ENTSIZE: ReadonlyMap<number, number> = new Map([
  [SHT_SYMTAB, SYM64_SIZE],
  [SHT_DYNSYM, SYM64_SIZE],
  [SHT_REL, REL64_SIZE],
  [SHT_RELA, RELA64_SIZE],
  [SHT_SYMTAB_SHNDX, 4],
]);

export function hasFileBytes(type: number): boolean {
  return type !== SHT_NOBITS && type !== SHT_NULL;
}

/** Objects repeat a handful of sh_flags values: decode each once (bigint, names, readelf letters). */
interface FlagInfo {
  flags: bigint;
  names: readonly string[];
  letters: string;
}
const flagsCache = new Map<number, FlagInfo>();
function flagsOf(lo: number, hi: number): FlagInfo {
  if (hi === 0) {
    const hit = flagsCache.get(lo);
    if (hit) return hit;
  }
  const flags = (BigInt(hi) << 32n) | BigInt(lo);
  const { names, letters } = sectionFlags(flags);
  const info = { flags, names, letters };
  if (hi === 0 && flagsCache.size < 256) flagsCache.set(lo, info);
  return info;
}

function label(i: number, name: string | undefined): string {
  return name === undefined || name === '' ? `section ${i}` : `section ${i} (${name})`;
}

export function readSections(bytes: Uint8Array, w: WireView, h: ElfHeader): Result<ElfSection[], ElfError> {
  const len = bytes.length;
  const { dv, le } = w;
  const shnum = h.shnum;
  const at = (i: number, field: keyof typeof F): number => h.shoff + i * SHDR64_SIZE + F[field];
  const u64 = (off: number): { lo: number; hi: number } => (le ? { lo: dv.getUint32(off, true), hi: dv.getUint32(off + 4, true) } : { lo: dv.getUint32(off + 4, false), hi: dv.getUint32(off, false) });
  // For messages about a section before the names are trusted: its name if the name table looks sane.
  const nameFor = (i: number): string | undefined => {
    if (h.shstrndx === 0) return undefined;
    const t = readShdr64(w, h.shoff + h.shstrndx * SHDR64_SIZE);
    if (t.sh_type !== SHT_STRTAB || t.sh_offset + t.sh_size > BigInt(len)) return undefined;
    return strAt(strTab(bytes, Number(t.sh_offset), Number(t.sh_size)), dv.getUint32(at(i, 'sh_name'), le));
  };

  // Pass 1: decode each header; check that sizes are sane and file ranges lie inside the file.
  const sections: ElfSection[] = new Array(shnum);
  for (let i = 0; i < shnum; i++) {
    const base = h.shoff + i * SHDR64_SIZE;
    const type = dv.getUint32(base + 4, le);
    const o = u64(base + 24);
    const s = u64(base + 32);
    const offset = o.hi * TWO32 + o.lo;
    const size = s.hi * TWO32 + s.lo;
    if (i === 0 && type !== SHT_NULL) {
      // Section 0 is a placeholder (only its sh_size/sh_link may carry extended counts): nothing may read it.
      return err(elfError(base + F.sh_type, `section 0 must be the null section (SHT_NULL), but its type is ${sectionTypeNameOf(type)}: the section header table is corrupt`));
    }
    if (i !== 0) {
      if (s.hi >= HI_LIMIT) {
        return err(elfError(base + F.sh_size, `${label(i, nameFor(i))} claims a size of ${hex(readShdr64(w, base).sh_size)} bytes (sh_size), more than any real object holds: the section header is corrupt`));
      }
      if (hasFileBytes(type) && (o.hi >= HI_LIMIT || offset + size > len)) {
        const r = readShdr64(w, base);
        return err(elfError(base + F.sh_offset, `${label(i, nameFor(i))} claims file bytes ${hex(r.sh_offset)}..${hex(r.sh_offset + r.sh_size)} (sh_offset ${hex(r.sh_offset)}, sh_size ${hex(r.sh_size)}) but the file ends at ${hex(len)}: the file is truncated or the section header is corrupt`));
      }
    }
    const f = u64(base + 8);
    const { flags, names, letters } = flagsOf(f.lo, f.hi);
    const addr = u64(base + 16);
    const align = u64(base + 48);
    const ent = u64(base + 56);
    sections[i] = {
      index: i,
      name: '',
      nameOffset: dv.getUint32(base, le),
      type,
      typeName: sectionTypeNameOf(type),
      flags,
      flagNames: names,
      flagLetters: letters,
      addr: addr.lo === 0 && addr.hi === 0 ? 0n : dv.getBigUint64(base + 16, le),
      // NOBITS takes no file space: its offset is only a placement hint, kept when it is sane.
      offset: o.hi < HI_LIMIT ? offset : 0,
      size: i === 0 && s.hi >= HI_LIMIT ? 0 : size,
      link: dv.getUint32(base + 40, le),
      info: dv.getUint32(base + 44, le),
      addralign: align.hi < HI_LIMIT ? align.hi * TWO32 + align.lo : Number.MAX_SAFE_INTEGER,
      entsize: ent.hi < HI_LIMIT ? ent.hi * TWO32 + ent.lo : Number.MAX_SAFE_INTEGER,
      headerOffset: base,
    };
  }

  // Pass 2: names, now that the section-name table is known to lie inside the file.
  let names: StrTab | undefined;
  if (h.shstrndx !== 0) {
    const t = sections[h.shstrndx] as ElfSection;
    if (t.type !== SHT_STRTAB) {
      return err(elfError(at(h.shstrndx, 'sh_type'), `e_shstrndx names section ${h.shstrndx} as the section-name table, but its type is ${t.typeName}, not SHT_STRTAB: the ELF header or that section header is corrupt`));
    }
    names = strTab(bytes, t.offset, t.size);
  }
  for (let i = 1; i < shnum; i++) {
    const s = sections[i] as ElfSection;
    if (names) {
      const name = strAt(names, s.nameOffset);
      if (name === undefined) {
        return err(elfError(at(i, 'sh_name'), `section ${i}'s name (sh_name ${hex(s.nameOffset)}) does not lie inside the section-name table (size ${hex(names.size)}, section ${h.shstrndx}): the section header is corrupt`));
      }
      s.name = name;
    }
    const bad = checkShape(s, sections, w);
    if (bad) return err(elfError(at(i, bad.field), bad.message));
  }

  const overlap = findOverlap(sections, h);
  if (overlap) return err(overlap);
  return ok(sections);
}

/** Entry size and sh_link/sh_info of table sections: the checks symbols.ts and relocations.ts rely on. */
function checkShape(s: ElfSection, sections: readonly ElfSection[], w: WireView): { field: keyof typeof F; message: string } | undefined {
  const want = TABLE_ENTSIZE.get(s.type);
  if (want === undefined) return undefined; // only table sections have a fixed shape
  const shnum = sections.length;
  if (s.entsize !== want) {
    const raw = readShdr64(w, s.headerOffset).sh_entsize;
    return { field: 'sh_entsize', message: `${label(s.index, s.name)} is a ${s.typeName} whose entries are ${want} bytes in ELF64, but its sh_entsize is ${raw}: the section header is corrupt` };
  }
  if (s.size % want !== 0) {
    return { field: 'sh_size', message: `${label(s.index, s.name)} is ${hex(s.size)} bytes long, not a whole number of ${want}-byte ${s.typeName} entries: the file is truncated or the section header is corrupt` };
  }
  let wanted: number[];
  let what: string;
  if (s.type === SHT_SYMTAB || s.type === SHT_DYNSYM) [wanted, what] = [[SHT_STRTAB], 'string table (a SHT_STRTAB)'];
  else if (s.type === SHT_SYMTAB_SHNDX) [wanted, what] = [[SHT_SYMTAB], 'symbol table (a SHT_SYMTAB)'];
  else [wanted, what] = [[SHT_SYMTAB, SHT_DYNSYM], 'symbol table (a SHT_SYMTAB)'];
  const linked = s.link > 0 && s.link < shnum ? (sections[s.link] as ElfSection) : undefined;
  if (!linked || !wanted.includes(linked.type)) {
    const actually = linked ? `section ${s.link}, a ${linked.typeName}` : s.link === 0 ? 'section 0' : `section ${s.link}, which does not exist (there are ${shnum})`;
    return { field: 'sh_link', message: `${label(s.index, s.name)} is a ${s.typeName} whose sh_link must name its ${what}, but it names ${actually}: the section header is corrupt` };
  }
  if ((s.type === SHT_REL || s.type === SHT_RELA) && s.info >= shnum) {
    return { field: 'sh_info', message: `${label(s.index, s.name)} says its relocations apply to section ${s.info} (sh_info), but there are only ${shnum} sections (0..${shnum - 1}): the section header is corrupt` };
  }
  return undefined;
}

/** No two things in the file may share bytes: sort the extents and compare each with the furthest-reaching one before it. */
function findOverlap(sections: readonly ElfSection[], h: ElfHeader): ElfError | undefined {
  // Extents as [start, end, section index]; -1, -2, -3 stand for the ELF header and the two header tables.
  const extents: [number, number, number][] = [[0, EHDR64_SIZE, -1]];
  if (h.shnum > 0) extents.push([h.shoff, h.shoff + h.shnum * SHDR64_SIZE, -2]);
  if (h.phnum > 0) extents.push([h.phoff, h.phoff + h.phnum * PHDR64_SIZE, -3]);
  for (const s of sections) {
    if (s.index !== 0 && s.size !== 0 && hasFileBytes(s.type)) extents.push([s.offset, s.offset + s.size, s.index]);
  }
  extents.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  let reach: [number, number, number] | undefined;
  for (const e of extents) {
    if (reach && e[0] < reach[1]) {
      // Blame a section rather than a header table, and the later section of two.
      const [culprit, other] = e[2] >= 0 && (reach[2] < 0 || e[2] > reach[2]) ? [e, reach] : [reach, e];
      const what = (x: [number, number, number]): string =>
        x[2] === -1 ? 'the ELF header' : x[2] === -2 ? 'the section header table' : x[2] === -3 ? 'the program header table' : label(x[2], sections[x[2]]?.name);
      const blame = culprit[2] >= 0 ? (sections[culprit[2]] as ElfSection).headerOffset + F.sh_offset : 40;
      return elfError(blame, `${what(culprit)} at file bytes ${hex(culprit[0])}..${hex(culprit[1])} overlaps ${what(other)} at ${hex(other[0])}..${hex(other[1])}; nothing in an object may share bytes: the section header is corrupt`);
    }
    if (!reach || e[1] > reach[1]) reach = e;
  }
  return undefined;
}
