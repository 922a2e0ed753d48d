// ObjectSpec: what a loader sees in an eBPF object once it has read it and before it touches the kernel
// (the "spec" half of ARCHITECTURE.md's spec vs live split), modelled on what libbpf 1.1's
// bpf_object__open() knows at the end of its open phase: programs with their types, maps with their
// definitions, relocations recorded per instruction, externs, BTF. Pure data: no fds, nothing resolved
// against a running kernel (kconfig values, ksym addresses and CO-RE targets are the loader's job).
// Offsets: `*Index` fields count 8-byte instruction slots, `byteOffset` fields count bytes.

import type { Btf, BtfCoreRelo, BtfError, BtfExt } from '../btf/index.ts';
import type { BpfMapType } from '../abi/uapi.gen.ts';
import type { ElfError } from '../elf/index.ts';
import type { SlotIndex } from '../isa/index.ts';
import type { AttachTarget } from './attach-target.ts';
import type { LibbpfVersion, SecAttachType, SecProgType, SectionDef } from './section-defs.ts';

/** The ordered steps of readObjectSpec (libbpf: elf_collect → collect_externs → fixup_btf → init_maps → init_progs → collect_relos). */
export const OBJECT_STEPS = ['elf', 'classify', 'license', 'btf', 'externs', 'btf-fixup', 'maps', 'programs', 'relocations', 'btf-ext'] as const;
export type ObjectStep = (typeof OBJECT_STEPS)[number];

/**
 * What libbpf 1.1's bpf_object__open() returns (negated) when it refuses an object for the same reason:
 * plain errnos, or libbpf's own codes (libbpf.h: LIBBPF_ERRNO__FORMAT 4001, __ENDIAN 4003, __RELOC 4005).
 */
export type LibbpfErrno = 'EINVAL' | 'ENOENT' | 'ESRCH' | 'EOPNOTSUPP' | 'LIBBPF_ERRNO__FORMAT' | 'LIBBPF_ERRNO__ENDIAN' | 'LIBBPF_ERRNO__RELOC';

/** Why an object cannot be opened: the step, a byte offset in the file, and a sentence a learner can act on. */
export interface ObjectError {
  kind: 'object-error';
  step: ObjectStep;
  offset: number;
  message: string;
  /** The error libbpf would return for it. */
  libbpfErrno: LibbpfErrno;
  /** The ELF or BTF reader's own error, when one of them failed. */
  cause?: ElfError | BtfError;
  /** What the steps before the failing one noticed (e.g. a big-endian object libbpf refuses anyway). */
  warnings?: ObjectWarning[];
}

/**
 * Something the reader noticed that does not stop it:
 * - 'libbpf-refuses': libbpf 1.x would fail to open or load this (e.g. a legacy `maps` section);
 * - 'libbpf-skips': libbpf ignores this part (an unknown data section, a relocation outside any function);
 * - 'note': worth knowing (no BTF, .BTF.ext unreadable, ...).
 */
export interface ObjectWarning {
  kind: 'libbpf-refuses' | 'libbpf-skips' | 'note';
  step: ObjectStep;
  offset: number;
  message: string;
  /** For 'libbpf-refuses': the error libbpf returns. */
  libbpfErrno?: LibbpfErrno;
}

/** What libbpf does with each ELF section (bpf_object__elf_collect + ignore_elf_section). */
export type SectionRole =
  | 'program' // an executable section named by SEC()
  | 'subprograms' // .text
  | 'license'
  | 'version'
  | 'btf-maps' // .maps
  | 'legacy-maps' // maps (libbpf < 1.0)
  | 'data' // .data, .data.*
  | 'rodata' // .rodata, .rodata.*
  | 'bss' // .bss, .bss.*
  | 'struct-ops' // .struct_ops
  | 'btf'
  | 'btf-ext'
  | 'symtab'
  | 'relocations' // .rel<section> for code, .maps or .struct_ops
  | 'ignored' // string tables, DWARF, .llvm_addrsig, .rel.BTF*, empty .text
  | 'skipped'; // anything else: libbpf logs "skipping" and moves on

