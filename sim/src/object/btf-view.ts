// The few BTF questions the object reader asks, answered as libbpf 1.1 answers them: skip modifiers and
// typedefs (skip_mods_and_typedefs), resolve a type's size (btf__resolve_size), find a type by name
// (btf__find_by_name: the lowest id wins), and the DATASEC fix-up of bpf_object_fixup_btf: clang leaves
// DATASEC sizes and VAR offsets at 0, libbpf fills them from the ELF, treats STV_HIDDEN globals as static
// and sorts the VARs by offset. The decoded BTF is not modified: the fixed view is returned beside it.
// Sizes assume 8-byte pointers (BPF objects are ELF64).

import type { Btf, BtfDatasec, BtfType } from '../btf/index.ts';
import type { ElfFile } from '../elf/index.ts';
import { STB, STT, STV } from '../elf/index.ts';

const MODS = new Set(['BTF_KIND_TYPEDEF', 'BTF_KIND_VOLATILE', 'BTF_KIND_CONST', 'BTF_KIND_RESTRICT', 'BTF_KIND_TYPE_TAG']);

/** skip_mods_and_typedefs: follows typedef/const/volatile/restrict/type_tag; returns the id reached. */
export function skipModsAndTypedefs(btf: Btf, id: number): { id: number; type: BtfType | undefined } {
  let t = btf.types[id];
  for (let depth = 0; t && MODS.has(t.kind) && depth < 64; depth++) {
    id = (t as { type: number }).type;
    t = btf.types[id];
  }
  return { id, type: t };
}

/** btf__resolve_size: bytes, or undefined when the type has no size (void, func, fwd, a loop). */
export function resolveSize(btf: Btf, id: number): number | undefined {
  let nelems = 1;
  for (let depth = 0; depth < 32; depth++) {
    const t = btf.types[id];
    if (!t || id === 0) return undefined;
    switch (t.kind) {
      case 'BTF_KIND_INT': case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION': case 'BTF_KIND_ENUM':
      case 'BTF_KIND_ENUM64': case 'BTF_KIND_DATASEC': case 'BTF_KIND_FLOAT':
        return nelems * t.size;
      case 'BTF_KIND_PTR':
        return nelems * 8;
      case 'BTF_KIND_TYPEDEF': case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT':
      case 'BTF_KIND_VAR': case 'BTF_KIND_DECL_TAG': case 'BTF_KIND_TYPE_TAG':
        id = t.type;
        break;
      case 'BTF_KIND_ARRAY':
        nelems *= t.nelems;
        id = t.type;
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** btf__find_by_name: the first type (lowest id) with this name, any kind; 0 when none. */
export function findByName(btf: Btf, name: string): number {
  for (let id = 1; id < btf.types.length; id++) if (btf.types[id]!.name === name) return id;
  return 0;
}

export interface FixedVar {
  typeId: number;
  name: string;
  offset: number;
  size: number;
  /** BTF_VAR linkage after the fix-up: 0 static (also hidden globals), 1 global, 2 extern. */
  linkage: number;
}

export interface FixedDatasec {
  id: number;
  name: string;
  size: number;
  /** Sorted by offset, as libbpf leaves them. */
  vars: FixedVar[];
}

export type DatasecFixup = { ok: true; secs: Map<number, FixedDatasec> } | { ok: false; datasec: BtfDatasec; message: string; libbpfErrno: 'ENOENT' | 'EINVAL' };

const BTF_VAR_STATIC = 0;
const BTF_VAR_GLOBAL_EXTERN = 2;

/**
 * btf_fixup_datasec for every DATASEC. `.kconfig` and `.ksyms` are left to the extern step (their layout is
 * libbpf's own). A DATASEC whose size cannot be found from the ELF fails the open, as in libbpf.
 */
export function fixupDatasecs(btf: Btf, elf: ElfFile): DatasecFixup {
  const secs = new Map<number, FixedDatasec>();
  for (const t of btf.types) {
    if (t.kind !== 'BTF_KIND_DATASEC') continue;
    const vars: FixedVar[] = t.vars.map((v) => {
      const vt = btf.types[v.type];
      return { typeId: v.type, name: vt?.name ?? '', offset: v.offset, size: v.size, linkage: vt?.kind === 'BTF_KIND_VAR' ? vt.linkage : -1 };
    });
    let size = t.size;
    if (t.name !== '.kconfig' && t.name !== '.ksyms') {
      const fixOffsets = size === 0;
      if (fixOffsets) {
        const sec = elf.sections.find((s) => s.name === t.name);
        if (!sec || sec.size === 0) return { ok: false, datasec: t, libbpfErrno: 'ENOENT', message: `BTF DATASEC '${t.name}' has size 0 and no ELF section of that name gives it one` };
        size = sec.size;
      }
      for (const v of vars) {
        if (v.linkage === -1) return { ok: false, datasec: t, libbpfErrno: 'EINVAL', message: `BTF DATASEC '${t.name}' holds a type that is not a VAR` };
        if (v.linkage === BTF_VAR_STATIC || v.linkage === BTF_VAR_GLOBAL_EXTERN) continue;
        // find_elf_var_sym: the first global or weak STT_OBJECT of that name.
        const sym = elf.symbols.find((y) => y.type === STT.STT_OBJECT && (y.bind === STB.STB_GLOBAL || y.bind === STB.STB_WEAK) && y.name === v.name);
        if (!sym) return { ok: false, datasec: t, libbpfErrno: 'ENOENT', message: `BTF DATASEC '${t.name}': no ELF symbol for variable '${v.name}'` };
        if (fixOffsets) v.offset = Number(sym.value);
        if (sym.visibility === STV.STV_HIDDEN || sym.visibility === STV.STV_INTERNAL) v.linkage = BTF_VAR_STATIC;
      }
    }
    vars.sort((a, b) => a.offset - b.offset);
    secs.set(t.id, { id: t.id, name: t.name, size, vars });
  }
  return { ok: true, secs };
}
