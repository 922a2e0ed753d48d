// Reference loaders: real loaders (an example's libbpf skeleton binary, else bpftool prog loadall) run under
// strace, their trace parsed into TraceEvents (source 'reference') and their verdicts read off it, to hold the
// agent's own loader against. `runReference(file)` picks the loader the way `bpflc real --loader libbpf` does.
import { readFileSync } from 'node:fs';
import { err, type Result } from '@bpflc/sim/result';
import { buildSource, sha256 } from '../toolchain/index.ts';
import { runBpftoolReference } from './bpftool-loadall.ts';
import { exampleFiles } from './example-files.ts';
import { buildFailureText, runSkeletonReference } from './libbpf-skeleton.ts';
import type { ReferenceResult } from './reference-result.ts';
import type { ReferenceFailure } from './run-under-strace.ts';

export { exampleFiles, type ExampleFiles } from './example-files.ts';
export { runBpftoolReference, uniquePinDir, type BpftoolInput } from './bpftool-loadall.ts';
export { runSkeletonReference, SKELETON_STOP, type SkeletonInput } from './libbpf-skeleton.ts';
export { libbpfLogs, toReferenceResult, REFERENCE_LOADERS } from './reference-result.ts';
export type { ReferenceAttach, ReferenceLoader, ReferenceMap, ReferenceProgram, ReferenceResult } from './reference-result.ts';
export { referencePrecondition, runUnderStrace, straceArgv, straceVersion, traceCommand, STRACE_OPTS } from './run-under-strace.ts';
export type { ReferenceFailure, ReferenceRun, RunUnderStraceOptions, StopPolicy, TraceCommandOptions, Traced } from './run-under-strace.ts';

/**
 * The reference load of `file` (an example's .bpf.o or .bpf.c): its skeleton loader when a loader .c sits beside
 * the source, else `bpftool prog loadall` of the object (built first from a .bpf.c), with a note saying so.
 */
export async function runReference(file: string): Promise<Result<ReferenceResult, ReferenceFailure>> {
  const ex = exampleFiles(file);
  if (ex.bpfSource !== null && ex.loaderSource !== null) {
    return runSkeletonReference({ name: ex.name, bpfSourcePath: ex.bpfSource, loaderSourcePath: ex.loaderSource, displayPath: file });
  }
  const note = `no loader .c beside ${file}: bpftool prog loadall is the reference (it loads and pins, it does not attach)`;
  if (ex.object !== null) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(ex.object);
    } catch (e) {
      return err({ kind: 'setup', message: `cannot read ${ex.object}: ${(e as Error).message}` });
    }
    return runBpftoolReference({ objectPath: ex.object, sha256: sha256(bytes), name: `${ex.name}.bpf.o`, displayPath: file, notes: [note] });
  }
  let bpfSource: string;
  try {
    bpfSource = readFileSync(file, 'utf8');
  } catch (e) {
    return err({ kind: 'setup', message: `cannot read ${file}: ${(e as Error).message}` });
  }
  const built = await buildSource({ name: ex.name, bpfSource });
  if (!built.ok) {
    const f = buildFailureText(built.error);
    return err({ kind: 'build', message: `building ${file} failed: ${f.message}`, diagnostics: f.diagnostics });
  }
  const o = built.value.artifacts.object;
  return runBpftoolReference({ objectPath: o.path, sha256: o.sha256, name: `${ex.name}.bpf.o`, displayPath: file, notes: [note] });
}
