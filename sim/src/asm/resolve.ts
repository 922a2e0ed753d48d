// The second pass over each code section: labels and symbols become jump offsets, call offsets and
// relocations (as LLVM 14 emits them), instructions are encoded into their slots, and objdump's bytes
// column, when the line had one, is checked against the encoding.
// Relocations, as clang writes them: ld_imm64 of a symbol → R_BPF_64_64 against the symbol itself when it
// is global, a map, or undefined (imm = addend), else against its section's STT_SECTION symbol with the
// offset in imm; a call of a global function → R_BPF_64_32 against it (imm -1), of a local one in another
// section → against that section's symbol (imm = offset/8 - 1), of a local one in the same section: none
// (src 1, imm = pc-relative).
// The bytes column: an identical encoding is fine; bytes that differ only where LLVM 14's text is silent
// (a call's src_reg, the ignored src of "r1 += 4", ...) are taken as written, so disassembly text assembles
// back to the very same bytes; bytes that print differently earn a warning and the text wins.

import { BPF_FUNC_ID } from '../abi/uapi.gen.ts';
import { R_BPF, STB } from '../elf/constants.ts';
import { llvmDecode } from '../isa/print-llvm.ts';
import { readFields } from '../isa/decode.ts';
import type { OutReloc } from './elf-write.ts';
import { encodeInsn, insnBytes } from './encode.ts';
import type { ParsedInsn } from './parse-insn.ts';
import type { AsmSection, CodeItem, Program } from './program.ts';
import type { SymbolTable } from './symbols.ts';

const HELPERS = BPF_FUNC_ID as Readonly<Record<string, number>>;
const S16 = (v: number): boolean => v >= -0x8000 && v <= 0x7fff;
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

/** Encodes every instruction of `s` into its data, returning the section's relocations. */
export function resolveSection(p: Program, s: AsmSection, syms: SymbolTable): OutReloc[] {
  const relocs: OutReloc[] = [];
  for (const it of s.items) {
    const fail = (col: number, message: string): void => {
      p.errors.push({ line: it.line, column: col, message });
    };
    let bytes: Uint8Array | undefined;
    if (it.parsed) {
      const ins: ParsedInsn = { form: it.parsed.form, ops: { ...it.parsed.ops } };
      const reloc = applyFixup(p, s, it, ins, syms, fail);
      if (reloc === null) continue;
      if (reloc) relocs.push(reloc);
      const explicit = it.reloc ? explicitReloc(p, it, ins, syms, fail) : undefined;
      if (explicit === null) continue;
      if (explicit) relocs.push(explicit);
      const enc = encodeInsn(ins.form, ins.ops);
      if (!enc) {
        fail(it.col, `'${it.text}' has no encoding`);
        continue;
      }
      bytes = crossCheck(p, it, insnBytes(enc, p.le));
    } else {
      bytes = it.given;
      if (it.reloc) {
        const explicit = explicitReloc(p, it, undefined, syms, fail);
        if (explicit) relocs.push(explicit);
      }
    }
    if (!bytes) continue;
    it.bytes = bytes;
    for (let k = 0; k < bytes.length; k++) s.data[it.at + k] = bytes[k] as number;
  }
  return relocs;
}

