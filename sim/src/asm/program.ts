// The assembler's model of a source file while it is read: sections (code or data) with their bytes and
// instructions, labels, symbol declarations (.globl, .type, .size, .extern) and map definitions. The first
// pass (assemble.ts, directives.ts) fills it in statement by statement; the second (resolve.ts) turns
// labels into symbols, fixups into offsets and relocations, and the whole into an object (elf-write.ts).

import { SHT } from '../elf/constants.ts';
import { SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_WRITE } from './elf-write.ts';
import type { MapDef } from './btf-maps.ts';
import type { ParsedInsn } from './parse-insn.ts';

/** An error or warning where the learner can find it: 1-based line and column, and what was expected. */
export interface AsmDiagnostic {
  line: number;
  column: number;
  message: string;
}

/** Where a statement came from, for diagnostics. */
export interface Origin {
  line: number;
  col: number;
}

/** One instruction of a code section (byte offset `at`, a multiple of 8). */
export interface CodeItem extends Origin {
  at: number;
  /** The text as written (after the objdump columns), for messages. */
  text: string;
  /** The parsed instruction; undefined for objdump's "<unknown>", whose bytes are `given`. */
  parsed: ParsedInsn | undefined;
  /** The bytes column of an objdump line: cross-checked against the encoding (see resolve.ts). */
  given?: Uint8Array;
  /** A relocation from `llvm-objdump -r` output: "R_BPF_64_64  my_pid". */
  reloc?: { type: string; symbol: string } & Origin;
  /** Filled by resolve.ts: the final bytes (8 or 16). */
  bytes?: Uint8Array;
}

export interface AsmSection {
  name: string;
  /** Position in source order (the ELF section order). */
  ordinal: number;
  code: boolean;
  nobits: boolean;
  flags: bigint;
  align: number;
  /** Content bytes (code sections: raw data; instructions are written over their slots by resolve.ts). */
  data: number[];
  /** SHT_NOBITS size (data.length is 0 there). */
  bssSize: number;
  items: CodeItem[];
  origin: Origin;
  /** sh_entsize (".section .rodata.cst16,\"aM\",@progbits,16"). */
  entsize: number;
}

/** ".quad sym" / ".long sym + 4": an address in data, filled by an R_BPF_64_ABS64/ABS32 relocation. */
export interface DataFixup extends Origin {
  section: AsmSection;
  at: number;
  size: 4 | 8;
  name: string;
  addend: bigint;
}

export const sectionSize = (s: AsmSection): number => (s.nobits ? s.bssSize : s.data.length);

export interface Label extends Origin {
  name: string;
  section: AsmSection;
  offset: number;
  /** Came from an objdump "0000000000000000 <name>:" line. */
  objdump: boolean;
}

/** What `.size sym, expr` said, evaluated once all labels are known: terms are numbers, labels, or '.'. */
export interface SizeExpr extends Origin {
  terms: Array<{ sign: 1 | -1; kind: 'num'; v: number } | { sign: 1 | -1; kind: 'label'; name: string; col: number } | { sign: 1 | -1; kind: 'dot'; v: number }>;
}

export interface Program {
  sections: AsmSection[];
  current: AsmSection | undefined;
  labels: Map<string, Label>;
  globals: Map<string, Origin & { weak: boolean }>;
  types: Map<string, Origin & { type: 'function' | 'object' | 'notype' }>;
  sizes: Map<string, SizeExpr>;
  externs: Map<string, Origin>;
  maps: Array<MapDef & Origin>;
  dataFixups: DataFixup[];
  fileName: string | undefined;
  errors: AsmDiagnostic[];
  warnings: AsmDiagnostic[];
  /** An objdump "..." waiting for the next address to know how many zero bytes it stands for. */
  pendingZeros: (Origin & { section: AsmSection }) | undefined;
  /** objdump re-disassembles from a symbol inside an instruction: lines below `until` repeat placed bytes. */
  overlap: { section: AsmSection; until: number } | undefined;
  /** Byte order of the object (-target bpfel: true, bpfeb: false). */
  le: boolean;
}

export function newProgram(littleEndian: boolean): Program {
  return {
    sections: [], current: undefined, labels: new Map(), globals: new Map(), types: new Map(), sizes: new Map(),
    externs: new Map(), maps: [], dataFixups: [], fileName: undefined, errors: [], warnings: [], pendingZeros: undefined,
    overlap: undefined, le: littleEndian,
  };
}

const DATA_NAME = /^(\.(data|rodata|bss|kconfig|ksyms|maps|BTF|BTF\.ext)(\..*)?|license|version|maps)$/;
const BSS_NAME = /^\.bss(\..*)?$/;

/** What a section name means by default: code unless it is one of the data sections clang writes. */
export function defaultSectionKind(name: string): { code: boolean; nobits: boolean; flags: bigint; align: number } {
  if (!DATA_NAME.test(name)) return { code: true, nobits: false, flags: SHF_ALLOC | SHF_EXECINSTR, align: 8 };
  if (BSS_NAME.test(name)) return { code: false, nobits: true, flags: SHF_ALLOC | SHF_WRITE, align: 4 };
  if (name.startsWith('.rodata')) return { code: false, nobits: false, flags: SHF_ALLOC, align: 4 };
  if (name.startsWith('.BTF')) return { code: false, nobits: false, flags: 0n, align: 4 };
  if (name === 'license' || name === 'version') return { code: false, nobits: false, flags: SHF_ALLOC | SHF_WRITE, align: 1 };
  return { code: false, nobits: false, flags: SHF_ALLOC | SHF_WRITE, align: name === '.maps' ? 8 : 4 };
}

/** Switches to (creating on first use) section `name`; `spec` overrides flags/type as `.section n,"aw",@nobits` does. */
export function useSection(p: Program, name: string, o: Origin, spec?: { flags?: string; type?: string; entsize?: number }): AsmSection {
  let s = p.sections.find((x) => x.name === name);
  if (!s) {
    const d = defaultSectionKind(name);
    let { code, nobits, flags } = d;
    if (spec?.flags !== undefined) {
      flags = 0n;
      if (spec.flags.includes('a')) flags |= SHF_ALLOC;
      if (spec.flags.includes('w')) flags |= SHF_WRITE;
      if (spec.flags.includes('x')) flags |= SHF_EXECINSTR;
      if (spec.flags.includes('M')) flags |= SHF_MERGE;
      if (spec.flags.includes('S')) flags |= SHF_STRINGS;
      code = spec.flags.includes('x');
    }
    if (spec?.type !== undefined) nobits = spec.type === 'nobits';
    if (nobits) code = false;
    s = { name, ordinal: p.sections.length, code, nobits, flags, align: d.align, data: [], bssSize: 0, items: [], origin: o, entsize: spec?.entsize ?? 0 };
    p.sections.push(s);
  }
  p.current = s;
  return s;
}

/** The section statements go to: the current one, or `.text` as clang starts. */
export function currentSection(p: Program, o: Origin): AsmSection {
  return p.current ?? useSection(p, '.text', o);
}

export const sectionType = (s: AsmSection): number => (s.nobits ? SHT.SHT_NOBITS : SHT.SHT_PROGBITS);

/** Appends bytes (or, in .bss, reserves them: only zeros are allowed there). */
export function emitBytes(s: AsmSection, bytes: ArrayLike<number>): boolean {
  if (s.nobits) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
    s.bssSize += bytes.length;
    return true;
  }
  for (let i = 0; i < bytes.length; i++) s.data.push((bytes[i] as number) & 0xff);
  return true;
}

/** The current byte offset in a section. */
export const here = (s: AsmSection): number => sectionSize(s);
