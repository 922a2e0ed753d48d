// Step 1 and 2 of reading an object: what each ELF section is for, then the license and kernel version.
// Follows libbpf 1.1's bpf_object__elf_collect (and ignore_elf_section) section by section: one symbol
// table, license/version/maps/.maps/.BTF/.BTF.ext by name, executable PROGBITS are code, .data*/.rodata*
// data, .bss* NOBITS, .rel* kept only for code, .maps and .struct_ops. The legacy `maps` section is
// classified (libbpf 1.x refuses it; libbpf 0.x and cilium/ebpf read it) so the object can still be shown.

import { SHF, SHT, isExecutableSection, sectionData, type ElfFile, type ElfSection } from '../elf/index.ts';
import { err, ok, type Result } from '../result.ts';
import type { LibbpfErrno, ObjectError, ObjectWarning, SectionClass, SectionRole } from './types.ts';

const SHF_EXECINSTR = SHF.find((f) => f.name === 'SHF_EXECINSTR')?.bit ?? 0x4n;

export interface Classified {
  sections: SectionClass[];
  symtab: ElfSection;
  text: ElfSection | undefined;
  btf: ElfSection | undefined;
  btfExt: ElfSection | undefined;
  btfMaps: ElfSection | undefined;
  legacyMaps: ElfSection | undefined;
  structOps: ElfSection | undefined;
  license: ElfSection | undefined;
  version: ElfSection | undefined;
}

const hasPfx = (name: string, base: string): boolean => name === base || name.startsWith(`${base}.`);

function ignored(s: ElfSection): boolean {
  if (s.type === SHT.SHT_STRTAB || s.type === SHT.SHT_LLVM_ADDRSIG) return true;
  if (s.type === SHT.SHT_PROGBITS && s.size === 0 && s.name === '.text') return true;
  if (s.name.startsWith('.debug_')) return true;
  if (s.name.startsWith('.rel')) {
    const target = s.name.slice(4);
    if (target.startsWith('.debug_') || target === '.BTF' || target === '.BTF.ext') return true;
  }
  return false;
}

function roleOf(elf: ElfFile, s: ElfSection): SectionRole {
  if (s.index === 0 || ignored(s)) return 'ignored';
  if (s.name === 'license') return 'license';
  if (s.name === 'version') return 'version';
  if (s.name === 'maps') return 'legacy-maps';
  if (s.name === '.maps') return 'btf-maps';
  if (s.name === '.BTF') return 'btf';
  if (s.name === '.BTF.ext') return 'btf-ext';
  if (s.type === SHT.SHT_SYMTAB) return 'symtab';
  if (s.type === SHT.SHT_PROGBITS && s.size > 0) {
    if (isExecutableSection(s)) return s.name === '.text' ? 'subprograms' : 'program';
    if (hasPfx(s.name, '.data')) return 'data';
    if (hasPfx(s.name, '.rodata')) return 'rodata';
    if (s.name === '.struct_ops') return 'struct-ops';
    return 'skipped';
  }
  if (s.type === SHT.SHT_REL) {
    const target = elf.sections[s.info];
    const code = target !== undefined && (target.flags & SHF_EXECINSTR) !== 0n;
    return code || s.name === '.rel.struct_ops' || s.name === '.rel.maps' ? 'relocations' : 'skipped';
  }
  if (s.type === SHT.SHT_NOBITS && hasPfx(s.name, '.bss')) return 'bss';
  return 'skipped';
}

