// Writing an ELF64 little-endian relocatable object (ET_REL, EM_BPF) the way LLVM 14's integrated assembler
// lays one out: [0] null, [1] .strtab (section and symbol names share it, as clang's do), the content
// sections in the caller's order each followed by its ".rel<name>" (SHT_REL, BPF has no addends outside the
// instruction), and .symtab last. Symbols: null, then every STB_LOCAL one, then the rest (sh_info = first
// non-local, as gABI requires). Numbers come from elf/constants.ts, record sizes from elf/wire.ts; readElf
// reads the result back; big-endian (bpfeb) objects swap every multi-byte field. Left out: program
// headers, SHT_RELA, section groups.
//
//   Elf64_Sym (24 bytes)                              Elf64_Rel (16 bytes)
//   +---------+------+-------+-------+-------+------+  +-----------+----------------------------+
//   | name:32 | info | other | shndx | value | size |  | offset:64 | info:64 = sym << 32 | type   |
//   +---------+------+-------+-------+-------+------+  +-----------+----------------------------+

import { EI, ELFCLASS, ELFDATA, EM, ET, SHF, SHN, SHT, STB, STT } from '../elf/constants.ts';
import { EHDR64_SIZE, REL64_SIZE, SHDR64_SIZE, SYM64_SIZE } from '../elf/wire.ts';

export interface OutSection {
  name: string;
  type: number;
  flags: bigint;
  /** The bytes (for SHT_NOBITS: none; `size` says how big). */
  data: Uint8Array;
  size: number;
  align: number;
  entsize?: number;
}

export interface OutSymbol {
  /** '' for STT_SECTION symbols (readelf prints the section's name). */
  name: string;
  value: bigint;
  size: bigint;
  bind: number;
  type: number;
  /** Index into OutObject.sections, or 'undef' / 'abs'. */
  section: number | 'undef' | 'abs';
}

export interface OutReloc {
  /** Byte offset in the target section. */
  offset: number;
  /** Index into OutObject.symbols. */
  symbol: number;
  /** R_BPF_* number. */
  type: number;
}

export interface OutObject {
  sections: OutSection[];
  symbols: OutSymbol[];
  /** Relocations by index into `sections`. */
  relocations: ReadonlyMap<number, readonly OutReloc[]>;
}

const flag = (name: (typeof SHF)[number]['name']): bigint => SHF.find((f) => f.name === name)?.bit ?? 0n;
export const SHF_WRITE = flag('SHF_WRITE');
export const SHF_ALLOC = flag('SHF_ALLOC');
export const SHF_EXECINSTR = flag('SHF_EXECINSTR');
export const SHF_MERGE = flag('SHF_MERGE');
export const SHF_STRINGS = flag('SHF_STRINGS');
const SHF_INFO_LINK = flag('SHF_INFO_LINK');

/** A string table: "\0" then each distinct name once, NUL-terminated. */
class StrTab {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private readonly at = new Map<string, number>([['', 0]]);
  private len = 1;
  add(s: string): number {
    const known = this.at.get(s);
    if (known !== undefined) return known;
    const b = new TextEncoder().encode(s);
    const off = this.len;
    this.parts.push(b, new Uint8Array(1));
    this.len += b.length + 1;
    this.at.set(s, off);
    return off;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.len);
    let p = 0;
    for (const part of this.parts) {
      out.set(part, p);
      p += part.length;
    }
    return out;
  }
}

interface Shdr {
  name: number;
  type: number;
  flags: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
  data: Uint8Array | undefined;
}

const alignUp = (n: number, a: number): number => (a > 1 ? Math.ceil(n / a) * a : n);