export interface SectionClass {
  index: number;
  name: string;
  role: SectionRole;
  size: number;
  /** File offset of the section header (errors in this section point here). */
  headerOffset: number;
}

export interface ProgramFuncInfo {
  /** Slot index relative to the program's first instruction. */
  insnIndex: SlotIndex;
  typeId: number;
  name: string;
}

export interface ProgramLineInfo {
  insnIndex: SlotIndex;
  fileName: string;
  line: string;
  lineNum: number;
  col: number;
}

export interface ProgramSpec {
  /** The function symbol's name (libbpf's bpf_program__name), e.g. 'handle_tp'. */
  name: string;
  /** SEC() name with a leading '?' removed, e.g. 'tp/syscalls/sys_enter_write'. */
  section: string;
  sectionIndex: number;
  /** False when the section was written SEC("?..."): libbpf opens the program but does not load it. */
  autoload: boolean;
  /** First slot of the function in its section (st_value / 8). */
  offset: SlotIndex;
  /** Number of 8-byte slots (st_size / 8). */
  insnCount: number;
  /** The raw instruction bytes (a view into the file, insnCount × 8 bytes). */
  insns: Uint8Array;
  /** A function in .text that programs call (libbpf's prog_is_subprog: .text and more than one function). */
  isSubprog: boolean;
  /** 'STB_GLOBAL', 'STB_LOCAL' or 'STB_WEAK': a global subprogram is verified on its own. */
  bind: string;
  symbolIndex: number;
  /** The section_defs row that matched; undefined for subprograms and unknown sections. */
  secDef: SectionDef | undefined;
  /** BPF_PROG_TYPE_*; undefined when the section name is not in libbpf's table (the program stays UNSPEC). */
  progType: SecProgType | undefined;
  /** The numeric prog_type for bpf_attr (0 when unknown). */
  progTypeValue: number;
  /** BPF_* attach type; undefined when libbpf passes 0 without meaning one. */
  expectedAttachType: SecAttachType | undefined;
  /** The numeric expected_attach_type for bpf_attr. */
  expectedAttachTypeValue: number;
  /** prog_flags libbpf adds at load: BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS. */
  progFlags: number;
  /** Where libbpf's auto-attach would attach it, parsed from the section name. */
  attach: AttachTarget;
  /** .BTF.ext records inside this function (undefined when the object has no usable .BTF.ext). */
  funcInfo: ProgramFuncInfo[] | undefined;
  lineInfo: ProgramLineInfo[] | undefined;
}

export type MapKind = 'btf-defined' | 'legacy' | 'global-data' | 'kconfig';

/** An entry of a prog-array or map-in-map initialiser (`.values = { [1] = &prog }`), from .rel.maps. */
export interface MapInitSlot {
  slot: number;
  kind: 'prog' | 'map';
  /** Program or map name the slot is filled with at load. */
  name: string;
}

export interface InnerMapSpec {
  /** libbpf names it '<outer>.inner'. */
  name: string;
  type: BpfMapType | undefined;
  typeValue: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** From the inner definition's __type(key/value, ...), passed when libbpf creates the inner map template. */
  btfKeyTypeId: number;
  btfValueTypeId: number;
}

