// The record of one toolchain command that ran: the shape of a step in content's build/manifest.json
// (content/README.md) and of a step in the agent's BuildResult. One shape for both, so the app shows a
// committed example's build and a live build of edited source the same way.
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import type { StepOutput, StepRecord } from '@bpflc/sim/content/schema';

export type { StepOutput, StepRecord };

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
