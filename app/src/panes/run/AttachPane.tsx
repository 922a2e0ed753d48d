// Stage "attach": one card per program saying where it was attached and by which syscall path (BPF_LINK_CREATE,
// the legacy perf_event_open + PERF_EVENT_IOC_SET_BPF, or BPF_RAW_TRACEPOINT_OPEN), its link id and how long it
// took; a refused attach shows the refusal and what would make it work. Below: the stage's events.
import type { LifecycleAttach } from '@bpflc/sim';
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { RecordingGate } from '../load/RecordingGate.tsx';
import { NoAttachNotice } from './NoAttachNotice.tsx';
import { StageEvents, eventCount } from '../load/StageEvents.tsx';
import { attachFix, formatNs, viaCalls, viaWords } from './run-words.ts';
import { useLiveRun } from './use-live-run.ts';
import './run.css';

function AttachCard({ a }: { a: LifecycleAttach }) {
  const refused = a.error !== undefined;
  // Programs attached to an interface or a socket are left to the user: not a refusal by the kernel.
  const byHand = refused && (a.errorKind === 'later' || a.kind === 'manual');
  return (
    <section className="prog-card attach-card" data-testid="attach-card" data-program={a.program} data-via={a.via ?? ''} data-refused={refused}>
      <div className="prog-card__head">
        <h3 className="section-title mono">{a.program}</h3>
        <span className="chip">{a.kind}</span>
        {byHand ? <span className="chip">attach by hand</span> : refused ? <span className="chip chip--bad">refused</span> : <span className="chip chip--ok">attached</span>}
        {a.target && (
          <span>
            to <strong className="mono" data-testid="attach-target">{a.target}</strong>
          </span>
        )}
      </div>
      {refused ? (
        <>
          <p className={`reason-line attach-card__refusal${byHand ? ' attach-card__refusal--by-hand' : ''}`} data-testid="attach-refusal" role={byHand ? undefined : 'alert'}>
            {a.error}
            {a.errno ? ` (${a.errno})` : ''}
          </p>
          <p className="small">
            <strong>What would make it work:</strong> {attachFix(a)}
          </p>
        </>
      ) : (
        <>
          <p className="attach-card__calls mono" data-testid="attach-calls">
            {viaCalls(a)}
          </p>
          <p className="small attach-card__words">{viaWords(a)}</p>
          <dl className="attach-card__facts small">
            {a.linkId !== undefined && (
              <>
                <dt>link id</dt>
                <dd className="mono" data-testid="attach-link-id">{a.linkId}</dd>
              </>
            )}
            {a.attachNs !== undefined && (
              <>
                <dt>took</dt>
                <dd>{formatNs(a.attachNs)}</dd>
              </>
            )}
          </dl>
        </>
      )}
    </section>
  );
}

function Body({ rec, slug }: { rec: AgentRecording; slug: string }) {
  const run = useLiveRun(slug);
  const events = rec.trace.filter((e) => e.stage === 'attach');
  const accepted = rec.programs.filter((p) => p.verdict === 'accepted').length;
  return (
    <>
      {rec.attach === undefined ? (
        <NoAttachNotice run={run} slug={slug} />
      ) : rec.attach.length === 0 ? (
        <p className="status status--empty" data-testid="attach-none">
          Nothing to attach: {accepted === 0 ? 'the verifier accepted no program of this object, so there is no program fd to hang on a hook.' : 'no program asked for an attach.'}
        </p>
      ) : (
        <>
          <p className="lead" data-testid="attach-summary">
            {rec.attach.filter((a) => !a.error).length} of {rec.attach.length} program{rec.attach.length === 1 ? '' : 's'} attached. Nothing is pinned: every
            attachment lives as long as the fd that holds it.
          </p>
          <div className="attach-cards">
            {rec.attach.map((a) => (
              <AttachCard key={a.program} a={a} />
            ))}
          </div>
        </>
      )}
      <h3 className="section-title">The stage&apos;s calls ({eventCount(events)})</h3>
      {events.length > 0 ? (
        <StageEvents events={events} />
      ) : (
        <p className="muted attach-none-calls" data-testid="attach-no-calls">
          No attach call reached the kernel: {rec.attach && rec.attach.length > 0 ? 'the agent saw before any syscall that the attach could not work here, or left it to be done by hand.' : 'there was nothing to attach.'}
        </p>
      )}
    </>
  );
}

export function AttachPane({ example }: { example: Example }) {
  return (
    <div className="pane-body scroll">
      <RecordingGate example={example}>{(rec) => <Body key={example.meta.slug} rec={rec} slug={example.meta.slug} />}</RecordingGate>
    </div>
  );
}