export interface MapSpec {
  /**
   * libbpf's map name: the variable for BTF-defined and legacy maps; for global data the object name
   * prefix + section, e.g. 'minimal.bss', 'subprog_.rodata', '.rodata.str1.1' (see internalMapName).
   * The kernel keeps the first 15 characters (BPF_OBJ_NAME_LEN - 1).
   */
  name: string;
  kind: MapKind;
  /** ELF section the definition (or the data) lives in; for .kconfig the symbol table, as in libbpf. */
  section: string;
  sectionIndex: number;
  /** Byte offset of the definition inside its section (0 for global data). */
  sectionOffset: number;
  type: BpfMapType | undefined;
  typeValue: number;
  keySize: number;
  valueSize: number;
  /** As libbpf passes it to BPF_MAP_CREATE (ring buffers rounded up to a power-of-2 number of pages). */
  maxEntries: number;
  /** As written in the object, when libbpf changes it (ring buffers). */
  declaredMaxEntries?: number;
  /** map_flags: for global data libbpf sets BPF_F_RDONLY_PROG (.rodata, .kconfig) and BPF_F_MMAPABLE. */
  flags: number;
  numaNode: number;
  mapExtra: bigint;
  pinning: 'none' | 'by-name';
  /** BTF type ids passed as btf_key_type_id / btf_value_type_id (0: none; global data: 0 and the DATASEC). */
  btfKeyTypeId: number;
  btfValueTypeId: number;
  inner: InnerMapSpec | undefined;
  initSlots: MapInitSlot[];
  /** Global data: the section's bytes (zeros for .bss and .kconfig, which the loader fills). */
  initialValue: Uint8Array | undefined;
  /** libbpf freezes .rodata and .kconfig after writing their contents (BPF_MAP_FREEZE). */
  freezeAfterLoad: boolean;
}

export type ExternSpec =
  | {
      kind: 'kconfig';
      name: string;
      symbolIndex: number;
      weak: boolean;
      btfId: number;
      /** Size, alignment and offset inside the .kconfig map (libbpf's layout: by alignment desc, size asc, name). */
      size: number;
      align: number;
      dataOffset: number;
      kcfgType: 'bool' | 'char' | 'int' | 'tristate' | 'char-array';
      signed: boolean;
    }
  | {
      kind: 'ksym';
      name: string;
      symbolIndex: number;
      weak: boolean;
      btfId: number;
      /** A kernel function called as a kfunc, or a kernel variable (typed: its BTF type; typeless: 0). */
      isFunc: boolean;
      typeId: number;
    };

/** One recorded relocation; `insnIndex` is relative to the program (as libbpf records it). */
export type RelocationSpec =
  | (RelocBase & { kind: 'map'; map: string; mapIndex: number })
  | (RelocBase & { kind: 'map-value'; map: string; mapIndex: number; valueOffset: number })
  | (RelocBase & { kind: 'subprog-call'; targetSlot: SlotIndex; target: string | undefined })
  | (RelocBase & { kind: 'subprog-addr'; targetSlot: SlotIndex; target: string | undefined })
  | (RelocBase & { kind: 'extern-kconfig'; extern: string; map: string; valueOffset: number })
  | (RelocBase & { kind: 'extern-ksym'; extern: string; isFunc: boolean })
  | (Omit<RelocBase, 'symbol' | 'relocationIndex' | 'relocationSection' | 'type'> & { kind: 'core'; relo: BtfCoreRelo });

export interface RelocBase {
  /** Program (or subprogram) the instruction belongs to. */
  program: string;
  section: string;
  insnIndex: SlotIndex;
  /** The same instruction counted from the start of its section. */
  sectionInsnIndex: SlotIndex;
  /** The ELF relocation: its symbol's name (a section symbol shows as its section's name) and type. */
  symbol: string;
  type: string;
  relocationSection: string;
  relocationIndex: number;
}

export interface ObjectSpec {
  /** libbpf's object name: the file name up to its first '.', or what the caller gave (skeletons use '<name>_bpf'). */
  objectName: string;
  /** The libbpf release whose section table and rules were applied. */
  libbpf: LibbpfVersion;
  littleEndian: boolean;
  license: string | undefined;
  /** The `version` section (old kprobe objects); undefined when absent (libbpf then sends the running kernel's). */
  kernelVersion: number | undefined;
  sections: SectionClass[];
  programs: ProgramSpec[];
  maps: MapSpec[];
  relocations: RelocationSpec[];
  externs: ExternSpec[];
  btf: Btf | undefined;
  btfExt: BtfExt | undefined;
  warnings: ObjectWarning[];
}

