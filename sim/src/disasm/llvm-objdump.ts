// The whole text of `llvm-objdump -d <file>` (LLVM 14.0.6) for an eBPF object, byte for byte.
// Rules, each checked against the real tool (tests/golden/disasm, tests/unit/disasm):
//   header "\n<file>:\tfile format elf64-bpf\n" (also for big-endian objects); then, in section-index order,
//   every non-empty SHF_EXECINSTR section that takes file space: "\nDisassembly of section <name>:\n";
//   per symbol run (see section-symbols.ts) "\n<%016x address> <name>:\n"; then instructions as
//   "<%8d slot>:\t<bytes>\t<text>[ <target>]\n" where slot = byte address / 8 (floor), ld_imm64 shows 16 bytes;
//   "<unknown>" for what LLVM 14 cannot decode (8 bytes, or 1 byte when fewer than 8/16 remain in the section);
//   runs of >= 8 zero bytes before the symbol's end print "\t\t...\n" and skip (run & ~3) bytes;
//   STT_OBJECT/STT_COMMON symbols in code are dumped as data, 8 bytes a line with an ASCII column.
// e.g. "       5:\t5d 01 05 00 00 00 00 00\tif r1 != r0 goto +5 <LBB0_2>"
// With `source` (objdump -S, lines from BTF: btf-lines.ts): before each decoded instruction (not "..." runs,
// not data symbols) "; <line text>\n" when its row's (file, line) differs from the previous instruction's
// row, line 0 excepted; the previous row carries across symbols and sections, and a line-0 row also counts
// as previous (so "A, 0, A" prints A twice), as objdump's SourcePrinter keeps it. e.g. "; \tif (pid != my_pid)"
// Left out: objdump's other options (-r, -l, --no-show-raw-insn, ...) and non-BPF machines.

import { err, ok, type Result } from '../result.ts';
import type { ElfFile } from '../elf/types.ts';
import { sectionData } from '../elf/read.ts';
import { llvmEmit, llvmLastBranchOff } from '../isa/print-llvm.ts';
import { OutBuf } from './out-buf.ts';
import { isDataSymbolType, isDisassembledSection, sectionSymbols, symbolAtOrBefore, type SectionSymbol } from './section-symbols.ts';
import { rowAt, type SourceLineTable, type SourceRow } from './btf-lines.ts';

export type DisasmError = { kind: 'disasm-error'; message: string };

export interface LlvmObjdumpOptions {
  /** Interleave source lines (objdump -S), from btfSourceLines(elf). Absent: plain -d output. */
  source?: SourceLineTable;
}

// The source rows of the section being printed and the row of the last symbolized instruction.
interface SourceState {
  rows: readonly SourceRow[];
  last: { fileName: string; lineNum: number } | undefined;
}

const EM_BPF = 247;
const TWO64 = 1n << 64n;
const HEX_CH: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const TAB = 9;
const NL = 10;
const SP = 32;

/** `llvm-objdump -d` text of `elf`; `fileName` is printed exactly as given (as objdump prints its argument). */
export function llvmObjdump(elf: ElfFile, fileName: string, opts: LlvmObjdumpOptions = {}): Result<string, DisasmError> {
  const r = llvmObjdumpBytes(elf, fileName, opts);
  return r.ok ? ok(new TextDecoder().decode(r.value)) : r;
}

/** The same text as UTF-8 bytes, built without intermediate strings (what the CLI writes in one call). */
export function llvmObjdumpBytes(elf: ElfFile, fileName: string, opts: LlvmObjdumpOptions = {}): Result<Uint8Array, DisasmError> {
  if (elf.header.machine !== EM_BPF) {
    return err({ kind: 'disasm-error', message: `${fileName} is an ELF object for machine ${elf.header.machineName}, not eBPF (EM_BPF 247): bpflc disasm only decodes eBPF` });
  }
  const le = elf.header.littleEndian;
  const out = new OutBuf(Math.max(1 << 16, elf.bytes.length * 4));
  out.byte(NL).str(fileName).str(':\tfile format elf64-bpf\n');
  const src: SourceState | undefined = opts.source ? { rows: [], last: undefined } : undefined;
  for (const section of elf.sections) {
    if (!isDisassembledSection(section)) continue;
    out.str('\nDisassembly of section ').str(section.name).str(':\n');
    if (src) src.rows = opts.source?.sections.get(section.index) ?? [];
    renderSection(out, sectionData(elf, section), Number(section.addr), sectionSymbols(elf, section), le, src);
  }
  return ok(out.bytes());
}

