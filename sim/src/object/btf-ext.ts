// The last step: hand each program its slice of .BTF.ext. func_info and line_info records are grouped by
// ELF section name; libbpf 1.1 keeps, for each program, the records whose instruction falls inside it,
// counted from the program's first instruction (what BPF_PROG_LOAD's func_info/line_info want before
// subprograms are appended). CO-RE relocation records become `core` relocations of the program that holds
// the instruction. Records outside every function are dropped, as libbpf drops them.

import type { BtfExt, BtfExtSection } from '../btf/index.ts';
import type { ElfFile } from '../elf/index.ts';
import { slotIndex } from '../isa/index.ts';
import { programAt } from './programs.ts';
import type { ObjectWarning, ProgramSpec, RelocationSpec } from './types.ts';

function recordsFor<R extends { insnIdx: number }>(blocks: BtfExtSection<R>[], elfSection: string, p: ProgramSpec): R[] {
  const out: R[] = [];
  for (const b of blocks) {
    if (b.secName !== elfSection) continue;
    for (const r of b.records) if (r.insnIdx >= p.offset && r.insnIdx < p.offset + p.insnCount) out.push(r);
  }
  return out;
}

export function attachBtfExt(elf: ElfFile, ext: BtfExt, programs: ProgramSpec[], warnings: ObjectWarning[]): RelocationSpec[] {
  for (const p of programs) {
    const secName = elf.sections[p.sectionIndex]!.name;
    p.funcInfo = recordsFor(ext.funcInfo, secName, p).map((r) => ({ insnIndex: slotIndex(r.insnIdx - p.offset), typeId: r.typeId, name: r.name }));
    p.lineInfo = recordsFor(ext.lineInfo, secName, p).map((r) => ({ insnIndex: slotIndex(r.insnIdx - p.offset), fileName: r.fileName, line: r.line, lineNum: r.lineNum, col: r.col }));
  }
  const core: RelocationSpec[] = [];
  for (const block of ext.coreRelos) {
    const sec = elf.sections.find((s) => s.name === block.secName);
    if (!sec) {
      warnings.push({ kind: 'libbpf-skips', step: 'btf-ext', offset: 0, message: `.BTF.ext has CO-RE records for section '${block.secName}', which the object does not have.` });
      continue;
    }
    for (const relo of block.records) {
      const p = programAt(programs, sec.index, relo.insnIdx);
      if (!p) continue;
      core.push({ kind: 'core', program: p.name, section: p.section, insnIndex: slotIndex(relo.insnIdx - p.offset), sectionInsnIndex: slotIndex(relo.insnIdx), relo });
    }
  }
  return core;
}
