// Loads the example's recording and renders its banner and children, or says why there is nothing to show.
import type { ReactNode } from 'react';
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { Empty, ErrorPanel, Loading } from '../../components/Status.tsx';
import { RecordedBanner } from './RecordedBanner.tsx';
import { useRecording } from './use-recording.ts';

export function RecordingGate({ example, children }: { example: Example; children: (rec: AgentRecording) => ReactNode }) {
  const slug = example.meta.slug;
  const r = useRecording(slug);
  if (r.kind === 'loading') return <Loading what="Reading the recorded run…" />;
  if (r.kind === 'error') return <ErrorPanel title="The recorded run could not be read" message={r.message} />;
  if (r.kind === 'missing') {
    return (
      <Empty>
        {slug} has no recorded run yet: record one as root with <code>node --import tsx scripts/record-runs.ts {slug}</code>.
      </Empty>
    );
  }
  return (
    <>
      <RecordedBanner rec={r.rec} slug={slug} />
      {children(r.rec)}
    </>
  );
}
