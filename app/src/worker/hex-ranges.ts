// The Hex explorer's range index: every structure of the object (ELF header, section headers, symbols,
// relocations, instructions, BTF header/types, .BTF.ext records) and its fields as labelled byte ranges,
// sorted by start (outer before inner), each with its parent, plus a per-byte "innermost range" table so a
// hover is one array read. Columnar typed arrays: ~100k ranges cross the worker boundary cheaply.
// Layouts: ELF64 (System V gABI), BTF and .BTF.ext as in include/uapi/linux/btf.h (Linux 6.1).
import { wireRecords, type Btf, type BtfExt, type ElfFile } from '@bpflc/sim';
import type { BytecodeSection } from './analyze.ts';

/** Colour family of a range (one CSS class each). */
export const HEX_GROUPS = ['elf', 'shdr', 'section', 'sym', 'rel', 'insn', 'btf', 'ext', 'str'] as const;
export type HexGroup = (typeof HEX_GROUPS)[number];

export interface HexIndex {
  start: Int32Array;
  end: Int32Array;
  /** Index of the enclosing range, -1 at the top level. */
  parent: Int32Array;
  group: Uint8Array;
  label: string[];
  /** The decoded value of a field ('' for a structure). */
  value: string[];
  /** Where the structure is shown in another tab: 'insn:<section>:<slot>', 'btf:<id>', or ''. */
  link: string[];
  /** For each byte of the file: the innermost range holding it, -1 for none (padding between sections). */
  owner: Int32Array;
}

interface Entry { start: number; end: number; group: number; label: string; value: string; link: string; seq: number }

class Builder {
  readonly entries: Entry[] = [];
  constructor(private readonly size: number) {}
  add(start: number, len: number, group: HexGroup, label: string, value = '', link = ''): void {
    const end = Math.min(start + len, this.size);
    if (len <= 0 || start < 0 || start >= end) return;
    this.entries.push({ start, end, group: HEX_GROUPS.indexOf(group), label, value, link, seq: this.entries.length });
  }
  /** Consecutive fields [name, size, value] starting at `at`. */
  fields(at: number, group: HexGroup, list: readonly (readonly [string, number, string])[]): void {
    let p = at;
    for (const [name, len, value] of list) {
      this.add(p, len, group, name, value);
      p += len;
    }
  }
}

const hx = (n: number | bigint): string => `0x${n.toString(16)}`;

function elfHeader(b: Builder, elf: ElfFile): void {
  const h = elf.header;
  b.add(0, 64, 'elf', 'ELF header (Elf64_Ehdr)');
  b.fields(0, 'elf', [
    ['e_ident[EI_MAG0..3]', 4, '7f 45 4c 46 ("\\x7fELF")'],
    ['e_ident[EI_CLASS]', 1, `${h.class} (${h.className})`],
    ['e_ident[EI_DATA]', 1, `${h.data} (${h.dataName})`],
    ['e_ident[EI_VERSION]', 1, String(h.identVersion)],
    ['e_ident[EI_OSABI]', 1, `${h.osabi} (${h.osabiName})`],
    ['e_ident[EI_ABIVERSION]', 1, String(h.abiVersion)],
    ['e_ident[EI_PAD]', 7, 'padding'],
    ['e_type', 2, `${h.type} (${h.typeName})`],
    ['e_machine', 2, `${h.machine} (${h.machineName})`],
    ['e_version', 4, String(h.version)],
    ['e_entry', 8, hx(h.entry)],
    ['e_phoff', 8, String(h.phoff)],
    ['e_shoff', 8, `${h.shoff} (${hx(h.shoff)})`],
    ['e_flags', 4, hx(h.flags)],
    ['e_ehsize', 2, String(h.ehsize)],
    ['e_phentsize', 2, String(h.phentsize)],
    ['e_phnum', 2, String(h.phnum)],
    ['e_shentsize', 2, String(h.shentsize)],
    ['e_shnum', 2, String(h.shnum)],
    ['e_shstrndx', 2, String(h.shstrndx)],
  ]);
}

