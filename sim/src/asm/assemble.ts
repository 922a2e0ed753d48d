// assemble(): LLVM-syntax BPF assembly (hand-written, `clang -S` output, or `llvm-objdump -d [-r]` /
// `bpflc disasm` output) → a relocatable ELF object (ET_REL, EM_BPF) that readElf, llvm-objdump, libbpf
// and the kernel read like clang's. Two passes: statements fill a Program (sections, labels, instructions,
// data), then symbols, fixups and relocations are resolved and the ELF is written. Errors are values:
// every { line, column, message } found (up to 100), or the object with any warnings.
// Models LLVM 14's BPF assembler for what it shares with it; see README.md for the syntax and its gaps
// (little-endian only, no DWARF/BTF for code, no expressions beyond `.size`).

import { err, ok, type Result } from '../result.ts';
import { SHT } from '../elf/constants.ts';
import { mapsBtf } from './btf-maps.ts';
import { AsmSyntaxError } from './cursor.ts';
import { runDirective } from './directives.ts';
import { writeElf, type OutReloc, type OutSection } from './elf-write.ts';
import { lex } from './lexer.ts';
import { parseInsn } from './parse-insn.ts';
import {
  currentSection, emitBytes, here, newProgram, sectionSize, sectionType, useSection, type AsmDiagnostic, type AsmSection,
  type CodeItem, type Program,
} from './program.ts';
import { resolveDataFixups, resolveSection } from './resolve.ts';
import { splitLine, type Statement } from './source-lines.ts';
import { buildSymbols } from './symbols.ts';

export interface AsmOptions {
  /** Stop collecting errors after this many (default 100). */
  maxErrors?: number;
  /** Byte order: true (default) as -target bpfel / bpf on x86, false as -target bpfeb. */
  littleEndian?: boolean;
}

export interface AssembledSection {
  name: string;
  code: boolean;
  /** The section's bytes (empty for .bss); for code, the encoded instructions. */
  bytes: Uint8Array;
  size: number;
}

export interface Assembled {
  /** The ELF object. */
  elf: Uint8Array;
  sections: AssembledSection[];
  warnings: AsmDiagnostic[];
}

/** Assembles `source`; on failure, every error found, in line order. */
export function assemble(source: string, opts: AsmOptions = {}): Result<Assembled, AsmDiagnostic[]> {
  const max = opts.maxErrors ?? 100;
  const p = newProgram(opts.littleEndian ?? true);
  const lines = source.split('\n');
  for (let i = 0; i < lines.length && p.errors.length < max; i++) {
    for (const st of splitLine(lines[i] as string, i + 1)) {
      try {
        statement(p, st);
      } catch (e) {
        if (!(e instanceof AsmSyntaxError)) throw e;
        p.errors.push({ line: st.line, column: e.col, message: e.message });
        break;
      }
    }
  }
  flushZeros(p, undefined);
  if (p.errors.length > 0) return err(p.errors.slice(0, max));
  return finish(p, max);
}

function statement(p: Program, st: Statement): void {
  const o = { line: st.line, col: st.col };
  switch (st.kind) {
    case 'section':
      flushZeros(p, undefined);
      useSection(p, st.name, o);
      return;
    case 'label': {
      const s = currentSection(p, o);
      const prior = p.labels.get(st.name);
      if (prior) throw new AsmSyntaxError(st.col, `'${st.name}' is already defined at line ${prior.line}`);
      const offset = st.objdumpAddr === undefined ? here(s) : objdumpLabelOffset(p, s, st.objdumpAddr);
      p.labels.set(st.name, { name: st.name, section: s, offset, line: st.line, col: st.col, objdump: st.objdumpAddr !== undefined });
      return;
    }
    case 'directive':
      runDirective(p, { ...o, name: st.name, text: st.text, argCol: st.argCol });
      return;
    case 'zeros':
      flushZeros(p, undefined);
      p.pendingZeros = { ...o, section: currentSection(p, o) };
      return;
    case 'data': {
      // objdump dumps the bytes of STT_OBJECT symbols inside code as data rows: their label is an object.
      const s = currentSection(p, o);
      flushZeros(p, { section: s, offset: st.addr });
      const owner = [...p.labels.values()].filter((l) => l.section === s && l.offset <= here(s)).pop();
      if (owner && !p.types.has(owner.name)) p.types.set(owner.name, { ...o, type: 'object' });
      emitBytes(s, st.bytes);
      return;
    }
    case 'reloc': {
      const s = currentSection(p, o);
      const last = s.items[s.items.length - 1];
      if (!last) throw new AsmSyntaxError(st.col, `a relocation line must follow the instruction it patches`);
      if (last.reloc) throw new AsmSyntaxError(st.col, `the instruction on line ${last.line} already has a relocation (line ${last.reloc.line})`);
      last.reloc = { type: st.type, symbol: st.symbol, line: st.line, col: st.symbolCol };
      return;
    }
    case 'insn':
      return instruction(p, st);
  }
}