export function classifySections(elf: ElfFile, warnings: ObjectWarning[]): Result<Classified, ObjectError> {
  const fail = (offset: number, message: string, libbpfErrno: LibbpfErrno = 'LIBBPF_ERRNO__FORMAT') => err<ObjectError>({ kind: 'object-error', step: 'classify', offset, message, libbpfErrno });
  // bpf_object__check_endianness comes first: libbpf on a little-endian host (x86-64) opens only ELFDATA2LSB.
  if (!elf.header.littleEndian) {
    warnings.push({ kind: 'libbpf-refuses', step: 'classify', offset: 5, libbpfErrno: 'LIBBPF_ERRNO__ENDIAN', message: 'The object is big-endian (ELFDATA2MSB); libbpf on a little-endian host refuses it (LIBBPF_ERRNO__ENDIAN). It is read anyway, as cilium/ebpf would.' });
  }
  const symtabs = elf.sections.filter((s) => s.type === SHT.SHT_SYMTAB);
  if (symtabs.length === 0) return fail(0, 'The object has no symbol table (.symtab): it was stripped, and a loader cannot find programs or maps without it.', 'ENOENT');
  if (symtabs.length > 1) return fail(symtabs[1]!.headerOffset, `The object has ${symtabs.length} symbol tables; libbpf accepts exactly one.`);

  const sections: SectionClass[] = [];
  const by: Partial<Record<SectionRole, ElfSection>> = {};
  for (const s of elf.sections) {
    const role = roleOf(elf, s);
    sections.push({ index: s.index, name: s.name, role, size: s.size, headerOffset: s.headerOffset });
    if ((s.name === '.BTF' || s.name === '.BTF.ext') && s.type !== SHT.SHT_PROGBITS) {
      return fail(s.headerOffset, `Section ${s.name} has type ${s.typeName}; libbpf requires SHT_PROGBITS.`);
    }
    if (s.type === SHT.SHT_REL && role === 'relocations' && (s.entsize !== 16 || s.info >= elf.sections.length)) {
      return fail(s.headerOffset, `Relocation section ${s.name} has entry size ${s.entsize} or target ${s.info} that libbpf rejects (Elf64_Rel is 16 bytes).`);
    }
    if (role === 'skipped' && s.type !== SHT.SHT_NULL) {
      warnings.push({ kind: 'libbpf-skips', step: 'classify', offset: s.headerOffset, message: `Section ${s.name} (${s.typeName}, ${s.size} bytes) means nothing to libbpf; it is skipped.` });
    }
    // libbpf's last section of a kind wins (it overwrites as it walks); so does ours.
    if (role !== 'ignored' && role !== 'skipped') by[role] = s;
  }
  const legacy = by['legacy-maps'];
  if (legacy) {
    warnings.push({ kind: 'libbpf-refuses', step: 'classify', offset: legacy.headerOffset, libbpfErrno: 'EOPNOTSUPP', message: "Legacy map definitions in the 'maps' section are not supported by libbpf 1.0+ (use BTF-defined maps in SEC(\".maps\")); libbpf 0.x and cilium/ebpf still read them." });
  }
  return ok({
    sections,
    symtab: symtabs[0]!,
    text: elf.sections.find((s) => s.name === '.text' && roleOf(elf, s) === 'subprograms'),
    btf: by.btf,
    btfExt: by['btf-ext'],
    btfMaps: by['btf-maps'],
    legacyMaps: legacy,
    structOps: by['struct-ops'],
    license: by.license,
    version: by.version,
  });
}

const utf8 = new TextDecoder('utf-8');

/** bpf_object__init_license/kversion: at most 63 bytes of license up to its NUL; version must be 4 bytes. */
export function readLicenseAndVersion(elf: ElfFile, c: Classified): Result<{ license: string | undefined; kernelVersion: number | undefined }, ObjectError> {
  let license: string | undefined;
  if (c.license) {
    const bytes = sectionData(elf, c.license).subarray(0, 63);
    const nul = bytes.indexOf(0);
    license = utf8.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
  }
  let kernelVersion: number | undefined;
  if (c.version) {
    if (c.version.size !== 4) {
      return err({ kind: 'object-error', step: 'license', offset: c.version.offset, libbpfErrno: 'LIBBPF_ERRNO__FORMAT', message: `The 'version' section is ${c.version.size} bytes; it must be one 4-byte kernel version (KERNEL_VERSION(a,b,c)).` });
    }
    const b = sectionData(elf, c.version);
    kernelVersion = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, elf.header.littleEndian);
  }
  return ok({ license, kernelVersion });
}
