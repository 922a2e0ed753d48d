// Whole-process comparisons for bench/btf.ts: our CLI (`node real-backend/bin/bpflc.mjs ...`, the built bundle)
// against the native tool on the same file, stdout to /dev/null, runs interleaved ours/theirs so drifting load
// hits both alike; plus one untimed run of each with captured output to say whether the outputs are identical.
import { spawnSync } from 'node:child_process';
import { median, wallMs } from './measure.ts';

export interface Comparison {
  label: string;
  /** e.g. 'bpflc btf --format raw vs bpftool btf dump format raw' */
  title: string;
  ours: string[];
  theirs: string[];
  /** Compare the two outputs byte for byte (only where they are meant to match). */
  sameOutput: boolean;
  /** A goal on the ratio ours/theirs (<= 1), or informational. */
  goal: boolean;
}

export interface ComparisonResult {
  label: string;
  title: string;
  ours: string;
  theirs: string;
  oursMs: number;
  theirsMs: number;
  ratio: number;
  identical?: boolean;
  goal: boolean;
}

function output(argv: string[]): Buffer {
  const r = spawnSync(argv[0]!, argv.slice(1), { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

export function compare(c: Comparison, runs: number): ComparisonResult {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(wallMs(c.ours[0]!, c.ours.slice(1)));
    theirs.push(wallMs(c.theirs[0]!, c.theirs.slice(1)));
  }
  const oursMs = median(ours);
  const theirsMs = median(theirs);
  const res: ComparisonResult = {
    label: c.label, title: c.title, ours: c.ours.join(' '), theirs: c.theirs.join(' '), oursMs, theirsMs, ratio: oursMs / theirsMs, goal: c.goal,
  };
  if (c.sameOutput) res.identical = output(c.ours).equals(output(c.theirs));
  return res;
}
