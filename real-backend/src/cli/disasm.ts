// `bpflc disasm <obj> [--syntax llvm|kernel] [-S|--source]`: llvm (default) prints exactly what `llvm-objdump -d <obj>`
// (LLVM 14.0.6) prints, so `diff <(bpflc disasm x.o) <(llvm-objdump -d x.o)` is empty; kernel prints each
// program in the verifier-log syntax of kernel/bpf/disasm.c (Linux 6.18), e.g. "   0: (85) call bpf_get_current_pid_tgid#14".
// -S/--source interleaves the C source lines as `llvm-objdump -S` does, taken from the object's BTF line_info
// (.BTF.ext) rather than DWARF and the source file, so it works on linked objects without .debug_* too; an
// object without line_info gets the plain -d text and one note on stderr.
// The whole output is built in memory and written with one write (large objects: see bench/disasm.ts).
import { writeSync } from 'node:fs';
import { btfSourceLines, kernelListing, llvmObjdumpBytes, type LlvmObjdumpOptions } from '@bpflc/sim';
import { loadObject } from './object-file.ts';
import { DISASM_USAGE } from './commands.ts';


export async function runDisasm(args: string[]): Promise<number> {
  let syntax: 'llvm' | 'kernel' = 'llvm';
  let source = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--syntax' || a.startsWith('--syntax=')) {
      const v = a === '--syntax' ? args[++i] : a.slice('--syntax='.length);
      if (v !== 'llvm' && v !== 'kernel') {
        process.stderr.write(`bpflc disasm: unknown syntax ${JSON.stringify(v ?? '')}: use --syntax llvm (as llvm-objdump -d) or --syntax kernel (as the verifier log).\n`);
        return 2;
      }
      syntax = v;
    } else if (a === '-S' || a === '--source') {
      source = true;
    } else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`bpflc disasm: unknown option ${a}: the usage is ${DISASM_USAGE}.\n`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) {
    process.stderr.write(`bpflc disasm: expected one object file, got ${files.length}: the usage is ${DISASM_USAGE}.\n`);
    return 2;
  }
  if (source && syntax !== 'llvm') {
    process.stderr.write('bpflc disasm: -S/--source shows source lines in the llvm-objdump layout only: drop --syntax kernel or -S.\n');
    return 2;
  }
  const path = files[0] as string;
  const obj = loadObject('bpflc disasm', path);
  if (!obj.ok) {
    process.stderr.write(`${obj.message}\n`);
    return 1;
  }
  const opts: LlvmObjdumpOptions = {};
  if (source) {
    const lines = btfSourceLines(obj.elf);
    if (lines.ok) opts.source = lines.value;
    else process.stderr.write(`bpflc disasm: no source lines for ${path}: ${lines.error.message}; printing the disassembly without source.\n`);
  }
  const r = syntax === 'llvm' ? llvmObjdumpBytes(obj.elf, path, opts) : kernelListing(obj.elf);
  if (!r.ok) {
    process.stderr.write(`bpflc disasm: ${r.error.message}.\n`);
    return 1;
  }
  writeAll(typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value);
  return 0;
}

// One synchronous write of the whole text (looping on partial writes). A non-blocking pipe that is full
// (EAGAIN) hands the rest to process.stdout, which Node drains before exiting; EPIPE (`| head`) is not an error.
function writeAll(buf: Uint8Array): void {
  let at = 0;
  try {
    while (at < buf.length) at += writeSync(1, buf, at, buf.length - at);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') process.stdout.write(buf.subarray(at));
    else if (code !== 'EPIPE') throw e;
  }
}
