// Regenerates the `-S` golden of the linked minimal example with the real tool:
//   node --import tsx tests/golden/disasm/source/update.ts
// The linked content/examples/minimal/build/minimal.bpf.o (bpftool gen object) keeps .BTF.ext but has no
// .debug_*, so `llvm-objdump -S` prints no source for it. Its DWARF twin minimal.tmp.bpf.o carries the same
// code, so `llvm-objdump -S build/minimal.tmp.bpf.o`, run in content/examples/minimal where the source
// resolves, is what the source view of the linked object should show; this script checks that the two
// objects disassemble alike before writing it, with a sidecar .meta.json naming the LLVM version.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLE = 'content/examples/minimal';
const LINKED = 'build/minimal.bpf.o';
const TWIN = 'build/minimal.tmp.bpf.o';
const OUT = join(ROOT, 'tests/golden/disasm/source', EXAMPLE, `${LINKED}.S`);

const cwd = join(ROOT, EXAMPLE);
const sha256 = (p: string): string => createHash('sha256').update(readFileSync(join(cwd, p))).digest('hex');
const objdump = (...args: string[]): string => execFileSync('llvm-objdump', args, { cwd, encoding: 'utf8' });
const body = (text: string): string => text.split('\n').slice(2).join('\n');

const tool = objdump('--version').match(/LLVM version [^\s]+/)?.[0] ?? 'unknown';
if (body(objdump('-d', LINKED)) !== body(objdump('-d', TWIN))) throw new Error(`${LINKED} and ${TWIN} disassemble differently: rebuild the example`);
const text = objdump('-S', TWIN);
if (!text.split('\n').some((l) => l.startsWith('; '))) throw new Error(`llvm-objdump -S ${TWIN} printed no source: is ${EXAMPLE}/minimal.bpf.c there?`);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(`${OUT}.txt`, text);
const meta = {
  command: `llvm-objdump -S ${TWIN}`,
  cwd: EXAMPLE,
  tool,
  object: `${EXAMPLE}/${TWIN}`,
  objectSha256: sha256(TWIN),
  linked: `${EXAMPLE}/${LINKED}`,
  linkedSha256: sha256(LINKED),
  note: `${LINKED} has the same code and .BTF.ext but no DWARF; llvm-objdump -S ${LINKED} prints no source lines`,
};
writeFileSync(`${OUT}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
console.log(`wrote ${OUT}.txt (${tool})`);
