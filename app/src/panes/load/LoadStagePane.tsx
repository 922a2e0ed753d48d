// Stages open, btf_load, map_create, relocate and prog_load from the example's recorded real run: the stage's
// events as a sequence diagram and as strace text, the selected event's every argument, and the stage's table.
import { useState } from 'react';
import type { StageId } from '@bpflc/sim';
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { RecordingGate } from './RecordingGate.tsx';
import { StageEvents } from './StageEvents.tsx';
import { MapsTable, OpenTable, RelocationsTable } from './LoadTables.tsx';
import { useLive } from '../../agent/LiveProvider.tsx';
import { activeRun, effectiveMode } from '../../agent/live-state.ts';
import './load.css';

export const LOAD_STAGES = ['open', 'btf_load', 'map_create', 'relocate', 'prog_load'] as const satisfies readonly StageId[];
export type LoadStage = (typeof LOAD_STAGES)[number];

function Body({ rec, stage, slug }: { rec: AgentRecording; stage: LoadStage; slug: string }) {
  const live = useLive().state;
  const run = effectiveMode(live) === 'live' ? activeRun(live) : undefined;
  const pending = run?.example === slug && run.pending?.stage === stage ? run.pending : null;
  const events = rec.trace.filter((e) => e.stage === stage);
  const [selected, setSelected] = useState<number | null>(null);
  const calls = events.filter((e) => e.kind === 'syscall').length;
  const failure = rec.objectFailure?.stage === stage ? rec.objectFailure : undefined;
  return (
    <>
      <p className="lead" data-testid="stage-summary">
        {events.length} event{events.length === 1 ? '' : 's'} in this stage: {calls} system call{calls === 1 ? '' : 's'}, {events.length - calls} loader step
        {events.length - calls === 1 ? '' : 's'}.
      </p>
      {failure && (
        <p className="status status--error" role="alert">
          libbpf&apos;s bpf_object__load would stop here, at {failure.at}: {failure.message}
        </p>
      )}
      {stage === 'open' && rec.programs.length > 0 && <OpenTable rec={rec} />}
      {stage === 'map_create' && rec.maps.length > 0 && <MapsTable rec={rec} />}
      {stage === 'relocate' && <RelocationsTable events={events} onSelect={setSelected} />}
      <StageEvents events={events} pending={pending} selection={{ selected, onSelect: setSelected }} />
    </>
  );
}

export function LoadStagePane({ example, stage }: { example: Example; stage: LoadStage }) {
  return (
    <div className="pane-body scroll">
      <RecordingGate example={example}>{(rec) => <Body key={`${example.meta.slug}/${stage}`} rec={rec} stage={stage} slug={example.meta.slug} />}</RecordingGate>
    </div>
  );
}
