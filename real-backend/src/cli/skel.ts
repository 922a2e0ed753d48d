// `bpflc skel <obj> [--name N]`: the C skeleton header `bpftool gen skeleton <obj> [name N]` (7.1.0) prints,
// byte for byte, on stdout. An object bpftool refuses (bad ELF, big-endian, legacy maps, corrupted
// programs) is refused here too: one sentence on stderr, exit 1.
// e.g. `bpflc skel minimal.bpf.o > minimal.skel.h` → "struct minimal_bpf { ... } *bss; ..."
import { generateSkeleton } from '@bpflc/sim';
import { readObjectBytes } from './object-file.ts';
import { SKEL_USAGE } from './commands.ts';


const CMD = 'bpflc skel';

function parseArgs(args: string[]): { path: string; name: string | undefined } | string {
  let name: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--name') name = args[++i];
    else if (a.startsWith('--name=')) name = a.slice('--name='.length);
    else if (a.startsWith('-') && a !== '-') return `${CMD}: unknown option ${a}: the only option is --name N. Usage: ${SKEL_USAGE}`;
    else {
      files.push(a);
      continue;
    }
    if (name === undefined || name === '') return `${CMD}: --name wants a C identifier for the skeleton, got nothing. Usage: ${SKEL_USAGE}`;
  }
  if (files.length !== 1) return `${CMD}: expected one object file, got ${files.length}. Usage: ${SKEL_USAGE}`;
  return { path: files[0]!, name };
}

export async function runSkel(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    process.stderr.write(`${a}\n`);
    return 2;
  }
  const r = readObjectBytes(CMD, a.path);
  if (!r.ok) {
    process.stderr.write(`${r.message}\n`);
    return 1;
  }
  const s = generateSkeleton(r.bytes, a.name === undefined ? { path: a.path } : { path: a.path, name: a.name });
  if (!s.ok) {
    process.stderr.write(`${CMD}: ${a.path}: ${s.error.message}\n`);
    return 1;
  }
  for (const w of s.value.warnings) process.stderr.write(`Error: ${w}\n`);
  process.stdout.write(s.value.text);
  return 0;
}
