// The relocations step: each R_BPF_64_64 / R_BPF_64_32 entry against code becomes a typed record, as
// libbpf 1.1's bpf_program__record_reloc classifies it: an extern (kconfig value or kernel symbol), a
// bpf-to-bpf call into .text, the address of a .text function (callbacks: bpf_loop, for_each), a map
// (ld_imm64 of a .maps/maps symbol) or a global variable (ld_imm64 into .data/.rodata/.bss + offset).
// Entries of `.rel.maps` fill prog-array and map-in-map slots (bpf_object__collect_map_relos).
// Nothing is patched here: the loader does that with real fds. A relocation outside every function is
// skipped with a note, as libbpf does for overridden weak functions.

import { BPF_MAP_TYPE, BPF_PSEUDO } from '../abi/uapi.gen.ts';
import type { Btf } from '../btf/index.ts';
import { SHN, STB, STT, type ElfFile, type ElfRelocation, type ElfRelocationSection, type ElfSymbol } from '../elf/index.ts';
import { readFields, slotIndex, type SlotIndex } from '../isa/index.ts';
import { err, ok, type Result } from '../result.ts';
import { skipModsAndTypedefs, type FixedDatasec } from './btf-view.ts';
import type { Classified } from './classify.ts';
import { programAt } from './programs.ts';
import type { ExternSpec, LibbpfErrno, MapSpec, ObjectError, ObjectWarning, ProgramSpec, RelocBase, RelocationSpec, SectionRole } from './types.ts';

const CALL = 0x85; // BPF_JMP | BPF_CALL
const LD_IMM64 = 0x18; // BPF_LD | BPF_IMM | BPF_DW

export interface RelocInput {
  elf: ElfFile;
  classified: Classified;
  programs: ProgramSpec[];
  maps: MapSpec[];
  externs: ExternSpec[];
  btf: Btf | undefined;
  datasecs: Map<number, FixedDatasec>;
}

type Fail = (offset: number, message: string, libbpfErrno?: LibbpfErrno) => Result<never, ObjectError>;

/** A section symbol has no name of its own: show its section's (libbpf does the same in its messages). */
const symName = (elf: ElfFile, y: ElfSymbol): string => (y.type === STT.STT_SECTION && y.nameOffset === 0 ? (elf.sections[y.sectionIndex ?? 0]?.name ?? '') : y.name);

/** sym_is_subprog: a .text section symbol (static functions) or a global function in .text. */
const isSubprogSym = (y: ElfSymbol, textIndex: number | undefined): boolean =>
  textIndex !== undefined && y.sectionIndex === textIndex && ((y.bind === STB.STB_LOCAL && y.type === STT.STT_SECTION) || (y.bind === STB.STB_GLOBAL && y.type === STT.STT_FUNC));

const isExtern = (y: ElfSymbol): boolean => y.shndx === 0 && (y.bind === STB.STB_GLOBAL || y.bind === STB.STB_WEAK) && y.type === STT.STT_NOTYPE;

function textFunctionAt(progs: readonly ProgramSpec[], textIndex: number | undefined, slot: SlotIndex): string | undefined {
  return progs.find((p) => p.sectionIndex === textIndex && p.offset === slot)?.name;
}

