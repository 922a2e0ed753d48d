// The libbpf reference: an example's own skeleton loader (<name>.c built against <name>.skel.h by the toolchain
// stage, cached) run under strace. The loader opens, loads and attaches, prints "Attached…" and loops until
// SIGINT; we let it run a moment after that line (so the run stage has a few calls), stop it, and read verdicts
// off the trace (reference-result.ts). libbpf 1.1 from libbpf-dev is what the loader links.
import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '@bpflc/sim/result';
import { buildSource, sha256, type BuildFailure } from '../toolchain/index.ts';
import { toReferenceResult, type ReferenceResult } from './reference-result.ts';
import { runUnderStrace, type ReferenceFailure, type StopPolicy } from './run-under-strace.ts';

export interface SkeletonInput {
  /** Build name: <name>.bpf.c and <name>.c. */
  name: string;
  bpfSourcePath: string;
  loaderSourcePath: string;
  /** What the result's object.path says (the file the user named). */
  displayPath?: string;
  stop?: Partial<StopPolicy>;
  cacheDir?: string;
}

/** Stop 300 ms after "Attached" (a few loop iterations, each a write(2) that fires the program), at most 10 s in. */
export const SKELETON_STOP: StopPolicy = { stopOn: /\battached\b/i, runMs: 300, stopAfterMs: 10_000 };

export function buildFailureText(e: BuildFailure): { message: string; diagnostics: string[] } {
  const diagnostics = 'diagnostics' in e ? e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`) : [];
  return { message: e.message, diagnostics };
}

function readText(p: string): Result<string, ReferenceFailure> {
  try {
    return ok(readFileSync(p, 'utf8'));
  } catch (e) {
    return err({ kind: 'setup', message: `cannot read ${p}: ${(e as Error).message}` });
  }
}

export async function runSkeletonReference(i: SkeletonInput): Promise<Result<ReferenceResult, ReferenceFailure>> {
  const bpfSource = readText(i.bpfSourcePath);
  if (!bpfSource.ok) return bpfSource;
  const loaderSource = readText(i.loaderSourcePath);
  if (!loaderSource.ok) return loaderSource;
  const built = await buildSource({ name: i.name, bpfSource: bpfSource.value, loaderSource: loaderSource.value, ...(i.cacheDir ? { cacheDir: i.cacheDir } : {}) });
  if (!built.ok) {
    const f = buildFailureText(built.error);
    return err({ kind: 'build', message: `building the ${i.name} loader failed: ${f.message}`, diagnostics: f.diagnostics });
  }
  const loader = built.value.artifacts.loader;
  if (loader === undefined) return err({ kind: 'no-loader', message: `the build of ${i.name} produced no loader binary` });
  const run = await runUnderStrace({ command: [loader.path], stop: { ...SKELETON_STOP, ...i.stop }, timeoutMs: 30_000 });
  if (!run.ok) return run;
  return ok(toReferenceResult({
    loader: 'libbpf',
    run: run.value,
    object: { sha256: sha256(built.value.object), name: `${i.name}.bpf.o`, path: i.displayPath ?? i.bpfSourcePath },
    notes: [`the ${i.name} skeleton loader (${i.loaderSourcePath}), built ${built.value.cached ? 'earlier (cache hit)' : 'now'} with ${Object.values(built.value.tools).join(', ')}`],
  }));
}
