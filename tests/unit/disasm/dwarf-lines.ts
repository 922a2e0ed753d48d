// The DWARF line table of an object as a SourceLineTable, for checking `bpflc disasm -S` against
// `llvm-objdump -S` (LLVM 14.0.6): objdump symbolizes each instruction with the DWARF row covering it and
// reads the line's text from the source file on disk. Rows come from the real `llvm-dwarfdump --debug-line
// -v`; each sequence's section comes from the relocation on its DW_LNE_set_address operand (the object is
// relocatable, so addresses are section-relative), read from .rel.debug_line.
// e.g. row "0x0000000000000008     43      6      0   0             0  is_stmt prologue_end"
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { readElf, type ElfFile } from '../../../sim/src/elf/index.ts';
import { repoPath } from '../../repo-objects.ts';
import type { SourceLineTable, SourceRow } from '../../../sim/src/disasm/btf-lines.ts';

/** `llvm-objdump` is LLVM 14.0.6 here (the version the -S comparisons and goldens are made with). */
export const objdump14 = (() => {
  const v = spawnSync('llvm-objdump', ['--version'], { encoding: 'utf8' });
  return v.status === 0 && /LLVM version 14\.0\.6/.test(v.stdout);
})();

/** A committed object (path from the repo root), read as ELF. */
export function loadRepoElf(obj: string): ElfFile {
  const elf = readElf(new Uint8Array(readFileSync(repoPath(obj))));
  if (!elf.ok) throw new Error(`${obj}: ${elf.error.message}`);
  return elf.value;
}

export interface DwarfRow extends SourceRow {
  /** The sequence's ELF section index. */
  section: number;
}

const SET_ADDRESS = /^0x([0-9a-f]{8}): 00 DW_LNE_set_address/;
const ROW = /^\s+0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s*(.*)$/;
// -v prints strings with their .debug_line_str offset: `include_directories[  0] =  .debug_line_str[0x00000000] = "."`
const INCLUDE_DIR = /^include_directories\[\s*(\d+)\] =.*?"(.*)"$/;
const FILE_NAME = /^file_names\[\s*(\d+)\]:$/;

/** Source lines as objdump splits a file: at '\n', a '\r' before it dropped. */
function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every non-end row of every sequence, with its text read relative to `cwd` (where objdump -S runs). */
export function dwarfRows(objPath: string, elf: ElfFile, cwd: string): DwarfRow[] {
  const r = spawnSync('llvm-dwarfdump', ['--debug-line', '-v', objPath], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`llvm-dwarfdump failed on ${objPath}: ${r.stderr}`);
  const relocs = elf.relocationSections.find((s) => s.targetName === '.debug_line');
  const sectionAt = new Map<number, number>();
  for (const x of relocs?.relocations ?? []) if (x.symbol?.sectionIndex !== undefined) sectionAt.set(Number(x.offset), x.symbol.sectionIndex);
  const dirs: string[] = [];
  const files: string[] = [];
  const sources = new Map<string, string[]>();
  const rows: DwarfRow[] = [];
  let section = -1;
  const lines = r.stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    let m = INCLUDE_DIR.exec(l);
    if (m) {
      dirs[Number(m[1])] = m[2] as string;
      continue;
    }
    m = FILE_NAME.exec(l);
    if (m) {
      const name = /^\s+name:.*?"(.*)"$/.exec(lines[i + 1] ?? '')?.[1];
      const dir = /dir_index: (\d+)/.exec(lines[i + 2] ?? '')?.[1];
      if (name === undefined || dir === undefined) throw new Error(`unexpected file_names entry at line ${i + 1}`);
      files[Number(m[1])] = name.startsWith('/') ? name : join(dirs[Number(dir)] ?? '.', name);
      continue;
    }
    m = SET_ADDRESS.exec(l);
    if (m) {
      // DW_LNE_set_address: 0x00, ULEB length (1 byte here), sub-opcode, then the 8-byte relocated operand.
      const s = sectionAt.get(parseInt(m[1] as string, 16) + 3);
      if (s === undefined) throw new Error(`no relocation on the DW_LNE_set_address at ${m[1]}`);
      section = s;
      continue;
    }
    m = ROW.exec(l);
    if (!m || (m[5] as string).includes('end_sequence')) continue;
    const fileName = files[Number(m[4])];
    if (fileName === undefined || section < 0) throw new Error(`row before its file table or sequence: ${l}`);
    let text = sources.get(fileName);
    if (!text) sources.set(fileName, (text = splitLines(readFileSync(join(cwd, fileName), 'utf8'))));
    const lineNum = Number(m[2]);
    rows.push({ section, byteOff: parseInt(m[1] as string, 16), fileName: normalize(fileName), lineNum, col: Number(m[3]), text: lineNum > 0 ? (text[lineNum - 1] ?? '') : '' });
  }
  return rows;
}

/** The rows as the table the printer takes (rows stay in table order, so the last row at an address wins). */
export function dwarfTable(rows: readonly DwarfRow[]): SourceLineTable {
  const sections = new Map<number, SourceRow[]>();
  for (const row of rows) {
    let list = sections.get(row.section);
    if (!list) sections.set(row.section, (list = []));
    list.push(row);
  }
  for (const list of sections.values()) list.sort((a, b) => a.byteOff - b.byteOff);
  return { sections, unmatched: 0 };
}