function sectionHeaders(b: Builder, elf: ElfFile): void {
  const { shoff, shnum, shentsize } = elf.header;
  b.add(shoff, shnum * shentsize, 'shdr', `section header table (${shnum} × ${shentsize} bytes)`);
  for (const s of elf.sections) {
    b.add(s.headerOffset, shentsize, 'shdr', `section header [${s.index}] ${s.name || '(null)'}`);
    b.fields(s.headerOffset, 'shdr', [
      ['sh_name', 4, `${s.nameOffset} → "${s.name}"`],
      ['sh_type', 4, `${s.type} (${s.typeName})`],
      ['sh_flags', 8, `${hx(s.flags)} ${s.flagNames.join(' | ')}`],
      ['sh_addr', 8, hx(s.addr)],
      ['sh_offset', 8, `${s.offset} (${hx(s.offset)})`],
      ['sh_size', 8, String(s.size)],
      ['sh_link', 4, String(s.link)],
      ['sh_info', 4, String(s.info)],
      ['sh_addralign', 8, String(s.addralign)],
      ['sh_entsize', 8, String(s.entsize)],
    ]);
    if (s.type !== 8 /* SHT_NOBITS */ && s.index !== 0) {
      const group: HexGroup = s.type === 3 /* SHT_STRTAB */ ? 'str' : 'section';
      b.add(s.offset, s.size, group, `section [${s.index}] ${s.name} (${s.typeName.replace(/^SHT_/, '')}, ${s.size} bytes)`);
    }
  }
}

function symbols(b: Builder, elf: ElfFile): void {
  for (const table of elf.symbolTables) {
    const sec = elf.sections[table.sectionIndex];
    if (!sec) continue;
    const size = sec.entsize || 24;
    for (const s of table.symbols) {
      const at = sec.offset + s.index * size;
      b.add(at, size, 'sym', `symbol [${s.index}] ${s.name || '(no name)'}`);
      b.fields(at, 'sym', [
        ['st_name', 4, `${s.nameOffset} → "${s.name}"`],
        ['st_info', 1, `${hx(s.info)} (${s.bindName}, ${s.typeName})`],
        ['st_other', 1, `${s.other} (${s.visibilityName})`],
        ['st_shndx', 2, `${s.shndx} (${s.sectionName})`],
        ['st_value', 8, hx(s.value)],
        ['st_size', 8, String(s.size)],
      ]);
    }
  }
}

function relocations(b: Builder, elf: ElfFile): void {
  for (const rs of elf.relocationSections) {
    const sec = elf.sections[rs.sectionIndex];
    if (!sec) continue;
    const size = sec.entsize || (rs.kind === 'rela' ? 24 : 16);
    for (const r of rs.relocations) {
      const at = sec.offset + r.index * size;
      b.add(at, size, 'rel', `relocation ${rs.name} [${r.index}] ${r.typeName} ${r.symbol?.name || r.symbol?.sectionName || ''}`);
      b.fields(at, 'rel', [
        ['r_offset', 8, `${r.offset} (insn ${r.offset / 8n} of ${rs.targetName})`],
        ['r_info', 8, `sym ${r.symbolIndex} (${r.symbol?.name || r.symbol?.sectionName || '—'}), type ${r.type} (${r.typeName})`],
        ...(r.addend !== undefined ? [['r_addend', 8, String(r.addend)] as const] : []),
      ]);
    }
  }
}

function instructions(b: Builder, elf: ElfFile, code: readonly BytecodeSection[]): void {
  for (const sec of code) {
    const s = elf.sections.find((x) => x.name === sec.name);
    if (!s) continue;
    for (const i of sec.insns) {
      const at = s.offset + i.byteOffset;
      b.add(at, i.hex.length / 2, 'insn', `insn ${sec.name}:${i.slot}  ${i.llvm}`, '', `insn:${sec.name}:${i.slot}`);
      b.fields(at, 'insn', [
        ['opcode', 1, hx(i.code)],
        ['dst_reg | src_reg', 1, `dst r${i.dst}, src r${i.src}`],
        ['off', 2, String(i.off)],
        ['imm', 4, String(i.imm)],
      ]);
      if (i.hex.length > 16) b.add(at + 8, 8, 'insn', 'ld_imm64 second slot (imm = upper 32 bits)', String(i.hiImm ?? 0));
    }
  }
}

