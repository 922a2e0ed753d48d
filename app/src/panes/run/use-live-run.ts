// The example's live run when Live mode is on and one exists (the panes then show it instead of the recording).
import { useLive } from '../../agent/LiveProvider.tsx';
import { effectiveMode, type LiveRun } from '../../agent/live-state.ts';

export function useLiveRun(slug: string): LiveRun | undefined {
  const live = useLive().state;
  return effectiveMode(live) === 'live' ? live.runs[slug] : undefined;
}

/** A live run that has not finished (its attach and run are not in yet). */
export function underWay(run: LiveRun | undefined): boolean {
  return run !== undefined && run.phase !== 'done' && run.phase !== 'failed';
}
