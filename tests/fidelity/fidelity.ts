// The fidelity run: every object the ObjectSpec witnesses cover (tests/golden/object/objects.ts: the
// examples' builds, the test programs, the ObjectSpec fixtures) loaded for real, compared stage by stage
// with the sim, plus the recorded agent runs for the stages after the load. One implementation for the
// test (tests/fidelity/fidelity.test.ts) and the script (`npm run fidelity`, scripts/fidelity.ts).
import { execFileSync } from 'node:child_process';
import { release } from 'node:os';
import { allObjects, type GoldenObject } from '../golden/object/objects.ts';
import { possibleCpus } from '../golden/object/witness/bpftool-live.ts';
import { objectFidelity, type ObjectFidelity } from './object-fidelity.ts';
import { recordedCounts } from './recorded-runs.ts';
import { buildReport, type FidelityReport } from './report.ts';

export { fidelitySkipReason, objectFidelity, type ObjectFidelity } from './object-fidelity.ts';
export { formatReport, type FidelityReport, type FidelityRow } from './report.ts';

/** The objects the run loads, in order. */
export const fidelityObjects = (): GoldenObject[] => allObjects();

/** `bpftool v7.1.0 using libbpf v1.1`, `strace -- version 6.1`: the versions of the sources of truth. */
function toolVersions(): FidelityReport['tools'] {
  const first = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n').filter(Boolean).slice(0, 2).join(' ').trim();
    } catch {
      return `${cmd}: not installed`;
    }
  };
  return { bpftool: first('bpftool', ['version']).replace(/\s+features:.*$/, ''), strace: first('strace', ['-V']).split(' Copyright')[0]! };
}

/** The report for per-object results already computed (the test computes them one `it` at a time). */
export function fidelityReport(objs: ObjectFidelity[]): FidelityReport {
  return buildReport(objs, recordedCounts(), { kernel: release(), tools: toolVersions() });
}

/** Loads every object (needs root, bpftool, strace: check fidelitySkipReason() first) and builds the report. */
export function runFidelity(onObject?: (o: ObjectFidelity) => void): FidelityReport {
  const nCpus = possibleCpus();
  const objs = fidelityObjects().map((o) => {
    const f = objectFidelity(o, nCpus);
    onObject?.(f);
    return f;
  });
  return fidelityReport(objs);
}
