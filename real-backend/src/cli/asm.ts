// `bpflc asm <file.s> [-o <obj>] [--target bpfel|bpfeb]`: assembles LLVM-syntax BPF assembly (hand-written,
// `clang -S` output, or `bpflc disasm` / `llvm-objdump -d [-r]` output) into a relocatable object that
// clang, libbpf and the kernel read like clang's (see sim/src/asm/README.md). Errors and warnings print as
// clang prints them, then the line and a caret:
//   prog.s:6:7: error: expected a register (r0-r10) after '=', found 'r11'
//   	r0 = r11
//   	     ^
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { assemble, type AsmDiagnostic } from '@bpflc/sim';
import { ASM_USAGE } from './commands.ts';


const CMD = 'bpflc asm';

function parseArgs(args: string[]): { src: string; out: string; littleEndian: boolean } | string {
  const files: string[] = [];
  let out: string | undefined;
  let littleEndian = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-o') {
      out = args[++i];
      if (out === undefined) return `${CMD}: -o needs a file name. Usage: ${ASM_USAGE}`;
    } else if (a === '--target' || a.startsWith('--target=')) {
      const v = a === '--target' ? args[++i] : a.slice('--target='.length);
      if (v !== 'bpfel' && v !== 'bpfeb' && v !== 'bpf') return `${CMD}: --target wants bpfel (little-endian, the default) or bpfeb (big-endian), got ${JSON.stringify(v ?? '')}.`;
      littleEndian = v !== 'bpfeb';
    } else if (a.startsWith('-') && a !== '-') {
      return `${CMD}: unknown option ${a}. Usage: ${ASM_USAGE}`;
    } else files.push(a);
  }
  if (files.length !== 1) return `${CMD}: expected one assembly file, got ${files.length}. Usage: ${ASM_USAGE}`;
  const src = files[0] as string;
  return { src, out: out ?? `${basename(src).replace(/\.(s|S|asm|txt)$/, '')}.o`, littleEndian };
}

/** "file.s:LINE:COL: error: message", then the source line and a caret under the column. */
export function formatDiagnostic(file: string, lines: readonly string[], d: AsmDiagnostic, severity: 'error' | 'warning'): string {
  const text = (lines[d.line - 1] ?? '').replace(/\r$/, '');
  const pad = text.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, ' ');
  return `${file}:${d.line}:${d.column}: ${severity}: ${d.message}\n${text}\n${pad}^\n`;
}

export async function runAsm(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    process.stderr.write(`${a}\n`);
    return 2;
  }
  let source: string;
  try {
    source = readFileSync(a.src === '-' ? 0 : a.src, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`${CMD}: cannot read ${a.src}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}; check the path.\n`);
    return 1;
  }
  const lines = source.split('\n');
  const r = assemble(source, { littleEndian: a.littleEndian });
  if (!r.ok) {
    process.stderr.write(r.error.map((d) => formatDiagnostic(a.src, lines, d, 'error')).join(''));
    const n = r.error.length;
    process.stderr.write(`${n} error${n === 1 ? '' : 's'} generated; nothing was written.\n`);
    return 1;
  }
  process.stderr.write(r.value.warnings.map((d) => formatDiagnostic(a.src, lines, d, 'warning')).join(''));
  try {
    writeFileSync(a.out, r.value.elf);
  } catch (e) {
    process.stderr.write(`${CMD}: cannot write ${a.out}: ${(e as Error).message}; check the directory exists and is writable.\n`);
    return 1;
  }
  return 0;
}
