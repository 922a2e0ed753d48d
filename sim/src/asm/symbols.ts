// Labels → ELF symbols, the way clang's output names them so that libbpf reads the object as it reads
// clang's: a function label is STT_FUNC (STB_GLOBAL in a program section, since libbpf 1.x refuses
// static entry points; STB_LOCAL in .text unless .globl), data labels are STT_OBJECT, branch labels
// ("LBB0_2") STT_NOTYPE locals, and ".L" labels are assembler-temporary (no symbol, as in LLVM).
// A code label is a function when .type/.globl say so, when it starts its section, when an objdump
// "<name>:" line introduced it (llvm-objdump prints functions that way), or, in .text, when a `call` names
// it; never when it is named like a branch label. In a program section every STT_FUNC is a program to
// libbpf (which refuses static ones), so a subprogram called there stays a plain local label, reached by
// a pc-relative call that needs no relocation.

import { STB, STT } from '../elf/constants.ts';
import type { OutSymbol } from './elf-write.ts';
import { sectionSize, type AsmSection, type Label, type Program } from './program.ts';

export const isBranchLabel = (name: string): boolean => /^LBB\d+_\d+$/.test(name) || name.startsWith('.L');
export const isTempLabel = (name: string): boolean => name.startsWith('.L');

export interface SymbolTable {
  symbols: OutSymbol[];
  /** Symbol index by name (labels, externs and undefined globals). */
  byName: Map<string, number>;
  /** The STT_SECTION symbol of a section (ordinal), created on first use. */
  sectionSymbol(s: AsmSection): number;
  isFunction(name: string): boolean;
}

/** Names used as `call` targets anywhere in the program. */
function callTargets(p: Program): Set<string> {
  const out = new Set<string>();
  for (const s of p.sections) for (const it of s.items) if (it.parsed?.fixup?.kind === 'call') out.add(it.parsed.fixup.name);
  return out;
}

export function buildSymbols(p: Program, ordinalOf: (s: AsmSection) => number): SymbolTable {
  const calls = callTargets(p);
  const funcs = new Set<string>();
  for (const l of p.labels.values()) {
    if (!l.section.code || isBranchLabel(l.name)) continue;
    const declared = p.types.get(l.name)?.type;
    const called = calls.has(l.name) && l.section.name === '.text';
    if (declared === 'function' || (declared === undefined && (p.globals.has(l.name) || called || l.offset === 0 || l.objdump))) funcs.add(l.name);
  }
  const symbols: OutSymbol[] = [];
  const byName = new Map<string, number>();
  const labels = [...p.labels.values()].filter((l) => !isTempLabel(l.name));
  for (const l of labels) {
    const g = p.globals.get(l.name);
    const isFunc = funcs.has(l.name);
    const bind = g ? (g.weak ? STB.STB_WEAK : STB.STB_GLOBAL) : isFunc && l.section.name !== '.text' ? STB.STB_GLOBAL : STB.STB_LOCAL;
    const declared = p.types.get(l.name)?.type;
    const type = isFunc ? STT.STT_FUNC : declared === 'object' || (declared === undefined && !l.section.code) ? STT.STT_OBJECT : STT.STT_NOTYPE;
    byName.set(l.name, symbols.length);
    symbols.push({ name: l.name, value: BigInt(l.offset), size: BigInt(symbolSize(p, l, type, funcs)), bind, type, section: ordinalOf(l.section) });
  }
  // Declared but not defined here: externs (kfuncs, ksyms) and .globl names, as undefined globals.
  for (const name of [...p.externs.keys(), ...p.globals.keys()]) {
    if (byName.has(name) || p.labels.has(name)) continue;
    byName.set(name, symbols.length);
    symbols.push({ name, value: 0n, size: 0n, bind: p.globals.get(name)?.weak ? STB.STB_WEAK : STB.STB_GLOBAL, type: STT.STT_NOTYPE, section: 'undef' });
  }
  const sectionSyms = new Map<AsmSection, number>();
  return {
    symbols,
    byName,
    sectionSymbol(s) {
      let i = sectionSyms.get(s);
      if (i === undefined) {
        i = symbols.length;
        symbols.push({ name: s.name, value: 0n, size: 0n, bind: STB.STB_LOCAL, type: STT.STT_SECTION, section: ordinalOf(s) });
        sectionSyms.set(s, i);
      }
      return i;
    },
    isFunction: (name) => funcs.has(name),
  };
}

/** st_size: `.size` when given; a function runs to the next function or the section's end; an object to the next label. */
function symbolSize(p: Program, l: Label, type: number, funcs: Set<string>): number {
  const expr = p.sizes.get(l.name);
  if (expr) {
    let v = 0;
    for (const t of expr.terms) {
      if (t.kind === 'label') {
        const other = p.labels.get(t.name);
        if (!other) p.errors.push({ line: expr.line, column: t.col, message: `undefined label '${t.name}' in .size` });
        v += t.sign * (other?.offset ?? 0);
      } else v += t.sign * t.v;
    }
    return Math.max(0, v);
  }
  if (type === STT.STT_NOTYPE) return 0;
  const end = sectionSize(l.section);
  let next = end;
  for (const o of p.labels.values()) {
    if (o.section !== l.section || o.offset <= l.offset || o.offset >= next) continue;
    if (type === STT.STT_FUNC ? funcs.has(o.name) : !isTempLabel(o.name)) next = o.offset;
  }
  return next - l.offset;
}
