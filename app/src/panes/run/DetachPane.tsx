// Stage "detach": the calls that undo the attach and the load, in order (ioctl PERF_EVENT_IOC_DISABLE, munmap,
// close), and one line per closed fd on what the kernel frees then. Nothing is pinned, so every object goes when
// its last fd (or the last object holding it) goes.
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { RecordingGate } from '../load/RecordingGate.tsx';
import { NoAttachNotice } from './NoAttachNotice.tsx';
import { StageEvents, eventCount } from '../load/StageEvents.tsx';
import { detachLines } from './run-words.ts';
import { useLiveRun } from './use-live-run.ts';
import './run.css';

function Body({ rec, slug }: { rec: AgentRecording; slug: string }) {
  const live = useLiveRun(slug);
  const events = rec.trace.filter((e) => e.stage === 'detach');
  const lines = detachLines(events);
  return (
    <>
      {rec.attach === undefined && <NoAttachNotice run={live} slug={slug} />}
      {lines.length > 0 && (
        <>
          <p className="lead" data-testid="detach-summary">
            {lines.length} close() call{lines.length === 1 ? '' : 's'}. Nothing was pinned in /sys/fs/bpf, so each object lives only as long as its references:
            an fd of this process, or another object that holds it (a link holds its program; a program holds its maps). When the last one goes, the kernel frees it.
          </p>
          <ol className="detach-list" data-testid="detach-list">
            {lines.map((l) => (
              <li key={l.seq} data-testid="detach-line" data-seq={l.seq} data-kind={l.kind}>
                <code>close({l.fd})</code> <span className="chip">{l.kind}</span> <strong className="mono">{l.name}</strong>
                <span className="detach-list__text">{l.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h3 className="section-title">The stage&apos;s calls in order ({eventCount(events)})</h3>
      <StageEvents events={events} />
    </>
  );
}

export function DetachPane({ example }: { example: Example }) {
  return (
    <div className="pane-body scroll">
      <RecordingGate example={example}>{(rec) => <Body key={example.meta.slug} rec={rec} slug={example.meta.slug} />}</RecordingGate>
    </div>
  );
}
