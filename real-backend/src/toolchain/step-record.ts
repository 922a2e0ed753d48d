// The record of one toolchain command that ran: the shape of a step in content's build/manifest.json
// (content/README.md) and of a step in the agent's BuildResult. One shape for both, so the app shows a
// committed example's build and a live build of edited source the same way.
import type { StageId } from '@bpflc/sim/lifecycle/stages';

export interface StepOutput {
  /** Relative to the step's cwd. */
  path: string;
  sha256: string;
  size: number;
  /** True for files kept in git (build/…); false for cache files (vmlinux.h, the loader binary). */
  committed: boolean;
}

export interface StepRecord {
  id: string;
  stage: StageId;
  tool: string;
  /** As the command line reads: argv[0] is the tool's bare name, every path relative to `cwd`. */
  argv: string[];
  /** Relative to the build root (the repository for content, the temp folder for the agent); "." for the root. */
  cwd: string;
  durationMs: number;
  /** The exit status; 128 + signal number when a signal ended the process (as a shell reports it). */
  exitCode: number;
  /** Captured text, or "→ <file>" when stdout was the product and went to a file. */
  stdout: string;
  stderr: string;
  outputs: StepOutput[];
  /** Only when a signal ended the process, e.g. "SIGKILL". */
  signal?: string;
  /** Only when the step ran past its time limit and its process group was killed. */
  timedOut?: true;
  /** Only when captured text was cut at the size cap. */
  truncated?: ('stdout' | 'stderr')[];
}

/** One step's progress, streamed while a build runs (the app lights the stage's node). */
export interface StepProgress {
  kind: 'progress';
  step: string;
  stage: StageId;
  state: 'start' | 'done' | 'failed';
  /** On done/failed. */
  durationMs?: number;
}

export type OnProgress = (event: StepProgress) => void;
