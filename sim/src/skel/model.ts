// What a bpftool 7.1 skeleton is made of, decided before any text is printed: the object name, the maps
// and programs bpftool walks (libbpf 1.1 as built into bpftool 7.1: every internal map mmapable, .text
// functions never programs), each mmapable internal map's DATASEC and its members. The open step is
// readObjectSpec's model of bpf_object__open, so an object bpftool refuses is refused here with the same
// reason. Leaves out: struct_ops maps' shadow types and light (-L) skeletons, which 7.1 prints differently.
// e.g. buildSkeletonModel(bytes, { path: 'minimal.bpf.o' }) → name 'minimal_bpf', datasecs [bss, rodata]

import type { Btf } from '../btf/index.ts';
import { resolveSize } from '../btf/c-dump/layout.ts';
import { readElf, type ElfFile } from '../elf/index.ts';
import { fixupDatasecs } from '../object/btf-view.ts';
import { BPF_MAP_FLAG, readObjectSpec, type ExternSpec, type MapSpec, type ProgramSpec } from '../object/index.ts';
import { err, ok, type Result } from '../result.ts';
import { createDeclPrinter, datasecLines, type DatasecInput, type DatasecLine } from './datasec.ts';
import { datasecIdent, mapIdent, sanitizeIdentifier, skeletonObjectName } from './ident.ts';

export interface SkelError {
  kind: 'skel-error';
  /** One sentence, in the words of bpftool's own error where it has one. */
  message: string;
}

export interface SkelMap {
  spec: MapSpec;
  ident: string;
  internal: boolean;
  /** An internal map with BPF_F_MMAPABLE: the skeleton gets a pointer to its memory. */
  mmaped: boolean;
}

export interface SkelDatasec {
  ident: string;
  map: SkelMap;
  /** The DATASEC the struct was printed from; undefined for a data section without one (e.g. .rodata.cst16). */
  btfId: number | undefined;
  secName: string | undefined;
  lines: DatasecLine[];
  /** `_Static_assert` facts: one per non-static VAR whose size resolves. */
  asserts: { ident: string; size: number }[];
}

export interface SkeletonModel {
  name: string;
  bytes: Uint8Array;
  maps: SkelMap[];
  progs: ProgramSpec[];
  btf: Btf | undefined;
  datasecs: SkelDatasec[];
  warnings: string[];
}

export interface SkeletonOptions {
  /** bpftool's `name N`; default from the file name ('minimal.bpf.o' → 'minimal_bpf'). */
  name?: string;
  /** The object's path or file name, for the default name. */
  path?: string;
}

const fail = (message: string): Result<never, SkelError> => err({ kind: 'skel-error', message });

/**
 * The DATASECs as bpftool reads them after libbpf's open: sizes and offsets filled from the ELF and VARs
 * sorted by offset (bpf_object__fixup_btf), `.kconfig` offsets from libbpf's own extern layout. Linkage
 * stays as clang wrote it: the libbpf inside bpftool 7.1 does not yet turn hidden globals static.
 */
function datasecInputs(btf: Btf, elf: ElfFile | undefined, externs: readonly ExternSpec[]): DatasecInput[] {
  const fixed = elf ? fixupDatasecs(btf, elf) : undefined;
  const kcfgOff = new Map<string, number>();
  for (const e of externs) if (e.kind === 'kconfig') kcfgOff.set(e.name, e.dataOffset);
  const out: DatasecInput[] = [];
  for (const [id, t] of btf.types.entries()) {
    if (t.kind !== 'BTF_KIND_DATASEC') continue;
    const f = fixed?.ok ? fixed.secs.get(id) : undefined;
    const raw = f ? f.vars : t.vars.map((v) => ({ typeId: v.type, offset: v.offset, size: v.size }));
    const vars = raw.map((v) => {
      const vt = btf.types[v.typeId];
      const name = vt?.name ?? '';
      const offset = t.name === '.kconfig' ? (kcfgOff.get(name) ?? v.offset) : v.offset;
      return { typeId: v.typeId, name, offset, size: v.size, linkage: vt?.kind === 'BTF_KIND_VAR' ? vt.linkage : -1 };
    });
    out.push({ id, name: t.name, vars });
  }
  return out;
}

export function buildSkeletonModel(bytes: Uint8Array, opts: SkeletonOptions = {}): Result<SkeletonModel, SkelError> {
  const name = opts.name !== undefined ? opts.name.slice(0, 63) : skeletonObjectName(opts.path ?? '');
  if (name === '') return fail('No object name: give the object\'s file name or a name.');
  // libbpf checks the byte order first (bpf_object__check_endianness): an x86-64 host opens only bpfel.
  const elf = readElf(bytes);
  if (elf.ok && !elf.value.header.littleEndian) return fail(`failed to open BPF object file: the object is big-endian (bpfeb) and this host is little-endian (endianness mismatch in ${name}).`);
  const spec = readObjectSpec(bytes, { objectName: name, mmapable: 'always' });
  if (!spec.ok) return fail(`failed to open BPF object file: ${spec.error.message}`);
  const s = spec.value;
  // bpftool 7.1 is built with a libbpf that refuses the pre-BTF `SEC("maps")` definitions at open.
  if (s.maps.some((m) => m.kind === 'legacy')) return fail('failed to open BPF object file: legacy map definitions in \'maps\' section are not supported by libbpf v1.0+.');
  const warnings: string[] = [];
  const maps: SkelMap[] = [];
  for (const m of s.maps) {
    const internal = m.kind === 'global-data' || m.kind === 'kconfig';
    const ident = mapIdent(m.name, internal);
    if (ident === undefined) {
      warnings.push(`ignoring unrecognized internal map '${m.name}'...`);
      continue;
    }
    maps.push({ spec: m, ident, internal, mmaped: internal && (m.flags & BPF_MAP_FLAG.BPF_F_MMAPABLE) !== 0 });
  }
  // libbpf 1.x treats every function in .text as a subprogram: bpf_object__for_each_program skips them.
  const progs = s.programs.filter((p) => p.section !== '.text' && !p.isSubprog);
  const datasecs: SkelDatasec[] = [];
  if (s.btf) {
    const btf = s.btf;
    const secs = datasecInputs(btf, elf.ok ? elf.value : undefined, s.externs);
    const printer = createDeclPrinter(btf, secs);
    for (const map of maps) {
      if (!map.mmaped) continue;
      const sec = secs.find((d) => datasecIdent(d.name) === map.ident);
      if (!sec) {
        datasecs.push({ ident: map.ident, map, btfId: undefined, secName: undefined, lines: [], asserts: [] });
        continue;
      }
      const lines = datasecLines(printer, sec, sanitizeIdentifier);
      if (!lines.ok) return fail(lines.error);
      const asserts: SkelDatasec['asserts'] = [];
      for (const l of lines.value) {
        if (l.kind !== 'var') continue;
        const vt = btf.types[l.varId];
        const size = vt?.kind === 'BTF_KIND_VAR' ? resolveSize(btf, printer.ptrSz, vt.type) : -22;
        if (size >= 0) asserts.push({ ident: l.ident, size });
      }
      datasecs.push({ ident: map.ident, map, btfId: sec.id, secName: sec.name, lines: lines.value, asserts });
    }
  }
  return ok({ name, bytes, maps, progs, btf: s.btf, datasecs, warnings });
}
