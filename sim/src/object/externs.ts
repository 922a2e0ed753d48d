// Externs: undefined global symbols the loader must fill in (libbpf 1.1 bpf_object__collect_externs).
// `extern ... __kconfig` values live in a `.kconfig` DATASEC and become a read-only array map that
// libbpf lays out itself (alignment descending, size ascending, then name); `__ksym` externs are kernel
// variables (an ld_imm64 rewritten to a BTF id or an address) or kernel functions (kfunc calls). Values
// are not resolved here: that needs the running kernel's config, kallsyms and BTF.

import type { Btf } from '../btf/index.ts';
import { STB, STT, type ElfFile } from '../elf/index.ts';
import { err, ok, type Result } from '../result.ts';
import { resolveSize, skipModsAndTypedefs } from './btf-view.ts';
import type { ExternSpec, LibbpfErrno, ObjectError } from './types.ts';

const BTF_VAR_GLOBAL_EXTERN = 2;
const BTF_FUNC_EXTERN = 2;
const BTF_INT_SIGNED = 1;
const BTF_INT_BOOL = 4;

type KcfgType = Extract<ExternSpec, { kind: 'kconfig' }>['kcfgType'];

/** find_kcfg_type: which Kconfig value shapes libbpf can fill. */
function kcfgType(btf: Btf, id: number): { type: KcfgType; signed: boolean } | undefined {
  const { type: t } = skipModsAndTypedefs(btf, id);
  if (!t) return undefined;
  if (t.kind === 'BTF_KIND_INT') {
    if (t.encoding & BTF_INT_BOOL) return t.size === 1 ? { type: 'bool', signed: false } : undefined;
    const signed = (t.encoding & BTF_INT_SIGNED) !== 0;
    if (t.size === 1) return { type: 'char', signed };
    if (t.size < 1 || t.size > 8 || (t.size & (t.size - 1)) !== 0) return undefined;
    return { type: 'int', signed };
  }
  if (t.kind === 'BTF_KIND_ENUM' || t.kind === 'BTF_KIND_ENUM64') {
    if (t.name !== 'libbpf_tristate' || (t.kind === 'BTF_KIND_ENUM' && t.size !== 4)) return undefined;
    return { type: 'tristate', signed: false };
  }
  if (t.kind === 'BTF_KIND_ARRAY') {
    if (t.nelems === 0 || kcfgType(btf, t.type)?.type !== 'char') return undefined;
    return { type: 'char-array', signed: false };
  }
  return undefined;
}

/** btf__align_of for the shapes kcfgType accepts (ints and enums align to their size, arrays to the element). */
function kcfgAlign(btf: Btf, id: number): number {
  const { type: t } = skipModsAndTypedefs(btf, id);
  if (!t) return 0;
  if (t.kind === 'BTF_KIND_ARRAY') return kcfgAlign(btf, t.type);
  if (t.kind === 'BTF_KIND_INT' || t.kind === 'BTF_KIND_ENUM' || t.kind === 'BTF_KIND_ENUM64') return Math.min(8, t.size);
  return 0;
}

export interface Externs {
  externs: ExternSpec[];
  /** Size of the .kconfig map (0: no kconfig externs). */
  kconfigSize: number;
  /** BTF id of the .kconfig DATASEC (0 when none). */
  kconfigDatasec: number;
}

export function collectExterns(elf: ElfFile, btf: Btf | undefined, symtabOffset: number): Result<Externs, ObjectError> {
  const fail = (offset: number, message: string, libbpfErrno: LibbpfErrno = 'ENOENT') => err<ObjectError>({ kind: 'object-error', step: 'externs', offset, message, libbpfErrno });
  const found: ExternSpec[] = [];
  let kconfigDatasec = 0;
  for (const sym of elf.symbols) {
    // sym_is_extern: undefined, global or weak, no type, and a name.
    if (sym.shndx !== 0 || (sym.bind !== STB.STB_GLOBAL && sym.bind !== STB.STB_WEAK) || sym.type !== STT.STT_NOTYPE || sym.name === '') continue;
    const at = symtabOffset + sym.index * 24;
    if (!btf) return fail(at, `Extern '${sym.name}' needs BTF to say what it is (__kconfig or __ksym), but the object has no usable .BTF.`, 'ESRCH');
    const btfId = btf.types.findIndex((t) => (t.kind === 'BTF_KIND_VAR' || t.kind === 'BTF_KIND_FUNC') && t.name === sym.name);
    if (btfId <= 0) return fail(at, `No BTF VAR or FUNC describes extern '${sym.name}'.`);
    const t = btf.types[btfId]!;
    if (t.kind !== 'BTF_KIND_VAR' && t.kind !== 'BTF_KIND_FUNC') continue;
    if ((t.kind === 'BTF_KIND_VAR' && t.linkage !== BTF_VAR_GLOBAL_EXTERN) || (t.kind === 'BTF_KIND_FUNC' && t.linkage !== BTF_FUNC_EXTERN)) {
      return fail(at, `BTF for '${sym.name}' is not marked extern.`, 'EINVAL');
    }
    const sec = btf.types.find((d) => d.kind === 'BTF_KIND_DATASEC' && d.vars.some((v) => v.type === btfId));
    if (!sec) return fail(at, `Extern '${sym.name}' is in no BTF DATASEC (.kconfig or .ksyms).`);
    const weak = sym.bind === STB.STB_WEAK;
    if (sec.name === '.kconfig') {
      if (t.kind !== 'BTF_KIND_VAR') return fail(at, `Extern function '${sym.name}' cannot be __kconfig.`, 'EOPNOTSUPP');
      const size = resolveSize(btf, t.type);
      if (!size) return fail(at, `Cannot size Kconfig extern '${sym.name}'.`, 'EINVAL');
      const kt = kcfgType(btf, t.type);
      if (!kt) return fail(at, `Kconfig extern '${sym.name}' has a type libbpf cannot fill (use bool, char, an integer, enum libbpf_tristate or char[]).`, 'EOPNOTSUPP');
      kconfigDatasec = sec.id;
      found.push({ kind: 'kconfig', name: sym.name, symbolIndex: sym.index, weak, btfId, size, align: kcfgAlign(btf, t.type), dataOffset: 0, kcfgType: kt.type, signed: kt.signed });
    } else if (sec.name === '.ksyms') {
      const isFunc = t.kind === 'BTF_KIND_FUNC';
      const typeId = isFunc ? t.type : skipModsAndTypedefs(btf, t.type).id;
      found.push({ kind: 'ksym', name: sym.name, symbolIndex: sym.index, weak, btfId, isFunc, typeId });
    } else {
      return fail(at, `Extern '${sym.name}' is in section '${sec.name}'; libbpf knows only .kconfig and .ksyms.`, 'EOPNOTSUPP');
    }
  }
  // cmp_externs: kconfig before ksym; kconfig by alignment (desc), size (asc); ties by name.
  found.sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'kconfig' ? -1 : 1;
    if (a.kind === 'kconfig' && b.kind === 'kconfig') {
      if (a.align !== b.align) return b.align - a.align;
      if (a.size !== b.size) return a.size - b.size;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  let off = 0;
  for (const e of found) {
    if (e.kind !== 'kconfig') continue;
    e.dataOffset = Math.ceil(off / e.align) * e.align;
    off = e.dataOffset + e.size;
  }
  return ok({ externs: found, kconfigSize: off, kconfigDatasec });
}
