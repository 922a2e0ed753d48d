// Splitting an assembly source into statements, one line at a time. Two line styles are read:
//  - assembly as written by hand or by `clang -S`: "label:" prefixes, a directive or an instruction,
//    '#' and '//' comments ('//' after whitespace), ';' between statements on one line (as LLVM does);
//  - the lines `llvm-objdump -d [-r]` and `bpflc disasm` print, recognised by their exact layout:
//      "\n<file>:\tfile format elf64-bpf"                      (skipped)
//      "Disassembly of section tp/syscalls/sys_enter_write:"   (a section switch)
//      "0000000000000058 <LBB0_2>:"                           (a label at byte address 0x58)
//      "       5:\t5d 01 05 00 00 00 00 00\tif r1 != r0 goto +5 <LBB0_2>"   (slot, bytes, text)
//      "\t\t0000000000000010:  R_BPF_64_64\tmy_pid"              (a relocation, from -r)
//      "\t\t..."                                                (a run of zero bytes)
//      "      18: 08 07 06 05 04 03 02 01         ........"      (data bytes inside code)
// Columns are 1-based positions in the line; a tab counts as one column.

export type Statement =
  | { kind: 'label'; line: number; col: number; name: string; objdumpAddr?: number }
  | { kind: 'directive'; line: number; col: number; name: string; text: string; argCol: number }
  | { kind: 'insn'; line: number; col: number; text: string; bytes?: Uint8Array; slot?: number }
  | { kind: 'section'; line: number; col: number; name: string }
  | { kind: 'reloc'; line: number; col: number; offset: number; type: string; symbol: string; symbolCol: number }
  | { kind: 'zeros'; line: number; col: number }
  | { kind: 'data'; line: number; col: number; addr: number; bytes: Uint8Array };

const OBJDUMP_HEADER = /^.*:\tfile format \S+$/;
const OBJDUMP_SECTION = /^Disassembly of section (.+):$/;
const OBJDUMP_LABEL = /^([0-9a-f]{16}) <(.+)>:$/;
const OBJDUMP_INSN = /^( *)(\d+):\t([0-9a-f]{2}(?: [0-9a-f]{2})*)\t(.*)$/;
const OBJDUMP_RELOC = /^\t\t([0-9a-f]{16}):  (R_BPF_\w+)\t(.+)$/;
const OBJDUMP_ZEROS = /^\t\t\.\.\.$/;
const OBJDUMP_DATA = /^( *)([0-9a-f]{1,16}):((?: [0-9a-f]{2}){1,8}) {9,}/;
const LABEL = /^([A-Za-z_.$][A-Za-z0-9_.$]*)[ \t]*:/;
const DIRECTIVE = /^\.[A-Za-z_][A-Za-z0-9_]*/;

const hexBytes = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/ +/), (h) => parseInt(h, 16));

/** The statements of one source line (line numbers are 1-based). */
export function splitLine(raw: string, line: number): Statement[] {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (OBJDUMP_HEADER.test(text)) return [];
  let m = OBJDUMP_SECTION.exec(text);
  if (m) return [{ kind: 'section', line, col: 24, name: m[1] as string }];
  m = OBJDUMP_LABEL.exec(text);
  if (m) return [{ kind: 'label', line, col: 19, name: m[2] as string, objdumpAddr: parseInt(m[1] as string, 16) }];
  m = OBJDUMP_INSN.exec(text);
  if (m) {
    const col = (m[1] as string).length + (m[2] as string).length + (m[3] as string).length + 4;
    return [{ kind: 'insn', line, col, text: m[4] as string, bytes: hexBytes(m[3] as string), slot: Number(m[2]) }];
  }
  m = OBJDUMP_RELOC.exec(text);
  if (m) {
    return [{ kind: 'reloc', line, col: 3, offset: parseInt(m[1] as string, 16), type: m[2] as string, symbol: m[3] as string, symbolCol: 23 + (m[2] as string).length }];
  }
  if (OBJDUMP_ZEROS.test(text)) return [{ kind: 'zeros', line, col: 3 }];
  m = OBJDUMP_DATA.exec(text);
  if (m) return [{ kind: 'data', line, col: (m[1] as string).length + 1, addr: parseInt(m[2] as string, 16), bytes: hexBytes(m[3] as string) }];
  return splitAsmLine(text, line);
}

/** Comment-stripped, ';'-separated statements of a hand-written or clang -S line. */
function splitAsmLine(text: string, line: number): Statement[] {
  const out: Statement[] = [];
  let start = 0;
  let inStr = false;
  const pieces: Array<[number, number]> = [];
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    // '//' opens a comment only after whitespace: section names such as uprobe//bin/true:main hold it.
    else if (c === '#' || (c === '/' && text[i + 1] === '/' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t'))) {
      end = i;
      break;
    } else if (c === ';') {
      pieces.push([start, i]);
      start = i + 1;
    }
  }
  pieces.push([start, end]);
  for (const [a, b] of pieces) {
    let at = a;
    for (;;) {
      while (at < b && (text[at] === ' ' || text[at] === '\t')) at++;
      if (at >= b) break;
      const rest = text.slice(at, b);
      const lm = LABEL.exec(rest);
      if (lm) {
        out.push({ kind: 'label', line, col: at + 1, name: lm[1] as string });
        at += lm[0].length;
        continue;
      }
      const dm = DIRECTIVE.exec(rest);
      if (dm) {
        let argAt = at + dm[0].length;
        while (argAt < b && (text[argAt] === ' ' || text[argAt] === '\t')) argAt++;
        out.push({ kind: 'directive', line, col: at + 1, name: dm[0], text: text.slice(argAt, b).trimEnd(), argCol: argAt + 1 });
      } else {
        out.push({ kind: 'insn', line, col: at + 1, text: rest.trimEnd() });
      }
      break;
    }
  }
  return out;
}
