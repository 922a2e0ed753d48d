// The third step of readElf: symbol tables (SHT_SYMTAB, SHT_DYNSYM; gABI 4.1 Elf64_Sym), with names from
// the string table sh_link names and st_shndx resolved to a section (through SHT_SYMTAB_SHNDX when it is
// SHN_XINDEX). A name outside the string table or a section index past the table is an ElfError.
// Symbol values are not checked against their section's size: that is a loader's question, not ELF's.
// Every entry is checked up front with plain number reads; the ElfSymbol objects are built on first use.

import { err, ok, type Result } from '../result.ts';
import { SHN, SHT, bindNameOf, symbolTypeNameOf, visibilityNameOf } from './constants.ts';
import { elfError, hex } from './errors.ts';
import { strAt, strTab, type StrTab } from './strtab.ts';
import type { ElfError, ElfSection, ElfSymbol, ElfSymbolTable } from './types.ts';
import { SYM64_FIELD as F, SYM64_SIZE, readSym64, type WireView } from './wire.ts';

export function readSymbolTables(
  bytes: Uint8Array,
  w: WireView,
  sections: readonly ElfSection[],
): Result<ElfSymbolTable[], ElfError> {
  const tables: ElfSymbolTable[] = [];
  for (const sec of sections) {
    if (sec.type !== SHT_SYMTAB && sec.type !== SHT_DYNSYM) continue;
    const r = readTable(bytes, w, sections, sec);
    if (!r.ok) return r;
    tables.push(r.value);
  }
  return ok(tables);
}

// Module-level copies: hot loops read plain numbers, not (possibly getter-wrapped) imported bindings.
const SHT_SYMTAB: number = SHT.SHT_SYMTAB;
const SHT_DYNSYM: number = SHT.SHT_DYNSYM;
const SHT_SYMTAB_SHNDX: number = SHT.SHT_SYMTAB_SHNDX;
const SHN_UNDEF: number = SHN.SHN_UNDEF;
const SHN_LORESERVE: number = SHN.SHN_LORESERVE;
const SHN_XINDEX: number = SHN.SHN_XINDEX;
const SHN_ABS: number = SHN.SHN_ABS;
const SHN_COMMON: number = SHN.SHN_COMMON;

function readTable(bytes: Uint8Array, w: WireView, sections: readonly ElfSection[], sec: ElfSection): Result<ElfSymbolTable, ElfError> {
  // sections.ts already checked: entsize 24, size a multiple of it, sh_link a SHT_STRTAB inside the file.
  const strSec = sections[sec.link] as ElfSection;
  const names = strTab(bytes, strSec.offset, strSec.size);
  // A string table that ends in NUL terminates every name that starts inside it: then a bounds check suffices.
  const terminated = strSec.size > 0 && bytes[strSec.offset + strSec.size - 1] === 0;
  const shndxSec = sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === sec.index);
  const count = sec.size / SYM64_SIZE;
  const shnum = sections.length;
  const { dv, le } = w;
  const secName = sec.name || `section ${sec.index}`;
  const nameOf = (i: number): string => strAt(names, dv.getUint32(sec.offset + i * SYM64_SIZE, le)) || 'unnamed';

  for (let i = 0; i < count; i++) {
    const off = sec.offset + i * SYM64_SIZE;
    const nameOff = dv.getUint32(off, le);
    if (nameOff >= strSec.size || (!terminated && strAt(names, nameOff) === undefined)) {
      return err(elfError(off + F.st_name, `symbol ${i} in ${secName} has its name at offset ${hex(nameOff)} (st_name), outside its string table ${strSec.name || `section ${strSec.index}`} (size ${hex(strSec.size)}): the symbol table is corrupt`));
    }
    const shndx = dv.getUint16(off + 6, le);
    if (shndx === SHN_XINDEX) {
      // The real index is the i-th u32 of the SHT_SYMTAB_SHNDX section that links to this table.
      if (!shndxSec || (i + 1) * 4 > shndxSec.size) {
        return err(elfError(off + F.st_shndx, `symbol ${i} (${nameOf(i)}) says its section index is in a SHT_SYMTAB_SHNDX section (st_shndx SHN_XINDEX), but ${secName} has no such section covering it: the symbol table is corrupt`));
      }
      const real = dv.getUint32(shndxSec.offset + i * 4, le);
      if (real === 0 || real >= shnum) {
        return err(elfError(shndxSec.offset + i * 4, `symbol ${i} (${nameOf(i)}) is defined in section ${real} (through SHT_SYMTAB_SHNDX), but the object has sections 1..${shnum - 1}: the symbol table is corrupt`));
      }
    } else if (shndx < SHN_LORESERVE && shndx >= shnum) {
      return err(elfError(off + F.st_shndx, `symbol ${i} (${nameOf(i)}) in ${secName} says it is defined in section ${shndx} (st_shndx), but the object has only ${shnum} sections (0..${shnum - 1}): the symbol table is corrupt`));
    }
  }

  const decode = (): ElfSymbol[] => {
    const symbols: ElfSymbol[] = new Array(count);
    for (let i = 0; i < count; i++) symbols[i] = decodeSymbol(w, names, sections, shndxSec, sec.offset, i);
    return symbols;
  };
  return ok({
    sectionIndex: sec.index,
    name: sec.name,
    strtabIndex: sec.link,
    count,
    get symbols(): readonly ElfSymbol[] {
      const value = decode();
      Object.defineProperty(this, 'symbols', { value, enumerable: true });
      return value;
    },
  });
}

/** One Elf64_Sym, already validated by readTable. */
function decodeSymbol(w: WireView, names: StrTab, sections: readonly ElfSection[], shndxSec: ElfSection | undefined, base: number, i: number): ElfSymbol {
  const off = base + i * SYM64_SIZE;
  const raw = readSym64(w, off);
  const shndx = raw.st_shndx;
  let sectionIndex: number | undefined;
  let sectionName: string;
  if (shndx === SHN_UNDEF) {
    sectionName = 'SHN_UNDEF';
  } else if (shndx === SHN_XINDEX && shndxSec) {
    sectionIndex = w.dv.getUint32(shndxSec.offset + i * 4, w.le);
    sectionName = (sections[sectionIndex] as ElfSection).name;
  } else if (shndx >= SHN_LORESERVE) {
    sectionName = shndx === SHN_ABS ? 'SHN_ABS' : shndx === SHN_COMMON ? 'SHN_COMMON' : `SHN_0x${shndx.toString(16)}`;
  } else {
    sectionIndex = shndx;
    sectionName = (sections[shndx] as ElfSection).name;
  }
  const bind = raw.st_info >> 4;
  const type = raw.st_info & 0xf;
  const visibility = raw.st_other & 0x3;
  return {
    index: i,
    name: strAt(names, raw.st_name) ?? '',
    nameOffset: raw.st_name,
    value: raw.st_value,
    size: raw.st_size,
    info: raw.st_info,
    bind,
    bindName: bindNameOf(bind),
    type,
    typeName: symbolTypeNameOf(type),
    other: raw.st_other,
    visibility,
    visibilityName: visibilityNameOf(visibility),
    shndx,
    sectionIndex,
    sectionName,
  };
}
