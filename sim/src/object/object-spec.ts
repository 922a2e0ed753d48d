// readObjectSpec: an eBPF object file → ObjectSpec, in libbpf 1.1's open order (bpf_object_open):
//   elf → classify (elf_collect) → license/version → btf (init_btf) → externs (collect_externs)
//   → btf-fixup (fixup_btf) → maps (init_maps) → programs (init_progs) → relocations (collect_relos)
//   → btf-ext (func/line info, CO-RE)
// Each step returns its result or an ObjectError naming the step, a file offset and a sentence, so the
// first failure stops the read as it stops bpf_object__open(). Pure: the same spec feeds the sim's
// loader models and the real agent's loader (ARCHITECTURE.md, "spec vs live").
// e.g. readObjectSpec(bytes, { path: 'minimal.bpf.o' }) → maps ['minimal.bss', 'minimal.rodata'], programs ['handle_tp']

import { decodeBtf, decodeBtfExt, type Btf, type BtfError, type BtfExt } from '../btf/index.ts';
import { readElf, sectionData, type ElfFile } from '../elf/index.ts';
import { err, ok, type Result } from '../result.ts';
import { attachBtfExt } from './btf-ext.ts';
import { fixupDatasecs, type FixedDatasec } from './btf-view.ts';
import { classifySections, readLicenseAndVersion, type Classified } from './classify.ts';
import { collectExterns } from './externs.ts';
import { collectMaps, objectNameFromPath } from './maps.ts';
import { collectPrograms } from './programs.ts';
import { collectRelocations } from './relocations.ts';
import { BPF_OBJ_NAME_LEN } from './uapi-flags.ts';
import { DEFAULT_LIBBPF, type LibbpfVersion } from './section-defs.ts';
import type { ObjectError, ObjectSpec, ObjectWarning } from './types.ts';

export interface ReadObjectOptions {
  /** libbpf's object name (bpf_object_open_opts.object_name), e.g. 'minimal_bpf' as a skeleton passes it. */
  objectName?: string;
  /**
   * The file's path or name; without objectName, the name is derived from it as libbpf does. With neither,
   * the name is '' and global data maps are named after their sections alone ('.bss').
   */
  path?: string;
  /** Whose section table to apply (default '1.1', installed here). */
  libbpf?: LibbpfVersion;
  /** Page size for ring buffer rounding (default 4096). */
  pageSize?: number;
  /**
   * When global data maps get BPF_F_MMAPABLE: 'global-vars' (libbpf 1.1.0 and later: only when the DATASEC has
   * a non-static, non-hidden variable; the default) or 'always' (libbpf before commit 3cd45b66 of 2022-11-12,
   * e.g. the copy inside bpftool 7.1, built from the Linux 6.1 tree, which also calls itself "libbpf 1.1").
   */
  mmapable?: 'global-vars' | 'always';
}

interface BtfStep {
  btf: Btf | undefined;
  ext: BtfExt | undefined;
}

function btfFail(offset: number, message: string, cause?: BtfError): Result<never, ObjectError> {
  // bpf_object__init_btf: -ENOENT when BTF is needed and absent, btf__new's error (EINVAL) when malformed.
  return err({ kind: 'object-error', step: 'btf', offset, message, libbpfErrno: cause ? 'EINVAL' : 'ENOENT', ...(cause ? { cause } : {}) });
}

function readBtfStep(elf: ElfFile, c: Classified, warnings: ObjectWarning[]): Result<BtfStep, ObjectError> {
  const empty: BtfStep = { btf: undefined, ext: undefined };
  const needsBtf = c.btfMaps !== undefined || c.structOps !== undefined;
  if (!c.btf) {
    if (needsBtf) return btfFail(0, 'The object uses BTF-defined maps or struct_ops but has no .BTF section: compile with clang -g.');
    warnings.push({ kind: 'note', step: 'btf', offset: 0, message: 'The object has no .BTF section: no BTF for maps, func_info or line_info.' });
    return ok(empty);
  }
  const decoded = decodeBtf(sectionData(elf, c.btf));
  if (!decoded.ok) {
    const at = c.btf.offset + decoded.error.offset;
    const message = `.BTF is malformed: ${decoded.error.message}`;
    if (needsBtf) return btfFail(at, message, decoded.error);
    warnings.push({ kind: 'note', step: 'btf', offset: at, message: `${message} libbpf goes on without BTF.` });
    return ok(empty);
  }
  const btf = decoded.value;
  let ext: BtfExt | undefined;
  if (c.btfExt) {
    const e = decodeBtfExt(sectionData(elf, c.btfExt), btf);
    if (e.ok) ext = e.value;
    else warnings.push({ kind: 'note', step: 'btf', offset: c.btfExt.offset + e.error.offset, message: `.BTF.ext is malformed and ignored, as libbpf ignores it: ${e.error.message}` });
  }
  return ok({ btf, ext });
}

