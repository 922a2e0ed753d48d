// The detail pane of the selected stage: a title bar with the stage's blurb, then the stage's own view.
import { STAGES } from '@bpflc/sim';
import { findExample } from '../content/examples.ts';
import { useAppState } from '../store/Store.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { Empty } from '../components/Status.tsx';
import { AVAILABLE } from './availability.ts';
import { CompilePane } from './CompilePane.tsx';
import { LinkPane } from './LinkPane.tsx';
import { SkeletonPane } from './SkeletonPane.tsx';
import { InspectPane } from './InspectPane.tsx';
import { ComingLaterPane } from './ComingLaterPane.tsx';
import { LoadStagePane } from './load/LoadStagePane.tsx';
import { VerifyPane } from './kernel/VerifyPane.tsx';
import { JitPane } from './kernel/JitPane.tsx';
import { AttachPane } from './run/AttachPane.tsx';
import { RunPane } from './run/RunPane.tsx';
import { DetachPane } from './run/DetachPane.tsx';

export function StagePane() {
  const { example: slug, stage } = useAppState();
  const example = findExample(slug);
  const s = STAGES.find((x) => x.id === stage);
  const body = (() => {
    if (!example) return <Empty>No examples found under content/examples/.</Empty>;
    if (!AVAILABLE.has(stage)) return <ComingLaterPane stage={stage} />;
    switch (stage) {
      case 'compile':
        return <CompilePane example={example} />;
      case 'link':
        return <LinkPane example={example} />;
      case 'skeleton':
        return <SkeletonPane example={example} />;
      case 'inspect':
        return <InspectPane example={example} />;
      case 'open':
      case 'btf_load':
      case 'map_create':
      case 'relocate':
      case 'prog_load':
        return <LoadStagePane example={example} stage={stage} />;
      case 'verify':
        return <VerifyPane example={example} />;
      case 'jit':
        return <JitPane example={example} />;
      case 'attach':
        return <AttachPane example={example} />;
      case 'run':
        return <RunPane example={example} />;
      case 'detach':
        return <DetachPane example={example} />;
      default:
        return <ComingLaterPane stage={stage} />;
    }
  })();
  return (
    <main className="pane" data-testid="stage-pane" data-stage={stage}>
      <div className="pane__title">
        <h2>
          <span className="pane__phase">{s?.phase}</span> {s?.title}
        </h2>
        <p className="pane__blurb">{s?.blurb}</p>
      </div>
      <ErrorBoundary resetKey={`${slug}/${stage}`}>{body}</ErrorBoundary>
    </main>
  );
}