function recordOne(input: RelocInput, roles: readonly SectionRole[], rs: ElfRelocationSection, r: ElfRelocation, fail: Fail, warnings: ObjectWarning[]): Result<RelocationSpec | undefined, ObjectError> {
  const { elf, classified, programs, maps, externs } = input;
  const sec = elf.sections[rs.targetSectionIndex]!;
  const entryAt = elf.sections[rs.sectionIndex]!.offset + r.index * 16;
  const y = r.symbol;
  if (!y) return fail(entryAt, `${rs.name} entry #${r.index} has no symbol.`, 'LIBBPF_ERRNO__FORMAT');
  const off = Number(r.offset);
  if (off % 8 || off >= sec.size) return fail(entryAt, `${rs.name} entry #${r.index}: offset 0x${off.toString(16)} is not an instruction of '${sec.name}'.`, 'LIBBPF_ERRNO__FORMAT');
  const slot = slotIndex(off / 8);
  const name = symName(elf, y);
  const prog = programAt(programs, sec.index, slot);
  if (!prog) {
    warnings.push({ kind: 'libbpf-skips', step: 'relocations', offset: entryAt, message: `${rs.name} entry #${r.index} (insn ${slot}, '${name}') is in no function of '${sec.name}'; libbpf skips it.` });
    return ok(undefined);
  }
  const insnIndex = slotIndex(slot - prog.offset);
  const base: RelocBase = { program: prog.name, section: prog.section, insnIndex, sectionInsnIndex: slot, symbol: name, type: r.typeName, relocationSection: rs.name, relocationIndex: r.index };
  const insn = readFields(prog.insns, insnIndex * 8, elf.header.littleEndian);
  const at = sec.offset + off;
  const where = `prog '${prog.name}' insn ${insnIndex}`;
  if (insn.code !== CALL && insn.code !== LD_IMM64) return fail(at, `${where}: relocation against '${name}' on an instruction with code 0x${insn.code.toString(16)}; only calls and ld_imm64 can be relocated.`);

  if (isExtern(y)) {
    const ext = externs.find((e) => e.symbolIndex === y.index);
    if (!ext) return fail(at, `${where}: no extern found for '${name}'.`);
    if (ext.kind === 'kconfig') {
      const kmap = maps.find((m) => m.kind === 'kconfig');
      return ok({ ...base, kind: 'extern-kconfig', extern: ext.name, map: kmap?.name ?? '.kconfig', valueOffset: ext.dataOffset });
    }
    return ok({ ...base, kind: 'extern-ksym', extern: ext.name, isFunc: insn.code === CALL });
  }
  const textIndex = classified.text?.index;
  if (insn.code === CALL) {
    if (insn.src !== BPF_PSEUDO.BPF_PSEUDO_CALL) return fail(at, `${where}: a relocated call must be a bpf-to-bpf call (src_reg ${BPF_PSEUDO.BPF_PSEUDO_CALL}), found src_reg ${insn.src}.`);
    if (!y.sectionIndex || y.sectionIndex !== textIndex) return fail(at, `${where}: call relocation against '${name}' in section '${y.sectionName}'; calls must target .text.`);
    if (Number(y.value) % 8) return fail(at, `${where}: call relocation against '${name}' at a misaligned offset ${y.value}.`);
    const targetSlot = slotIndex(Number(y.value) / 8 + insn.imm + 1);
    return ok({ ...base, kind: 'subprog-call', targetSlot, target: textFunctionAt(programs, textIndex, targetSlot) });
  }
  if (!y.shndx || y.shndx >= SHN.SHN_LORESERVE) return fail(at, `${where}: relocation against '${name}' in a special section (0x${y.shndx.toString(16)}): an uninitialised global variable?`);
  if (isSubprogSym(y, textIndex)) {
    if (Number(y.value) % 8 || insn.imm % 8) return fail(at, `${where}: bad subprogram address relocation against '${name}' at ${y.value}+${insn.imm}.`);
    const targetSlot = slotIndex((Number(y.value) + insn.imm) / 8);
    return ok({ ...base, kind: 'subprog-addr', targetSlot, target: textFunctionAt(programs, textIndex, targetSlot) });
  }
  const role = roles[y.sectionIndex ?? 0];
  if (role === 'btf-maps' || role === 'legacy-maps') {
    const mapIndex = maps.findIndex((m) => (m.kind === 'btf-defined' || m.kind === 'legacy') && m.sectionIndex === y.sectionIndex && m.sectionOffset === Number(y.value));
    if (mapIndex < 0) return fail(at, `${where}: no map at offset ${y.value} of '${y.sectionName}' for '${name}'.`);
    return ok({ ...base, kind: 'map', map: maps[mapIndex]!.name, mapIndex });
  }
  if (role === 'data' || role === 'rodata' || role === 'bss') {
    const mapIndex = maps.findIndex((m) => m.kind === 'global-data' && m.sectionIndex === y.sectionIndex);
    if (mapIndex < 0) return fail(at, `${where}: no global data map for section '${y.sectionName}'.`);
    return ok({ ...base, kind: 'map-value', map: maps[mapIndex]!.name, mapIndex, valueOffset: insn.imm + Number(y.value) });
  }
  return fail(at, `${where}: relocation against '${name}' in section '${y.sectionName}', which holds neither maps nor global data.`);
}

