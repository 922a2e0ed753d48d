// BTF benchmark (run: node --import tsx bench/btf.ts [--runs N] [--json]):
//  1. decodeBtf(/sys/kernel/btf/vmlinux) in this process: the first (cold) run and the median of the rest
//     (goal: < 150 ms);
//  2. whole processes, output to /dev/null: `bpflc btf /sys/kernel/btf/vmlinux --format raw|c` vs
//     `bpftool btf dump file /sys/kernel/btf/vmlinux format raw|c`, median wall time and the ratio.
// Needs /sys/kernel/btf/vmlinux, a built CLI (npm run build:cli) and bpftool for part 2.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBtf, formatBtfC, formatBtfRawBytes } from '@bpflc/sim';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const VMLINUX = '/sys/kernel/btf/vmlinux';
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 7;
const json = args.includes('--json');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;

if (!existsSync(VMLINUX)) {
  console.error(`bench/btf: ${VMLINUX} does not exist on this machine (kernel without CONFIG_DEBUG_INFO_BTF); nothing to measure.`);
  process.exit(1);
}

const bytes = new Uint8Array(readFileSync(VMLINUX));
const decodeTimes: number[] = [];
let types = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = decodeBtf(bytes);
  decodeTimes.push(performance.now() - t0);
  if (!r.ok) throw new Error(`vmlinux did not decode: ${r.error.message}`);
  types = r.value.types.length - 1;
}
const decoded = decodeBtf(bytes);
if (!decoded.ok) throw new Error('unreachable');
const t1 = performance.now();
formatBtfRawBytes(decoded.value);
const rawMs = performance.now() - t1;
const t2 = performance.now();
formatBtfC(decoded.value);
const cMs = performance.now() - t2;

const result: Record<string, unknown> = {
  vmlinuxBytes: bytes.length,
  types,
  decodeColdMs: decodeTimes[0],
  decodeWarmMedianMs: median(decodeTimes.slice(1)),
  formatRawMs: rawMs,
  formatCMs: cMs,
};

const bpflc = join(root, 'real-backend/bin/bpflc.mjs');
const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const hasCli = existsSync(join(root, 'real-backend/dist/bpflc.mjs'));
function wall(cmd: string, argv: string[]): number {
  const out = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(cmd, argv, { stdio: ['ignore', out, 'pipe'] });
    const t = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr?.toString()}`);
    return t;
  } finally {
    closeSync(out);
  }
}
if (hasBpftool && hasCli) {
  for (const fmt of ['raw', 'c'] as const) {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(runs, 7)); i++) {
      ours.push(wall(process.execPath, [bpflc, 'btf', VMLINUX, '--format', fmt]));
      theirs.push(wall('bpftool', ['btf', 'dump', 'file', VMLINUX, 'format', fmt]));
    }
    result[`process_${fmt}`] = { bpflcMedianMs: median(ours), bpftoolMedianMs: median(theirs), ratio: median(ours) / median(theirs) };
  }
} else {
  result.process = hasCli ? 'bpftool not installed: process comparison skipped' : 'CLI not built (npm run build:cli): process comparison skipped';
}

if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`vmlinux: ${bytes.length} bytes, ${types} types`);
  console.log(`decodeBtf in-process: cold ${ms(decodeTimes[0]!)}, warm median ${ms(median(decodeTimes.slice(1)))} over ${runs - 1} runs (goal < 150 ms)`);
  console.log(`formatBtfRawBytes ${ms(rawMs)}, formatBtfC ${ms(cMs)} (warm)`);
  for (const fmt of ['raw', 'c']) {
    const p = result[`process_${fmt}`] as { bpflcMedianMs: number; bpftoolMedianMs: number; ratio: number } | undefined;
    if (p) console.log(`process --format ${fmt}: bpflc ${ms(p.bpflcMedianMs)} vs bpftool ${ms(p.bpftoolMedianMs)} → ratio ${p.ratio.toFixed(2)}x (medians)`);
  }
  if (typeof result.process === 'string') console.log(result.process);
}
