// Small helpers the benchmarks share: medians, wall time of a whole process with stdout to /dev/null, tool
// versions (undefined when a tool is missing), and a plain aligned text table.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall time (ms) of one whole process, stdout to /dev/null; throws with its stderr when it fails. */
export function wallMs(cmd: string, argv: string[]): number {
  const out = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(cmd, argv, { stdio: ['ignore', out, 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr?.toString().trim()}`);
    return ms;
  } finally {
    closeSync(out);
  }
}

/** First line of `cmd versionArg` (e.g. "bpftool v7.1.0"), or undefined when the tool is not installed. */
export function toolVersion(cmd: string, versionArg = '--version'): string | undefined {
  const r = spawnSync(cmd, [versionArg], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.split('\n').find((l) => l.trim() !== '')?.trim();
}

/** Rows of cells as aligned text: the first `left` columns left-aligned, the others right-aligned. */
export function table(rows: string[][], left = 1): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((v, c) => (c < left ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export const fmtMs = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