/** The object's bytes. */
export function writeElf(obj: OutObject, littleEndian = true): Uint8Array {
  const le = littleEndian;
  const strtab = new StrTab();
  // Final section indices: 0 null, 1 .strtab, then content (+ its .rel), then .symtab.
  const contentIndex: number[] = [];
  let next = 2;
  for (let i = 0; i < obj.sections.length; i++) {
    contentIndex.push(next++);
    if ((obj.relocations.get(i)?.length ?? 0) > 0) next++;
  }
  const symtabIndex = next;

  // Symbols: locals first (gABI), remembering where each caller index went.
  const order = obj.symbols.map((s, i) => ({ s, i }));
  const locals = order.filter((x) => x.s.bind === STB.STB_LOCAL);
  const globals = order.filter((x) => x.s.bind !== STB.STB_LOCAL);
  const symIndex = new Map<number, number>();
  const symBytes = new Uint8Array(SYM64_SIZE * (1 + obj.symbols.length));
  const sdv = new DataView(symBytes.buffer);
  [...locals, ...globals].forEach(({ s, i }, k) => {
    const at = SYM64_SIZE * (k + 1);
    symIndex.set(i, k + 1);
    sdv.setUint32(at, s.type === STT.STT_SECTION ? 0 : strtab.add(s.name), le);
    sdv.setUint8(at + 4, ((s.bind & 0xf) << 4) | (s.type & 0xf));
    sdv.setUint8(at + 5, 0);
    const shndx = s.section === 'undef' ? SHN.SHN_UNDEF : s.section === 'abs' ? SHN.SHN_ABS : (contentIndex[s.section] as number);
    sdv.setUint16(at + 6, shndx, le);
    sdv.setBigUint64(at + 8, BigInt.asUintN(64, s.value), le);
    sdv.setBigUint64(at + 16, BigInt.asUintN(64, s.size), le);
  });

  const shdrs: Shdr[] = [{ name: 0, type: SHT.SHT_NULL, flags: 0n, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0, data: undefined }];
  const strtabHdr: Shdr = { name: strtab.add('.strtab'), type: SHT.SHT_STRTAB, flags: 0n, offset: 0, size: 0, link: 0, info: 0, align: 1, entsize: 0, data: undefined };
  shdrs.push(strtabHdr);
  obj.sections.forEach((s, i) => {
    shdrs.push({ name: strtab.add(s.name), type: s.type, flags: s.flags, offset: 0, size: s.size, link: 0, info: 0, align: s.align, entsize: s.entsize ?? 0, data: s.type === SHT.SHT_NOBITS ? undefined : s.data });
    const rels = obj.relocations.get(i) ?? [];
    if (rels.length === 0) return;
    const rb = new Uint8Array(REL64_SIZE * rels.length);
    const rdv = new DataView(rb.buffer);
    const sorted = [...rels].sort((a, b) => a.offset - b.offset);
    sorted.forEach((r, k) => {
      rdv.setBigUint64(k * REL64_SIZE, BigInt(r.offset), le);
      rdv.setBigUint64(k * REL64_SIZE + 8, (BigInt(symIndex.get(r.symbol) ?? 0) << 32n) | BigInt(r.type), le);
    });
    shdrs.push({ name: strtab.add(`.rel${s.name}`), type: SHT.SHT_REL, flags: SHF_INFO_LINK, offset: 0, size: rb.length, link: symtabIndex, info: contentIndex[i] as number, align: 8, entsize: REL64_SIZE, data: rb });
  });
  shdrs.push({ name: strtab.add('.symtab'), type: SHT.SHT_SYMTAB, flags: 0n, offset: 0, size: symBytes.length, link: 1, info: 1 + locals.length, align: 8, entsize: SYM64_SIZE, data: symBytes });
  const strBytes = strtab.bytes();
  strtabHdr.data = strBytes;
  strtabHdr.size = strBytes.length;

  // File layout: header, section contents in index order (each at its alignment), section headers.
  let off = EHDR64_SIZE;
  for (const h of shdrs) {
    if (h.type === SHT.SHT_NULL) continue;
    off = alignUp(off, Math.max(1, h.align));
    h.offset = off;
    if (h.data) off += h.data.length;
  }
  const shoff = alignUp(off, 8);
  const out = new Uint8Array(shoff + SHDR64_SIZE * shdrs.length);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46]);
  out[EI.CLASS] = ELFCLASS.ELFCLASS64;
  out[EI.DATA] = le ? ELFDATA.ELFDATA2LSB : ELFDATA.ELFDATA2MSB;
  out[EI.VERSION] = 1;
  dv.setUint16(16, ET.ET_REL, le);
  dv.setUint16(18, EM.EM_BPF, le);
  dv.setUint32(20, 1, le);
  dv.setBigUint64(40, BigInt(shoff), le);
  dv.setUint16(52, EHDR64_SIZE, le);
  dv.setUint16(58, SHDR64_SIZE, le);
  dv.setUint16(60, shdrs.length, le);
  dv.setUint16(62, 1, le);
  shdrs.forEach((h, k) => {
    if (h.data) out.set(h.data, h.offset);
    const at = shoff + k * SHDR64_SIZE;
    dv.setUint32(at, h.name, le);
    dv.setUint32(at + 4, h.type, le);
    dv.setBigUint64(at + 8, h.flags, le);
    dv.setBigUint64(at + 24, BigInt(h.offset), le);
    dv.setBigUint64(at + 32, BigInt(h.size), le);
    dv.setUint32(at + 40, h.link, le);
    dv.setUint32(at + 44, h.info, le);
    dv.setBigUint64(at + 48, BigInt(h.align), le);
    dv.setBigUint64(at + 56, BigInt(h.entsize), le);
  });
  return out;
}