const TRAILER: Record<string, [string, number]> = {
  BTF_KIND_INT: ['int encoding | offset | bits', 4],
  BTF_KIND_ARRAY: ['btf_array {type, index_type, nelems}', 12],
  BTF_KIND_VAR: ['btf_var {linkage}', 4],
  BTF_KIND_DECL_TAG: ['btf_decl_tag {component_idx}', 4],
};

function btfTypes(b: Builder, btf: Btf, base: number): void {
  const h = btf.header;
  b.add(base, h.hdrLen, 'btf', 'BTF header (struct btf_header)');
  b.fields(base, 'btf', [
    ['magic', 2, hx(h.magic)], ['version', 1, String(h.version)], ['flags', 1, String(h.flags)], ['hdr_len', 4, String(h.hdrLen)],
    ['type_off', 4, String(h.typeOff)], ['type_len', 4, String(h.typeLen)], ['str_off', 4, String(h.strOff)], ['str_len', 4, String(h.strLen)],
  ]);
  b.add(base + h.hdrLen + h.typeOff, h.typeLen, 'btf', `BTF type section (${btf.types.length - 1} types)`);
  b.add(base + h.hdrLen + h.strOff, h.strLen, 'str', `BTF string section (${h.strLen} bytes)`);
  for (const w of wireRecords(btf)) {
    const t = btf.types[w.id]!;
    const at = base + w.offset;
    b.add(at, w.length, 'btf', `BTF type [${w.id}] ${t.kind.replace('BTF_KIND_', '')} '${t.name}'`, '', `btf:${w.id}`);
    const sizeOrType = 'size' in t ? `size ${t.size}` : 'type' in t ? `type [${t.type}]` : t.kind === 'BTF_KIND_FUNC_PROTO' ? `return type [${t.returnType}]` : '0';
    b.fields(at, 'btf', [
      ['name_off', 4, `${t.nameOff} → "${t.name}"`],
      ['info', 4, `kind ${w.kind} (${t.kind}), vlen ${w.vlen}${t.kindFlag ? ', kind_flag' : ''}`],
      ['size / type', 4, sizeOrType],
    ]);
    const tail = at + 12;
    const rest = w.length - 12;
    if (rest <= 0) continue;
    const fixed = TRAILER[t.kind];
    if (fixed) b.add(tail, fixed[1], 'btf', fixed[0]);
    const items: { label: string; value: string }[] =
      'members' in t ? t.members.map((m) => ({ label: `member ${m.name || '(anon)'}`, value: `type [${m.type}], bit offset ${m.bitOffset}` }))
      : 'params' in t ? t.params.map((p) => ({ label: `param ${p.name || '(anon)'}`, value: `type [${p.type}]` }))
      : 'vars' in t ? t.vars.map((v) => ({ label: `var_secinfo [${v.type}]`, value: `offset ${v.offset}, size ${v.size}` }))
      : 'values' in t ? t.values.map((v) => ({ label: `enumerator ${v.name}`, value: String(v.value) }))
      : [];
    if (items.length === 0) continue;
    const each = rest / items.length;
    items.forEach((it, k) => b.add(tail + k * each, each, 'btf', it.label, it.value));
  }
}

const EXT_FIELDS = {
  func_info: ['insn_off', 'type_id'],
  line_info: ['insn_off', 'file_name_off', 'line_off', 'line_col'],
  core_relo: ['insn_off', 'type_id', 'access_str_off', 'kind'],
} as const;

