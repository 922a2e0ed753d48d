// In-process timings under Node: cold = the first call in a fresh `node` running a bundle of btf-cold-call.ts
// (median over a few fresh processes), warm = the median of repeated calls in this process after one warm-up.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { OPS, type OpName } from './btf-ops.ts';
import { median } from './measure.ts';

export interface InProcessTiming { op: OpName; file: string; coldMs: number[]; warmMedianMs: number }

/** Bundles the cold-call entry into the bench cache dir; returns the path of the .mjs to run with node. */
export async function bundleColdCall(): Promise<string> {
  const outfile = join(tmpdir(), 'bpflc-bench', 'btf-cold-call.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./btf-cold-call.ts', import.meta.url))],
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
  });
  return outfile;
}

function coldOnce(script: string, op: OpName, file: string): number {
  const r = spawnSync(process.execPath, [script, op, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold ${op} ${file}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { ms: number }).ms;
}

export function timeInProcess(script: string, op: OpName, file: string, coldRuns: number, warmRuns: number): InProcessTiming {
  const coldMs = Array.from({ length: coldRuns }, () => coldOnce(script, op, file));
  const bytes = new Uint8Array(readFileSync(file));
  OPS[op](bytes); // warm-up, not counted
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const t0 = performance.now();
    OPS[op](bytes);
    warm.push(performance.now() - t0);
  }
  return { op, file, coldMs, warmMedianMs: median(warm) };
}