/** The relocation a fixup needs (undefined: none; null: an error was reported). Patches `ins` in place. */
function applyFixup(p: Program, s: AsmSection, it: CodeItem, ins: ParsedInsn, syms: SymbolTable, fail: (col: number, m: string) => void): OutReloc | undefined | null {
  const fx = it.parsed?.fixup;
  if (!fx) return undefined;
  const slot = it.at / 8;
  if (fx.kind === 'jump') {
    const l = p.labels.get(fx.label);
    if (!l) return fail(fx.col, `undefined label '${fx.label}': expected a label defined in section '${s.name}' (e.g. '${fx.label}:' before an instruction)`), null;
    if (l.section !== s) return fail(fx.col, `jump target '${fx.label}' is in section '${l.section.name}', but a jump stays inside its section '${s.name}'; use call for a function`), null;
    if (l.offset % 8 !== 0) return fail(fx.col, `jump target '${fx.label}' is at byte ${l.offset}, not on an 8-byte instruction slot`), null;
    const delta = l.offset / 8 - (slot + 1);
    if (ins.form.kind === 'ja' && ins.form.long) ins.ops.imm = delta;
    else if (!S16(delta)) return fail(fx.col, `'${fx.label}' is ${delta} slots away, beyond the signed 16-bit jump offset (-32768 to 32767); use gotol`), null;
    else ins.ops.off = delta;
    return undefined;
  }
  if (fx.kind === 'call') {
    const l = p.labels.get(fx.name);
    if (l && l.section.code) {
      ins.form = { kind: 'call', call: 'bpf2bpf' };
      ins.ops.src = 1;
      // A global function is always reached through a relocation (even in the same section, as LLVM does:
      // the linker may replace it); a local one in the same section is resolved here.
      const idx = syms.byName.get(fx.name);
      const sym = idx === undefined ? undefined : syms.symbols[idx];
      if (sym && sym.bind !== STB.STB_LOCAL) {
        ins.ops.imm = -1;
        return { offset: it.at, symbol: idx as number, type: R_BPF.R_BPF_64_32 };
      }
      if (l.section === s) {
        ins.ops.imm = l.offset / 8 - (slot + 1);
        if (s.name !== '.text') {
          p.warnings.push({ line: it.line, column: fx.col, message: `'${fx.name}' is called inside program section '${s.name}': the kernel accepts that, but libbpf 1.x loads subprograms only from .text (put '${fx.name}' after '.text')` });
        }
        return undefined;
      }
      if (l.section.name !== '.text') {
        return fail(fx.col, `call target '${fx.name}' is in program section '${l.section.name}': a BPF-to-BPF call reaches a function in .text or in the caller's own section '${s.name}'`), null;
      }
      ins.ops.imm = l.offset / 8 - 1;
      return { offset: it.at, symbol: syms.sectionSymbol(l.section), type: R_BPF.R_BPF_64_32 };
    }
    if (l) return fail(fx.col, `call target '${fx.name}' is data in section '${l.section.name}', not a function`), null;
    const helper = HELPERS[fx.name];
    if (helper !== undefined) {
      ins.ops.imm = helper;
      return undefined;
    }
    if (p.externs.has(fx.name)) {
      ins.form = { kind: 'call', call: 'kfunc' };
      ins.ops.src = 2;
      ins.ops.imm = -1;
      return { offset: it.at, symbol: syms.byName.get(fx.name) as number, type: R_BPF.R_BPF_64_32 };
    }
    const near = fx.name.startsWith('bpf_') ? '' : HELPERS[`bpf_${fx.name}`] !== undefined ? ` (did you mean 'bpf_${fx.name}'?)` : '';
    return fail(fx.col, `unknown function '${fx.name}'${near}: expected a helper name (e.g. bpf_map_lookup_elem), a helper id, a function defined in this file, or a kfunc declared with .extern`), null;
  }
  // ld_imm64 of a symbol's address.
  const l = p.labels.get(fx.name);
  const idx = syms.byName.get(fx.name);
  const lo = (v: bigint): void => {
    if (v < -(1n << 31n) || v >= 1n << 31n) fail(fx.col, `offset ${v} into '${fx.name}' does not fit the 32-bit imm a relocation reads`);
    ins.form = { kind: 'ld_imm64', pseudo: 'imm', value: BigInt.asIntN(32, v) };
  };
  if (l) {
    const sym = idx === undefined ? undefined : syms.symbols[idx];
    const mapSection = l.section.name === '.maps' || l.section.name === 'maps';
    if (sym && (sym.bind !== STB.STB_LOCAL || mapSection)) {
      lo(fx.addend);
      return { offset: it.at, symbol: idx as number, type: R_BPF.R_BPF_64_64 };
    }
    lo(BigInt(l.offset) + fx.addend);
    return { offset: it.at, symbol: syms.sectionSymbol(l.section), type: R_BPF.R_BPF_64_64 };
  }
  if (idx !== undefined) {
    lo(fx.addend);
    return { offset: it.at, symbol: idx, type: R_BPF.R_BPF_64_64 };
  }
  return fail(fx.col, `undefined symbol '${fx.name}': define it (a .map, a label in .data/.bss/.rodata) or declare it with .extern`), null;
}