function renderSection(out: OutBuf, bytes: Uint8Array, sectionAddr: number, symbols: readonly SectionSymbol[], le: boolean, src: SourceState | undefined): void {
  const sectSize = bytes.length;
  const n = symbols.length;
  for (let si = 0; si < n; si++) {
    const sym = symbols[si] as SectionSymbol;
    let start = sym.addr;
    if (start < sectionAddr) continue;
    let end = sectionAddr + sectSize;
    const next = symbols[si + 1];
    if (next !== undefined && next.addr < end) end = next.addr;
    if (start >= end) continue;
    out.byte(NL).str((sectionAddr + start).toString(16).padStart(16, '0')).str(' <').str(sym.name).str('>:\n');
    start -= sectionAddr;
    end -= sectionAddr;
    if (isDataSymbolType(sym.type)) {
      dumpData(out, bytes, sectionAddr, start, end);
      continue;
    }
    renderCode(out, bytes, sectionAddr, start, end, symbols, le, src);
  }
}

function renderCode(out: OutBuf, b: Uint8Array, sectionAddr: number, start: number, end: number, symbols: readonly SectionSymbol[], le: boolean, lines: SourceState | undefined): void {
  const total = b.length;
  let i = start;
  while (i < end) {
    // objdump skips runs of at least 8 zero bytes (rounded down to a multiple of 4) up to the symbol's end.
    if (b[i] === 0) {
      let z = i;
      while (z < end && b[z] === 0) z++;
      if (z - i >= 8) {
        out.str('\t\t...\n');
        i += (z - i) & ~3;
        continue;
      }
    }
    if (lines) sourceLine(out, lines, i);
    const addr = sectionAddr + i;
    // "%8d:\t" slot number, written digit by digit (this loop runs once per instruction).
    out.ensure(64);
    let buf = out.buf;
    let at = out.len;
    let slot = Math.floor(addr / 8);
    if (slot < 100000000) {
      const digits = slot < 10 ? 1 : slot < 100 ? 2 : slot < 1000 ? 3 : slot < 10000 ? 4 : slot < 100000 ? 5 : slot < 1000000 ? 6 : slot < 10000000 ? 7 : 8;
      for (let k = digits; k < 8; k++) buf[at++] = SP;
      let p = at + digits;
      at = p;
      do {
        buf[--p] = 0x30 + (slot % 10);
        slot = Math.floor(slot / 10);
      } while (slot > 0);
    } else {
      out.len = at;
      out.str(String(slot));
      buf = out.buf;
      at = out.len;
    }
    buf[at++] = 0x3a;
    buf[at++] = TAB;
    out.len = at;
    if (total - i < 8) {
      out.hex2(b[i] as number).str('\t<unknown>\n');
      i += 1;
      continue;
    }
    const code = b[i] as number;
    const regs = b[i + 1] as number;
    let dst: number, src: number, off: number, imm: number, hi: number | undefined;
    if (le) {
      dst = regs & 15;
      src = regs >> 4;
      off = ((b[i + 2] as number) | ((b[i + 3] as number) << 8)) << 16 >> 16;
      imm = (b[i + 4] as number) | ((b[i + 5] as number) << 8) | ((b[i + 6] as number) << 16) | ((b[i + 7] as number) << 24);
      hi = total - i >= 16 ? (b[i + 12] as number) | ((b[i + 13] as number) << 8) | ((b[i + 14] as number) << 16) | ((b[i + 15] as number) << 24) : undefined;
    } else {
      dst = regs >> 4;
      src = regs & 15;
      off = (((b[i + 2] as number) << 8) | (b[i + 3] as number)) << 16 >> 16;
      imm = ((b[i + 4] as number) << 24) | ((b[i + 5] as number) << 16) | ((b[i + 6] as number) << 8) | (b[i + 7] as number);
      hi = total - i >= 16 ? ((b[i + 12] as number) << 24) | ((b[i + 13] as number) << 16) | ((b[i + 14] as number) << 8) | (b[i + 15] as number) : undefined;
    }
    // bytes first, then the text: the text is written after a tab we reserve now and measured afterwards
    // (llvmEmit tells the size only once it has decoded), so write it to its place and move the bytes in front.
    const textStart = out.len;
    const r = llvmEmit(out, code, dst, src, off, imm, hi);
    if (r === -1) {
      out.len = textStart;
      out.hex2(code).str('\t<unknown>\n');
      i += 1;
      continue;
    }
    const size = r > 0 ? r : 8;
    const textLen = out.len - textStart;
    const hexLen = size * 3; // "xx " per byte, the last space being the tab
    out.ensure(hexLen);
    buf = out.buf;
    buf.copyWithin(textStart + hexLen, textStart, textStart + textLen);
    at = textStart;
    for (let k = 0; k < size; k++) {
      const v = b[i + k] as number;
      buf[at++] = HEX_CH[v >> 4] as number;
      buf[at++] = HEX_CH[v & 15] as number;
      buf[at++] = k === size - 1 ? TAB : SP;
    }
    out.len = textStart + hexLen + textLen;
    if (r < 0) out.str('<unknown>');
    else if (!Number.isNaN(llvmLastBranchOff)) targetSuffix(out, symbols, addr + 8 + llvmLastBranchOff * 8);
    out.byte(NL);
    i += size;
  }
}

