// A sequence diagram of one stage's events: a user-space lane (the loader) and a kernel lane. A syscall is an
// arrow to the kernel labelled with its command and key arguments, and a dashed arrow back with the return value
// or errno; a loader step is a note on the user-space lane. Clicking a row selects the event. In a step-mode live
// load, the call the agent waits to make is a highlighted ghost arrow at the end ("next: …").
import type { PendingCallInfo, TraceEvent } from '@bpflc/sim';
import { pendingLabel } from '../../components/LiveControls.tsx';
import { callName, keyArgs, retText } from './key-args.ts';

export function SequenceDiagram({
  events,
  selected,
  onSelect,
  pending,
}: {
  events: readonly TraceEvent[];
  selected: number | null;
  onSelect: (seq: number) => void;
  pending?: PendingCallInfo | null;
}) {
  return (
    <div className="seq" data-testid="sequence-diagram" role="list" aria-label="Sequence diagram: user space and kernel">
      <div className="seq__heads" aria-hidden="true">
        <div className="seq__head">user space · agent loader</div>
        <div />
        <div className="seq__head">kernel</div>
      </div>
      {events.length === 0 && !pending && <p className="muted seq__empty">No events in this stage.</p>}
      {events.map((e) => {
        const sel = selected === e.seq ? ' is-selected' : '';
        if (e.kind === 'step') {
          return (
            <button key={e.seq} type="button" role="listitem" className={`seq__row seq__row--step${sel}`} data-seq={e.seq} data-kind="step" onClick={() => onSelect(e.seq)}>
              <span className="seq__note">
                <span className="seq__seq">#{e.seq}</span> <strong>{e.name}</strong> {e.text}
              </span>
            </button>
          );
        }
        const failed = e.ret < 0;
        return (
          <button
            key={e.seq}
            type="button"
            role="listitem"
            className={`seq__row seq__row--call${failed ? ' is-failed' : ''}${sel}`}
            data-seq={e.seq}
            data-kind="syscall"
            data-cmd={e.cmd ?? e.name}
            onClick={() => onSelect(e.seq)}
          >
            <span className="seq__lane" aria-hidden="true" />
            <span className="seq__arrows">
              <span className="seq__arrow seq__arrow--call">
                <span className="seq__label">
                  <span className="seq__seq">#{e.seq}</span> <strong>{callName(e)}</strong> <span className="mono">{keyArgs(e)}</span>
                </span>
              </span>
              <span className="seq__arrow seq__arrow--ret">
                <span className={`seq__label mono${failed ? ' bad' : ''}`} data-testid="seq-ret">
                  {retText(e)}
                  {e.note ? <span className="muted"> · {e.note}</span> : null}
                </span>
              </span>
            </span>
            <span className="seq__lane" aria-hidden="true" />
          </button>
        );
      })}
      {pending && (
        <div className="seq__row seq__row--call seq__row--ghost" role="listitem" data-testid="pending-call" data-seq={pending.seq}>
          <span className="seq__lane" aria-hidden="true" />
          <span className="seq__arrows">
            <span className="seq__arrow seq__arrow--call">
              <span className="seq__label">
                <span className="seq__seq">#{pending.seq}</span> <strong>next:</strong> <span className="mono">{pendingLabel(pending)}</span>
                {pending.note ? <span className="muted"> · {pending.note}</span> : null}
              </span>
            </span>
          </span>
          <span className="seq__lane" aria-hidden="true" />
        </div>
      )}
    </div>
  );
}
