// The last step of readElf: relocation sections (SHT_REL, SHT_RELA; gABI 4.1 Elf64_Rel/Rela) with BPF
// psABI type names (LLVM 14: R_BPF_64_64 for ld_imm64 of maps/globals, R_BPF_64_32 for calls,
// R_BPF_64_ABS32/ABS64/NODYLD32 in DWARF and .BTF.ext). Each entry must name an existing symbol and patch
// bytes inside its target section. What a loader does with an entry (map fd, subprog call) is not modelled here.

import { err, ok, type Result } from '../result.ts';
import { R_BPF_WIDTH, SHT, relocationTypeName } from './constants.ts';

// Module-level copies: the hot loop reads plain values, not (possibly getter-wrapped) imported bindings.
const WIDTH: Readonly<Record<number, number>> = { ...R_BPF_WIDTH };
const SHT_REL: number = SHT.SHT_REL;
const SHT_RELA: number = SHT.SHT_RELA;
import { bytesWord, elfError, hex } from './errors.ts';
import type { ElfError, ElfHeader, ElfRelocation, ElfRelocationSection, ElfSection, ElfSymbolTable } from './types.ts';
import { REL64_FIELD as F, REL64_SIZE, RELA64_SIZE, readRel64, relSymAndType, type WireView } from './wire.ts';

export function readRelocationSections(
  w: WireView,
  h: ElfHeader,
  sections: readonly ElfSection[],
  tables: readonly ElfSymbolTable[],
): Result<ElfRelocationSection[], ElfError> {
  const out: ElfRelocationSection[] = [];
  for (const sec of sections) {
    if (sec.type !== SHT_REL && sec.type !== SHT_RELA) continue;
    const r = readOne(w, h, sections, tables, sec);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** Host byte order: typed arrays read in it, so they can stand in for DataView on little-endian files. */
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The first bad entry (symbol index past the table, or patch past the target's end), or undefined. */
function validate(w: WireView, sec: ElfSection, entsize: number, count: number, nsyms: number, targetSize: number, checkOffset: boolean): { i: number; field: 'r_info' | 'r_offset' } | undefined {
  const { dv, le } = w;
  const stride = entsize / 4;
  const start = dv.byteOffset + sec.offset;
  if (le && HOST_LE && start % 4 === 0) {
    // Fast path: u32 words [offset lo, offset hi, type, sym] (+ addend for RELA).
    const words = new Uint32Array(dv.buffer, start, count * stride);
    for (let i = 0, k = 0; i < count; i++, k += stride) {
      if ((words[k + 3] as number) >= nsyms) return { i, field: 'r_info' };
      // hi * 2^32 + lo is exact below 2^53; above that it is still far beyond any section's end.
      if (checkOffset && (words[k + 1] as number) * 4294967296 + (words[k] as number) + (WIDTH[words[k + 2] as number] ?? 1) > targetSize) return { i, field: 'r_offset' };
    }
    return undefined;
  }
  for (let i = 0; i < count; i++) {
    const off = sec.offset + i * entsize;
    const { sym, type } = relSymAndType(w, off);
    if (sym >= nsyms) return { i, field: 'r_info' };
    const lo = dv.getUint32(off + (le ? 0 : 4), le);
    const hi = dv.getUint32(off + (le ? 4 : 0), le);
    if (checkOffset && hi * 4294967296 + lo + (WIDTH[type] ?? 1) > targetSize) return { i, field: 'r_offset' };
  }
  return undefined;
}

function readOne(
  w: WireView,
  h: ElfHeader,
  sections: readonly ElfSection[],
  tables: readonly ElfSymbolTable[],
  sec: ElfSection,
): Result<ElfRelocationSection, ElfError> {
  // sections.ts already checked: entsize, size multiple, sh_link a symbol table, sh_info < shnum.
  const rela = sec.type === SHT_RELA;
  const entsize = rela ? RELA64_SIZE : REL64_SIZE;
  const table = tables.find((t) => t.sectionIndex === sec.link) as ElfSymbolTable;
  const target = sections[sec.info] as ElfSection;
  const count = sec.size / entsize;
  // Validate every entry with plain number reads (no bigint, no objects): DWARF alone brings thousands
  // of relocations, and most readers never look at them. The entries are decoded on first access.
  const bad = validate(w, sec, entsize, count, table.count, target.size, sec.info !== 0);
  if (bad !== undefined) {
    const { i, field } = bad;
    const off = sec.offset + i * entsize;
    const { sym, type } = relSymAndType(w, off);
    if (field === 'r_info') {
      return err(elfError(off + F.r_info, `relocation ${i} in ${sec.name} refers to symbol ${sym}, but its symbol table has only ${table.count} symbols (0..${table.count - 1}): the relocation section is corrupt`));
    }
    const raw = readRel64(w, off, rela);
    return err(elfError(off + F.r_offset, `relocation ${i} in ${sec.name} (${relocationTypeName(h.machine, type)}) patches ${bytesWord(WIDTH[type] ?? 1)} at offset ${hex(raw.r_offset)} of ${target.name || `section ${target.index}`}, but that section is only ${hex(target.size)} bytes long: the relocation or the section header is corrupt`));
  }
  const decode = (): ElfRelocation[] => {
    const symbols = table.symbols;
    const { dv, le } = w;
    const names = new Map<number, string>();
    const out: ElfRelocation[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const off = sec.offset + i * entsize;
      const a = dv.getUint32(off + 8, le);
      const b = dv.getUint32(off + 12, le);
      const sym = le ? b : a;
      const type = le ? a : b;
      let typeName = names.get(type);
      if (typeName === undefined) names.set(type, (typeName = relocationTypeName(h.machine, type)));
      out[i] = {
        index: i,
        offset: dv.getBigUint64(off, le),
        info: dv.getBigUint64(off + 8, le),
        type,
        typeName,
        symbolIndex: sym,
        symbol: sym === 0 ? undefined : symbols[sym],
        addend: rela ? dv.getBigInt64(off + 16, le) : undefined,
      };
    }
    return out;
  };
  return ok({
    sectionIndex: sec.index,
    name: sec.name,
    kind: rela ? 'rela' : 'rel',
    targetSectionIndex: sec.info,
    targetName: target.name,
    symtabIndex: sec.link,
    count,
    get relocations(): readonly ElfRelocation[] {
      const value = decode();
      Object.defineProperty(this, 'relocations', { value, enumerable: true });
      return value;
    },
  });
}
