// Source lines for `llvm-objdump -S`-style output taken from the object's BTF line_info (.BTF.ext) instead
// of DWARF + the source file: clang's BPF backend (LLVM 14, BTFDebug) stores, per code section, one record
// per change of debug location with the file name, line, column and the line's text. A record covers its
// instruction and the ones after it up to the next record, as a DWARF line row does; of several records at
// one instruction the last one counts (DWARF's lookup also takes the last row at an address).
// Left out: column-level detail (objdump -S prints whole lines), inlined frames (BTF names the function's
// own file even for code inlined from a header, so such lines can differ from DWARF's), split BTF.

import { err, ok, type Result } from '../result.ts';
import type { ElfFile } from '../elf/types.ts';
import { readBtfFromElf } from '../btf/source.ts';
import { isDisassembledSection } from './section-symbols.ts';

/** One line_info record reduced to what the printer needs. e.g. { byteOff: 16, fileName: './minimal.bpf.c', lineNum: 25, col: 6, text: '\tif (pid != my_pid)' } */
export interface SourceRow {
  /** Byte offset of the first instruction the record covers, in its ELF section. */
  byteOff: number;
  fileName: string;
  /** 0 when clang had no line for the instruction (objdump prints nothing for those). */
  lineNum: number;
  /** Column (1-based; 0 when unknown, as in the record clang writes for a function's first instruction). */
  col: number;
  /** The line as clang read it at compile time, leading whitespace kept. */
  text: string;
}

/** Rows of each code section (by ELF section index), sorted by byteOff, equal offsets in record order. */
export interface SourceLineTable {
  sections: Map<number, readonly SourceRow[]>;
  /** Records of BTF sections that name no code section of the ELF (kept for reports; never printed). */
  unmatched: number;
}

/** Why an object has no source lines to show; `message` says what to do (compile with clang -g). */
export interface NoSourceLines {
  kind: 'no-source-lines';
  message: string;
}

const none = (message: string): Result<never, NoSourceLines> => err({ kind: 'no-source-lines', message });

/** The BTF line_info of `elf` as per-section rows; an error value when the object carries none. */
export function btfSourceLines(elf: ElfFile): Result<SourceLineTable, NoSourceLines> {
  const src = readBtfFromElf(elf);
  if (!src.ok) {
    const hasBtf = elf.sections.some((s) => s.name === '.BTF');
    return none(hasBtf
      ? `its .BTF section does not decode (${src.error.message}), so its .BTF.ext line_info cannot be read`
      : 'it has no .BTF or .BTF.ext section (no BTF line_info): compile it from C with clang -g to get them');
  }
  if (src.value.extError) return none(`its .BTF.ext does not decode (${src.value.extError.message})`);
  const ext = src.value.ext;
  if (!ext) return none('it has .BTF but no .BTF.ext section, which holds the line_info: compile it from C with clang -g (and keep .BTF.ext when stripping)');
  if (ext.lineInfo.length === 0) return none('its .BTF.ext has no line_info records: compile it from C with clang -g');
  const byName = new Map<string, number>();
  for (const s of elf.sections) if (isDisassembledSection(s) && !byName.has(s.name)) byName.set(s.name, s.index);
  const sections = new Map<number, SourceRow[]>();
  let unmatched = 0;
  for (const block of ext.lineInfo) {
    const index = byName.get(block.secName);
    if (index === undefined) {
      unmatched += block.records.length;
      continue;
    }
    let rows = sections.get(index);
    if (!rows) sections.set(index, (rows = []));
    for (const r of block.records) rows.push({ byteOff: r.insnOff, fileName: r.fileName, lineNum: r.lineNum, col: r.col, text: r.line });
  }
  // Array.prototype.sort is stable, so records at one offset keep their order and the last one wins below.
  for (const rows of sections.values()) rows.sort((a, b) => a.byteOff - b.byteOff);
  return ok({ sections, unmatched });
}

/** The row covering byte offset `off` (the last row at or before it), or undefined before the first row. */
export function rowAt(rows: readonly SourceRow[], off: number): SourceRow | undefined {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as SourceRow).byteOff <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? rows[lo - 1] : undefined;
}