/** Reads an object as libbpf 1.1's open phase does; the bytes are not copied (program insns are views). */
export function readObjectSpec(input: Uint8Array | ElfFile, opts: ReadObjectOptions = {}): Result<ObjectSpec, ObjectError> {
  const warnings: ObjectWarning[] = [];
  try {
    const r = read(input, opts, warnings);
    return r.ok || warnings.length === 0 ? r : err({ ...r.error, warnings });
  } catch (e) {
    // Every step checks its input first; reaching this is a bug in the reader, still reported as a value.
    return err({ kind: 'object-error', step: 'elf', offset: 0, libbpfErrno: 'EINVAL', message: `internal error in the object reader (please report it with the file): ${e instanceof Error ? e.message : String(e)}` });
  }
}

function read(input: Uint8Array | ElfFile, opts: ReadObjectOptions, warnings: ObjectWarning[]): Result<ObjectSpec, ObjectError> {
  let elf: ElfFile;
  if (input instanceof Uint8Array) {
    const r = readElf(input);
    if (!r.ok) return err({ kind: 'object-error', step: 'elf', offset: r.error.offset, message: r.error.message, libbpfErrno: 'LIBBPF_ERRNO__FORMAT', cause: r.error });
    elf = r.value;
  } else {
    elf = input;
  }
  const libbpf = opts.libbpf ?? DEFAULT_LIBBPF;
  const objectName = opts.objectName !== undefined ? opts.objectName.slice(0, BPF_OBJ_NAME_LEN - 1) : objectNameFromPath(opts.path ?? '');

  const classified = classifySections(elf, warnings);
  if (!classified.ok) return classified;
  const c = classified.value;
  const meta = readLicenseAndVersion(elf, c);
  if (!meta.ok) return meta;
  const b = readBtfStep(elf, c, warnings);
  if (!b.ok) return b;
  const { btf, ext } = b.value;
  const ex = collectExterns(elf, btf, c.symtab.offset);
  if (!ex.ok) return ex;
  let datasecs = new Map<number, FixedDatasec>();
  if (btf && c.btf) {
    const fixed = fixupDatasecs(btf, elf);
    if (!fixed.ok) return err({ kind: 'object-error', step: 'btf-fixup', offset: c.btf.offset + fixed.datasec.offset, message: fixed.message, libbpfErrno: fixed.libbpfErrno });
    datasecs = fixed.secs;
  }
  const maps = collectMaps({ elf, classified: c, btf, datasecs, externs: ex.value, objectName, pageSize: opts.pageSize, mmapable: opts.mmapable }, warnings);
  if (!maps.ok) return maps;
  const programs = collectPrograms(elf, c, libbpf, warnings);
  if (!programs.ok) return programs;
  const relocs = collectRelocations({ elf, classified: c, programs: programs.value, maps: maps.value, externs: ex.value.externs, btf, datasecs }, warnings);
  if (!relocs.ok) return relocs;
  const core = ext ? attachBtfExt(elf, ext, programs.value, warnings) : [];

  return ok({
    objectName,
    libbpf,
    littleEndian: elf.header.littleEndian,
    license: meta.value.license,
    kernelVersion: meta.value.kernelVersion,
    sections: c.sections,
    programs: programs.value,
    maps: maps.value,
    relocations: [...relocs.value, ...core],
    externs: ex.value.externs,
    btf,
    btfExt: ext,
    warnings,
  });
}