function btfExt(b: Builder, bytes: Uint8Array, ext: BtfExt, base: number): void {
  const h = ext.header;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number): number => view.getUint32(o, ext.littleEndian);
  b.add(base, h.hdrLen, 'ext', 'BTF.ext header (struct btf_ext_header)');
  b.fields(base, 'ext', [
    ['magic', 2, hx(h.magic)], ['version', 1, String(h.version)], ['flags', 1, String(h.flags)], ['hdr_len', 4, String(h.hdrLen)],
    ['func_info_off', 4, String(h.funcInfoOff)], ['func_info_len', 4, String(h.funcInfoLen)],
    ['line_info_off', 4, String(h.lineInfoOff)], ['line_info_len', 4, String(h.lineInfoLen)],
    ...(h.hdrLen >= 32 ? [['core_relo_off', 4, String(h.coreReloOff)] as const, ['core_relo_len', 4, String(h.coreReloLen)] as const] : []),
  ]);
  const areas = [
    { name: 'func_info', off: h.funcInfoOff, len: h.funcInfoLen, blocks: ext.funcInfo, describe: (r: unknown) => { const f = r as BtfExt['funcInfo'][number]['records'][number]; return `insn ${f.insnIdx} → FUNC [${f.typeId}] ${f.name}`; } },
    { name: 'line_info', off: h.lineInfoOff, len: h.lineInfoLen, blocks: ext.lineInfo, describe: (r: unknown) => { const l = r as BtfExt['lineInfo'][number]['records'][number]; return `insn ${l.insnIdx} → ${l.fileName.split('/').pop()}:${l.lineNum}:${l.col}`; } },
    { name: 'core_relo', off: h.coreReloOff, len: h.coreReloLen, blocks: ext.coreRelos, describe: (r: unknown) => { const c = r as BtfExt['coreRelos'][number]['records'][number]; return `insn ${c.insnIdx} ${c.kind} ${c.access.path}`; } },
  ] as const;
  for (const a of areas) {
    if (a.len === 0) continue;
    const start = base + h.hdrLen + a.off;
    b.add(start, a.len, 'ext', `${a.name} area`);
    const recSize = u32(start);
    b.add(start, 4, 'ext', 'rec_size', String(recSize));
    let p = start + 4;
    for (const blk of a.blocks) {
      const n = blk.records.length;
      b.add(p, 8 + n * recSize, 'ext', `${a.name} block for ${blk.secName} (${n} records)`);
      b.fields(p, 'ext', [['sec_name_off', 4, `${blk.secNameOff} → "${blk.secName}"`], ['num_info', 4, String(n)]]);
      blk.records.forEach((r: unknown, k: number) => {
        const at = p + 8 + k * recSize;
        b.add(at, recSize, 'ext', `${a.name} [${k}] ${a.describe(r)}`);
        const names = EXT_FIELDS[a.name];
        b.fields(at, 'ext', names.map((f, j) => [f, 4, String(u32(at + j * 4))] as const));
      });
      p += 8 + n * recSize;
    }
  }
}

function finish(b: Builder, size: number): HexIndex {
  const es = b.entries;
  es.sort((x, y) => x.start - y.start || y.end - x.end || x.seq - y.seq);
  const n = es.length;
  const idx: HexIndex = {
    start: new Int32Array(n), end: new Int32Array(n), parent: new Int32Array(n), group: new Uint8Array(n),
    label: new Array<string>(n), value: new Array<string>(n), link: new Array<string>(n), owner: new Int32Array(size).fill(-1),
  };
  const stack: number[] = [];
  es.forEach((e, i) => {
    while (stack.length && es[stack[stack.length - 1]!]!.end < e.end) stack.pop();
    // A range that does not fit inside the stack top (overlap, not nesting) still gets the closest container.
    while (stack.length && es[stack[stack.length - 1]!]!.end <= e.start) stack.pop();
    idx.start[i] = e.start;
    idx.end[i] = e.end;
    idx.parent[i] = stack.length ? stack[stack.length - 1]! : -1;
    idx.group[i] = e.group;
    idx.label[i] = e.label;
    idx.value[i] = e.value;
    idx.link[i] = e.link;
    stack.push(i);
  });
  // Parents precede children, so painting in order leaves the innermost range on each byte.
  for (let i = 0; i < n; i++) idx.owner.fill(i, idx.start[i], idx.end[i]);
  return idx;
}

export interface HexInputs {
  elf: ElfFile;
  code: readonly BytecodeSection[];
  btf: Btf | undefined;
  ext: BtfExt | undefined;
}

export function buildHexIndex({ elf, code, btf, ext }: HexInputs): HexIndex {
  const size = elf.bytes.length;
  const b = new Builder(size);
  elfHeader(b, elf);
  sectionHeaders(b, elf);
  symbols(b, elf);
  relocations(b, elf);
  instructions(b, elf, code);
  const btfSec = elf.sections.find((s) => s.name === '.BTF');
  if (btf && btfSec) btfTypes(b, btf, btfSec.offset);
  const extSec = elf.sections.find((s) => s.name === '.BTF.ext');
  if (ext && extSec) btfExt(b, elf.bytes, ext, extSec.offset);
  return finish(b, size);
}
