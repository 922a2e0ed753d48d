// The content build's view of the shared step runner (real-backend/src/toolchain/run-step.ts): the same
// spawning, limits and records as the agent, but a failing step stops the build with a BuildError.
import { runStep as runShared, sha256, sha256File, type StepSpec } from '../../real-backend/src/toolchain/run-step.ts';
import type { StepRecord } from './manifest.ts';

export { sha256, sha256File, type StepSpec };

/** A build that cannot go on: a missing tool, a failing command. The message is meant for a person. */
export class BuildError extends Error {
  constructor(message: string, readonly step?: StepRecord) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Runs the step in root/spec.cwd. Throws BuildError (carrying the record) when it fails. */
export async function runStep(root: string, spec: StepSpec): Promise<StepRecord> {
  const r = await runShared(spec, { root });
  if (!r.ok) throw new BuildError(`${r.error.message.replace(/^(\S+) failed:/, `$1 failed in ${spec.cwd}:`)}`, r.error.record);
  return r.value;
}
