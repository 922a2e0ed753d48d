// Benchmark of `bpflc disasm` against `llvm-objdump -d` (LLVM 14), in one run:
//   node --import tsx bench/disasm.ts [--runs N] [--insns N]
// For every committed object (tests/repo-objects.ts: content/examples/*/build/*.o, tests/programs/build/*.o)
// and for one large generated object (>= 50,000 instructions: C with many functions, compiled with the real
// clang into a cache directory, not committed), it prints the median of N runs of
//   in-proc : readElf + llvmObjdumpBytes inside this process (what the app's worker pays),
//   bpflc   : the whole `node real-backend/bin/bpflc.mjs disasm <obj>` process (the built bundle),
//   objdump : the whole `llvm-objdump -d <obj>` process,
// the ratio bpflc/objdump, and whether the two outputs are identical. Goal: ratio <= 1 on the large object.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { llvmObjdumpBytes, readElf } from '@bpflc/sim';
import { repoObjects, repoPath } from '../tests/repo-objects.ts';
import { largeObject } from './lib/large-object.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'real-backend/bin/bpflc.mjs');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('--runs', 7);
const MIN_INSNS = arg('--insns', 50_000);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
};

function timeProcess(cmd: string, args: string[]): { ms: number; out: Buffer } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return { ms, out: r.stdout };
}

function inProc(path: string): { ms: number; insns: number } {
  const t0 = performance.now();
  const bytes = new Uint8Array(readFileSync(path));
  const elf = readElf(bytes);
  if (!elf.ok) throw new Error(elf.error.message);
  const r = llvmObjdumpBytes(elf.value, path);
  if (!r.ok) throw new Error(r.error.message);
  const ms = performance.now() - t0;
  let insns = 0;
  for (let i = 0; i < r.value.length; i++) if (r.value[i] === 0x3a && r.value[i + 1] === 9) insns++;
  return { ms, insns };
}

function main(): void {
  if (!existsSync(join(ROOT, 'real-backend/dist/bpflc.mjs'))) execFileSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
  const files = [...repoObjects().map(repoPath), largeObject({ minInsns: MIN_INSNS })];
  const rows: string[] = [];
  rows.push(['object', 'insns', 'in-proc ms', 'bpflc ms', 'objdump ms', 'bpflc/objdump', 'identical'].join('\t'));
  for (const f of files) {
    const name = f.startsWith(ROOT) ? relative(ROOT, f) : `${relative(tmpdir(), f)} (generated)`;
    const ip: number[] = [];
    const bp: number[] = [];
    const od: number[] = [];
    let insns = 0;
    let same = true;
    const runs = f.startsWith(ROOT) ? Math.min(RUNS, 3) : RUNS;
    for (let k = 0; k < runs; k++) {
      const a = inProc(f);
      insns = a.insns;
      ip.push(a.ms);
      const b = timeProcess('node', [BIN, 'disasm', f]);
      const o = timeProcess('llvm-objdump', ['-d', f]);
      bp.push(b.ms);
      od.push(o.ms);
      if (k === 0) same = b.out.equals(o.out);
    }
    rows.push([name, insns, median(ip).toFixed(1), median(bp).toFixed(1), median(od).toFixed(1), (median(bp) / median(od)).toFixed(2), same ? 'yes' : 'NO'].join('\t'));
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  // node startup alone, for reading the small-object rows
  const nodeOnly = median(Array.from({ length: RUNS }, () => timeProcess('node', ['-e', '0']).ms));
  const table = rows.map((r) => r.split('\t'));
  const widths = (table[0] as string[]).map((_, c) => Math.max(...table.map((r) => (r[c] as string).length)));
  for (const r of table) console.log(r.map((v, c) => (c === 0 ? v.padEnd(widths[c] as number) : v.padStart(widths[c] as number))).join('  '));
  console.log(`\nmedian of ${RUNS} runs (3 for committed objects); node -e 0 alone: ${nodeOnly.toFixed(1)} ms; ${new Date().toISOString()}`);
}

main();