/** .rel.maps: `.values = { [i] = &prog_or_map }` initialisers of prog arrays and maps of maps. */
function mapSlots(input: RelocInput, rs: ElfRelocationSection, relocFail: Fail): Result<void, ObjectError> {
  // bpf_object__collect_map_relos answers -EINVAL unless said otherwise.
  const fail: Fail = (offset, message, libbpfErrno = 'EINVAL') => relocFail(offset, message, libbpfErrno);
  const { elf, btf, maps, programs } = input;
  const ds = [...input.datasecs.values()].find((d) => d.name === '.maps');
  if (!btf || !ds) return fail(elf.sections[rs.sectionIndex]!.headerOffset, `${rs.name} needs the BTF DATASEC '.maps'.`);
  for (const r of rs.relocations) {
    const entryAt = elf.sections[rs.sectionIndex]!.offset + r.index * 16;
    const y = r.symbol;
    const name = y ? y.name : '';
    const off = Number(r.offset);
    const v = ds.vars.find((x) => x.offset <= off && off + 8 <= x.offset + x.size);
    const map = v && maps.find((m) => m.kind === 'btf-defined' && m.sectionOffset === v.offset);
    if (!v || !map) return fail(entryAt, `.maps relocation #${r.index}: no map at offset ${off} for '${name}'.`);
    const inMap = map.typeValue === BPF_MAP_TYPE.BPF_MAP_TYPE_ARRAY_OF_MAPS || map.typeValue === BPF_MAP_TYPE.BPF_MAP_TYPE_HASH_OF_MAPS;
    const progArray = map.typeValue === BPF_MAP_TYPE.BPF_MAP_TYPE_PROG_ARRAY;
    if (inMap) {
      if (y?.sectionIndex !== input.classified.btfMaps?.index) return fail(entryAt, `.maps relocation #${r.index}: '${name}' isn't a BTF-defined map.`, 'LIBBPF_ERRNO__RELOC');
      if (map.typeValue === BPF_MAP_TYPE.BPF_MAP_TYPE_HASH_OF_MAPS && map.keySize !== 4) return fail(entryAt, `Hash of maps '${map.name}' must have a 4-byte key to be initialised.`);
      if (!maps.some((m) => m.name === name)) return fail(entryAt, `.maps relocation #${r.index}: '${name}' isn't a valid map reference.`, 'ESRCH');
    } else if (progArray) {
      const p = programs.find((q) => !q.isSubprog && q.name === name);
      if (!p) return fail(entryAt, `.maps relocation #${r.index}: '${name}' isn't a valid program reference.`, 'ESRCH');
      if (p.sectionIndex !== y?.sectionIndex || p.offset * 8 !== Number(y.value)) return fail(entryAt, `.maps relocation #${r.index}: '${name}' isn't an entry-point program.`, 'LIBBPF_ERRNO__RELOC');
    } else {
      return fail(entryAt, `.maps relocation #${r.index}: map '${map.name}' is neither a prog array nor a map of maps.`);
    }
    const varT = btf.types[v.typeId];
    const { type: def } = skipModsAndTypedefs(btf, varT?.kind === 'BTF_KIND_VAR' ? varT.type : 0);
    const last = def?.kind === 'BTF_KIND_STRUCT' ? def.members[def.members.length - 1] : undefined;
    if (!last || last.name !== 'values') return fail(entryAt, `Map '${map.name}': initialised slots need 'values' as the last member.`);
    const rel = off - v.offset - last.bitOffset / 8;
    if (rel < 0 || rel % 8) return fail(entryAt, `Map '${map.name}': relocation at ${off} is not one of the 'values' slots.`);
    map.initSlots.push({ slot: rel / 8, kind: inMap ? 'map' : 'prog', name });
  }
  for (const m of maps) m.initSlots.sort((a, b) => a.slot - b.slot);
  return ok(undefined);
}

export function collectRelocations(input: RelocInput, warnings: ObjectWarning[]): Result<RelocationSpec[], ObjectError> {
  const fail: Fail = (offset, message, libbpfErrno = 'LIBBPF_ERRNO__RELOC') => err({ kind: 'object-error', step: 'relocations', offset, message, libbpfErrno });
  const roles: SectionRole[] = [];
  for (const c of input.classified.sections) roles[c.index] = c.role;
  const out: RelocationSpec[] = [];
  for (const rs of input.elf.relocationSections) {
    if (roles[rs.sectionIndex] !== 'relocations') continue;
    if (input.classified.btfMaps && rs.targetSectionIndex === input.classified.btfMaps.index) {
      const r = mapSlots(input, rs, fail);
      if (!r.ok) return r;
      continue;
    }
    if (input.classified.structOps && rs.targetSectionIndex === input.classified.structOps.index) continue;
    for (const r of rs.relocations) {
      const one = recordOne(input, roles, rs, r, fail, warnings);
      if (!one.ok) return one;
      if (one.value) out.push(one.value);
    }
  }
  // bpf_object__sort_relos: per program, by instruction.
  const progIndex = (r: RelocationSpec): number => input.programs.findIndex((p) => p.name === r.program && p.section === r.section);
  const keyed = out.map((r) => ({ r, k: progIndex(r) }));
  keyed.sort((a, b) => a.k - b.k || a.r.insnIndex - b.r.insnIndex);
  return ok(keyed.map((x) => x.r));
}
