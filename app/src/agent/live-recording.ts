// A live run seen through the recorded run's shape (AgentRecording), so that the open..jit panes read one type:
// a finished load gives its LifecycleResult; a load still under way (or stopped) gives the events so far with no
// programs or maps yet. Live runs have no level-1 second load, so `levelOne` is empty.
import type { LifecycleResult } from '@bpflc/sim';
import type { AgentRecording } from '../content/recording-types.ts';
import type { LiveRun } from './live-state.ts';

export function liveRecording(run: LiveRun, kernel: string): AgentRecording {
  const base: LifecycleResult = run.result ?? {
    schema: 1,
    source: 'real',
    kernel,
    loader: 'agent',
    object: { sha256: '' },
    programs: [],
    maps: [],
    trace: run.events,
  };
  const d = new Date(run.finishedAt ?? run.startedAt);
  return {
    ...base,
    levelOne: {},
    recordedOn: {
      schema: 1,
      kernel: base.kernel || kernel,
      arch: '',
      distro: '',
      date: d.toISOString().slice(0, 10),
      loader: 'agent',
      logLevel: 2,
      tools: { bpftool: '', libbpf: '', node: '', agentLoader: base.loader },
      command: `live load of ${run.example}${run.step ? ' (step mode)' : ''}`,
    },
  };
}
