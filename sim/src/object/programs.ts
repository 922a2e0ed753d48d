// The programs step: every STT_FUNC symbol in an executable section is a program (libbpf 1.1
// bpf_object__add_programs + bpf_object_init_progs). Functions in `.text` are subprograms when the
// object has more than one function in all (prog_is_subprog); everywhere else a function is an entry
// point whose SEC() name picks its type from section-defs.ts. Programs are ordered by section index,
// then offset, as libbpf sorts them. A static (STB_LOCAL) function outside .text is refused, as in libbpf.

import { BPF_ATTACH_TYPE, BPF_PROG_TYPE } from '../abi/uapi.gen.ts';
import { STB, STT, sectionData, type ElfFile } from '../elf/index.ts';
import { slotIndex } from '../isa/index.ts';
import { err, ok, type Result } from '../result.ts';
import { parseAttachTarget } from './attach-target.ts';
import type { Classified } from './classify.ts';
import { findSectionDef, hasSecFlag, NEWER_UAPI, type LibbpfVersion, type SecAttachType, type SecProgType } from './section-defs.ts';
import { BPF_PROG_FLAG } from './uapi-flags.ts';
import type { LibbpfErrno, ObjectError, ObjectWarning, ProgramSpec } from './types.ts';

const INSN_SIZE = 8;

function progTypeValue(t: SecProgType): number {
  return t in BPF_PROG_TYPE ? BPF_PROG_TYPE[t as keyof typeof BPF_PROG_TYPE] : NEWER_UAPI[t as keyof typeof NEWER_UAPI].value;
}

function attachTypeValue(t: SecAttachType): number {
  return t in BPF_ATTACH_TYPE ? BPF_ATTACH_TYPE[t as keyof typeof BPF_ATTACH_TYPE] : NEWER_UAPI[t as keyof typeof NEWER_UAPI].value;
}

export function collectPrograms(elf: ElfFile, c: Classified, libbpf: LibbpfVersion, warnings: ObjectWarning[]): Result<ProgramSpec[], ObjectError> {
  const fail = (offset: number, message: string, libbpfErrno: LibbpfErrno = 'EINVAL') => err<ObjectError>({ kind: 'object-error', step: 'programs', offset, message, libbpfErrno });
  const progs: ProgramSpec[] = [];
  for (const cls of c.sections) {
    if (cls.role !== 'program' && cls.role !== 'subprograms') continue;
    const sec = elf.sections[cls.index]!;
    const code = sectionData(elf, sec);
    for (const sym of elf.symbols) {
      if (sym.sectionIndex !== sec.index || sym.type !== STT.STT_FUNC) continue;
      const off = Number(sym.value);
      const size = Number(sym.size);
      if (off + size > sec.size) return fail(sec.offset + off, `Section '${sec.name}': program '${sym.name}' at byte ${off} (${size} bytes) crosses the end of the section.`, 'LIBBPF_ERRNO__FORMAT');
      if (cls.role === 'program' && sym.bind === STB.STB_LOCAL) return fail(sec.offset + off, `Section '${sec.name}': program '${sym.name}' is static; libbpf supports only global programs outside .text.`, 'EOPNOTSUPP');
      if (size === 0 || size % INSN_SIZE || off % INSN_SIZE) return fail(sec.offset + off, `Section '${sec.name}': program '${sym.name}' is corrupted (offset ${off}, size ${size}: both must be non-zero multiples of 8).`);
      const autoload = !sec.name.startsWith('?');
      const section = autoload ? sec.name : sec.name.slice(1);
      progs.push({
        name: sym.name, section, sectionIndex: sec.index, autoload, offset: slotIndex(off / INSN_SIZE), insnCount: size / INSN_SIZE,
        insns: code.subarray(off, off + size), isSubprog: false, bind: sym.bindName, symbolIndex: sym.index,
        secDef: undefined, progType: undefined, progTypeValue: 0, expectedAttachType: undefined, expectedAttachTypeValue: 0,
        progFlags: 0, attach: { kind: 'manual', reason: '' }, funcInfo: undefined, lineInfo: undefined,
      });
    }
  }
  progs.sort((a, b) => a.sectionIndex - b.sectionIndex || a.offset - b.offset);

  for (const p of progs) {
    p.isSubprog = c.text !== undefined && p.sectionIndex === c.text.index && progs.length > 1;
    const def = findSectionDef(p.section, libbpf);
    if (!def) {
      p.attach = p.isSubprog
        ? { kind: 'manual', reason: 'a subprogram: the loader appends it to each program that calls it' }
        : { kind: 'manual', reason: `libbpf ${libbpf} does not know section '${p.section}': the program stays BPF_PROG_TYPE_UNSPEC unless the user sets a type` };
      if (!p.isSubprog) {
        const sec = elf.sections[p.sectionIndex]!;
        warnings.push({ kind: 'note', step: 'programs', offset: sec.headerOffset, message: `Program '${p.name}': unrecognized section name '${p.section}' (libbpf ${libbpf}).` });
      }
      continue;
    }
    p.secDef = def;
    p.progType = def.progType;
    p.progTypeValue = progTypeValue(def.progType);
    if (def.expectedAttachType) {
      p.expectedAttachType = def.expectedAttachType;
      p.expectedAttachTypeValue = attachTypeValue(def.expectedAttachType);
    }
    if (hasSecFlag(def, 'SEC_SLEEPABLE')) p.progFlags |= BPF_PROG_FLAG.BPF_F_SLEEPABLE;
    if (def.progType === 'BPF_PROG_TYPE_XDP' && hasSecFlag(def, 'SEC_XDP_FRAGS')) p.progFlags |= BPF_PROG_FLAG.BPF_F_XDP_HAS_FRAGS;
    p.attach = parseAttachTarget(def, p.section);
  }
  return ok(progs);
}

/** find_prog_by_sec_insn: the function of section `sectionIndex` that holds slot `slot`. */
export function programAt(progs: readonly ProgramSpec[], sectionIndex: number, slot: number): ProgramSpec | undefined {
  return progs.find((p) => p.sectionIndex === sectionIndex && slot >= p.offset && slot < p.offset + p.insnCount);
}