// "; <text>" when the row covering section offset `off` starts a new (file, line) other than line 0.
// Offsets before the section's first row have no row: nothing printed, the previous row kept.
function sourceLine(out: OutBuf, src: SourceState, off: number): void {
  const row = rowAt(src.rows, off);
  if (!row) return;
  const last = src.last;
  if (row.lineNum !== 0 && (last === undefined || last.lineNum !== row.lineNum || last.fileName !== row.fileName)) {
    out.str('; ').str(row.text).byte(NL);
  }
  src.last = row;
}

// " <sym>" or " <sym+0xN>": the last symbol at or before the target; targets before address 0 wrap
// around 2^64 as objdump's unsigned arithmetic does (so they name the section's last symbol).
function targetSuffix(out: OutBuf, symbols: readonly SectionSymbol[], target: number): void {
  if (target < 0) {
    const sym = symbols[symbols.length - 1] as SectionSymbol;
    out.str(' <').str(sym.name).str('+0x').str((TWO64 + BigInt(target) - BigInt(sym.addr)).toString(16)).byte(0x3e);
    return;
  }
  const sym = symbolAtOrBefore(symbols, target);
  if (!sym) return;
  const disp = target - sym.addr;
  out.str(' <').str(sym.name);
  if (disp !== 0) out.str('+0x').str(disp.toString(16));
  out.byte(0x3e);
}

// Data inside code: "%8x:" address, " %02x" per byte (8 a line), padding to 8 columns, 9 spaces, ASCII.
// e.g. "      18: 08 07 06 05 04 03 02 01         ........"
function dumpData(out: OutBuf, b: Uint8Array, sectionAddr: number, start: number, end: number): void {
  for (let i = start; i < end; i += 8) {
    const stop = Math.min(end, i + 8);
    const a = (sectionAddr + i).toString(16);
    out.repeat(SP, 8 - a.length).str(a).byte(0x3a);
    for (let k = i; k < stop; k++) out.byte(SP).hex2(b[k] as number);
    out.repeat(SP, 3 * (8 - (stop - i)) + 9);
    for (let k = i; k < stop; k++) {
      const v = b[k] as number;
      out.byte(v >= 0x20 && v <= 0x7e ? v : 0x2e);
    }
    out.byte(NL);
  }
}