/** A relocation line from `llvm-objdump -r`: its symbol, named as readelf names it (sections by their name). */
function explicitReloc(p: Program, it: CodeItem, ins: ParsedInsn | undefined, syms: SymbolTable, fail: (col: number, m: string) => void): OutReloc | undefined | null {
  const r = it.reloc as NonNullable<CodeItem['reloc']>;
  const type = (R_BPF as Readonly<Record<string, number>>)[r.type];
  if (type === undefined) return fail(r.col, `unknown relocation type '${r.type}': expected one of ${Object.keys(R_BPF).join(', ')}`), null;
  if (it.parsed?.fixup && it.parsed.fixup.kind !== 'jump') return fail(r.col, `this instruction already names '${it.parsed.fixup.kind === 'call' ? it.parsed.fixup.name : it.parsed.fixup.name}', which makes its relocation; remove one of the two`), null;
  let idx = syms.byName.get(r.symbol);
  const section = p.sections.find((s) => s.name === r.symbol);
  if (idx === undefined && section) idx = syms.sectionSymbol(section);
  if (idx === undefined) {
    idx = syms.symbols.length;
    syms.symbols.push({ name: r.symbol, value: 0n, size: 0n, bind: STB.STB_GLOBAL, type: 0, section: 'undef' });
    syms.byName.set(r.symbol, idx);
  }
  // A relocated call is a BPF-to-BPF call (src 1), or a kfunc call (src 2) when its symbol is undefined here.
  if (ins && ins.form.kind === 'call' && type === R_BPF.R_BPF_64_32 && ins.ops.src === 0) {
    const undef = syms.symbols[idx]?.section === 'undef';
    ins.form = { kind: 'call', call: undef ? 'kfunc' : 'bpf2bpf' };
    ins.ops.src = undef ? 2 : 1;
  }
  return { offset: it.at, symbol: idx, type };
}

/** The bytes to keep: the encoding, or the objdump bytes when they say the same in LLVM 14's text. */
function crossCheck(p: Program, it: CodeItem, enc: Uint8Array): Uint8Array {
  const given = it.given;
  if (!given || given.length === enc.length && given.every((b, i) => b === enc[i])) return enc;
  const g = given.length === enc.length ? llvmText(given, p.le) : undefined;
  if (g !== undefined && g === llvmText(enc, p.le)) return given;
  const shown = g;
  p.warnings.push({
    line: it.line,
    column: it.col,
    message: `the bytes column (${hex(given)}) ${shown ? `disassembles to '${shown}'` : 'is not this instruction'}, not to this line's text; the text was assembled (${hex(enc)})`,
  });
  return enc;
}

function llvmText(b: Uint8Array, le: boolean): string | undefined {
  const f = readFields(b, 0, le);
  const hi = b.length >= 16 ? readFields(b, 8, le).imm : undefined;
  const d = llvmDecode(f.code, f.dst, f.src, f.off, f.imm, hi);
  return d.ok ? d.text : undefined;
}

/**
 * ".quad sym": R_BPF_64_ABS64 (ABS32 for .long) against a global, map or external symbol with the addend
 * in place, else against the section symbol with the symbol's offset added in place (as clang writes them).
 */
export function resolveDataFixups(p: Program, syms: SymbolTable): Map<AsmSection, OutReloc[]> {
  const out = new Map<AsmSection, OutReloc[]>();
  for (const fx of p.dataFixups) {
    const l = p.labels.get(fx.name);
    let idx = syms.byName.get(fx.name);
    let value = fx.addend;
    const sym = idx === undefined ? undefined : syms.symbols[idx];
    if (l && (!sym || sym.bind === STB.STB_LOCAL)) {
      idx = syms.sectionSymbol(l.section);
      value += BigInt(l.offset);
    }
    if (idx === undefined) {
      p.errors.push({ line: fx.line, column: fx.col, message: `undefined symbol '${fx.name}': define it here or declare it with .extern` });
      continue;
    }
    const bytes = new Uint8Array(fx.size);
    const dv = new DataView(bytes.buffer);
    if (fx.size === 8) dv.setBigUint64(0, BigInt.asUintN(64, value), p.le);
    else dv.setUint32(0, Number(BigInt.asUintN(32, value)), p.le);
    bytes.forEach((b, k) => (fx.section.data[fx.at + k] = b));
    const list = out.get(fx.section) ?? [];
    list.push({ offset: fx.at, symbol: idx, type: fx.size === 8 ? R_BPF.R_BPF_64_ABS64 : R_BPF.R_BPF_64_ABS32 });
    out.set(fx.section, list);
  }
  return out;
}