function instruction(p: Program, st: Extract<Statement, { kind: 'insn' }>): void {
  const s = currentSection(p, st);
  if (!s.code) {
    throw new AsmSyntaxError(st.col, `expected a directive or a label in data section '${s.name}', found an instruction: switch to a code section first (e.g. '.section socket' or '.text')`);
  }
  if (st.slot !== undefined) {
    if (repeatsPlacedBytes(p, s, st)) return;
    flushZeros(p, { section: s, offset: st.slot * 8 });
  }
  const at = here(s);
  // objdump's 1-byte "<unknown>" lines (the last bytes of a section) and instructions it found off the
  // 8-byte grid (after odd-sized data) are bytes it could not place: they go in as written.
  if (st.bytes && (st.bytes.length < 8 || at % 8 !== 0)) {
    emitBytes(s, st.bytes);
    return;
  }
  if (at % 8 !== 0) throw new AsmSyntaxError(st.col, `this instruction would start at byte ${at} of '${s.name}', not on an 8-byte slot: pad the data before it (e.g. '.p2align 3')`);
  if (st.text === '<unknown>') {
    if (!st.bytes) throw new AsmSyntaxError(st.col, `'<unknown>' needs the bytes column before it (as llvm-objdump prints it)`);
    s.items.push({ line: st.line, col: st.col, at, text: st.text, parsed: undefined, given: st.bytes });
    emitBytes(s, st.bytes);
    return;
  }
  const r = lex(st.text, st.col, st.bytes ? 11 : 10);
  if (!r.ok) throw new AsmSyntaxError(r.col, r.message);
  const parsed = parseInsn(r.toks);
  const size = parsed.form.kind === 'ld_imm64' ? 16 : 8;
  const item = { line: st.line, col: st.col, at, text: st.text, parsed, ...(st.bytes ? { given: st.bytes } : {}) };
  s.items.push(item);
  emitBytes(s, new Array<number>(size).fill(0));
}

/**
 * Resolves a pending objdump "..." with the next address seen in its section. With no address after it
 * (the end of a section) its length is unknowable: 8 zero bytes, the shortest run objdump prints as "...",
 * keep the text identical.
 */
function flushZeros(p: Program, next: { section: AsmSection; offset: number } | undefined): void {
  const z = p.pendingZeros;
  if (!z) return;
  p.pendingZeros = undefined;
  const at = here(z.section);
  const n = next && next.section === z.section && next.offset >= at + 8 ? next.offset - at : 8;
  emitBytes(z.section, new Array<number>(n).fill(0));
}

const itemSize = (it: CodeItem): number => it.given?.length ?? (it.parsed?.form.kind === 'ld_imm64' ? 16 : 8);

/**
 * Where an objdump label goes. Its address is trusted only to close a "..." run, or when it falls inside
 * the instruction just placed (a symbol in the middle of an ld_imm64: objdump then prints the rest of that
 * instruction again, which repeatsPlacedBytes skips). Otherwise the label goes where the text has got to,
 * so that lines a learner inserted or deleted move it along.
 */
function objdumpLabelOffset(p: Program, s: AsmSection, addr: number): number {
  if (p.pendingZeros) flushZeros(p, { section: s, offset: addr });
  const at = here(s);
  const last = s.items[s.items.length - 1];
  if (last && addr > last.at && addr < last.at + itemSize(last) && last.at + itemSize(last) === at) {
    p.overlap = { section: s, until: at };
    return addr;
  }
  return at;
}

/** True when an objdump line re-describes bytes already placed (after a label inside an instruction). */
function repeatsPlacedBytes(p: Program, s: AsmSection, st: Extract<Statement, { kind: 'insn' }>): boolean {
  const ov = p.overlap;
  const pos = (st.slot as number) * 8;
  if (!ov || ov.section !== s || pos >= ov.until) {
    p.overlap = undefined;
    return false;
  }
  const owner = s.items.find((it) => it.at <= pos && pos < it.at + itemSize(it));
  const same = owner?.given && (st.bytes ?? []).every((b, k) => owner.given?.[pos - owner.at + k] === b);
  if (owner?.given && !same) {
    throw new AsmSyntaxError(st.col, `these bytes repeat byte ${pos} of the instruction on line ${owner.line}, but differ from it`);
  }
  return true;
}

function finish(p: Program, max: number): Result<Assembled, AsmDiagnostic[]> {
  // Every section opened is kept, empty or not, as LLVM keeps them.
  const kept = p.sections;
  const ordinal = new Map(kept.map((s, i) => [s, i]));
  const extra: OutSection[] = [];
  if (p.maps.length > 0 && !p.sections.some((s) => s.name === '.BTF')) {
    const btf = mapsBtf([...p.maps].sort((a, b) => a.offset - b.offset), p.le);
    extra.push({ name: '.BTF', type: SHT.SHT_PROGBITS, flags: 0n, data: btf, size: btf.length, align: 4 });
  }
  const syms = buildSymbols(p, (s) => ordinal.get(s) ?? 0);
  const relocations = new Map<number, OutReloc[]>();
  for (const s of kept) {
    if (!s.code) continue;
    const r = resolveSection(p, s, syms);
    if (r.length) relocations.set(ordinal.get(s) as number, r);
  }
  for (const [s, r] of resolveDataFixups(p, syms)) {
    const k = ordinal.get(s) as number;
    relocations.set(k, [...(relocations.get(k) ?? []), ...r]);
  }
  if (p.errors.length > 0) return err(p.errors.sort((a, b) => a.line - b.line || a.column - b.column).slice(0, max));
  if (p.fileName !== undefined) syms.symbols.unshift({ name: p.fileName, value: 0n, size: 0n, bind: 0, type: 4, section: 'abs' });
  const shift = p.fileName !== undefined ? 1 : 0;
  if (shift) for (const rs of relocations.values()) for (const r of rs) r.symbol += shift;
  const sections: OutSection[] = kept.map((s) => ({
    name: s.name, type: sectionType(s), flags: s.flags, data: Uint8Array.from(s.data), size: sectionSize(s), align: s.align, entsize: s.entsize,
  }));
  const elf = writeElf({ sections: [...sections, ...extra], symbols: syms.symbols, relocations }, p.le);
  return ok({
    elf,
    sections: kept.map((s, i) => ({ name: s.name, code: s.code, bytes: (sections[i] as OutSection).data, size: sectionSize(s) })),
    warnings: p.warnings,
  });
}
