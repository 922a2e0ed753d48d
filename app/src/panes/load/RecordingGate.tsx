// Loads the example's recording and renders its banner and children, or says why there is nothing to show.
// In Live mode (agent/), the live-mode bar comes first, and the example's live run, once there is one, replaces the
// recording (under way: the events so far; done: its LifecycleResult; failed: the error and the events so far).
import type { ReactNode } from 'react';
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { Empty, ErrorPanel, Loading } from '../../components/Status.tsx';
import { RecordedBanner } from './RecordedBanner.tsx';
import { useRecording } from './use-recording.ts';
import { useLive } from '../../agent/LiveProvider.tsx';
import { effectiveMode } from '../../agent/live-state.ts';
import { liveRecording } from '../../agent/live-recording.ts';
import { LiveBanner, LiveControls } from '../../components/LiveControls.tsx';

export function RecordingGate({ example, children }: { example: Example; children: (rec: AgentRecording) => ReactNode }) {
  const slug = example.meta.slug;
  const r = useRecording(slug);
  const live = useLive().state;
  const run = effectiveMode(live) === 'live' ? live.runs[slug] : undefined;
  if (run) {
    const kernel = live.conn.kind === 'connected' ? live.conn.status.kernel : '';
    return (
      <>
        <LiveControls slug={slug} />
        <LiveBanner run={run} />
        {children(liveRecording(run, kernel))}
      </>
    );
  }
  const bar = <LiveControls slug={slug} />;
  if (r.kind === 'loading') return <>{bar}<Loading what="Reading the recorded run…" /></>;
  if (r.kind === 'error') return <>{bar}<ErrorPanel title="The recorded run could not be read" message={r.message} /></>;
  if (r.kind === 'missing') {
    return (
      <>
      {bar}
      <Empty>
        {slug} has no recorded run yet: record one as root with <code>node --import tsx scripts/record-runs.ts {slug}</code>.
      </Empty>
      </>
    );
  }
  return (
    <>
      {bar}
      <RecordedBanner rec={r.rec} slug={slug} />
      {children(r.rec)}
    </>
  );
}
