// The live-mode bar on the open..detach panes: "Load in the kernel" (l), "Load + attach" (a), the Step toggle, the job's state (queued
// position, progress, the paused call with Go (g) and Cancel), and the banner of a finished or failed live run.
import type { PendingCallInfo } from '@bpflc/sim';
import { ATTACH_RUN_SEC, useLive } from '../agent/LiveProvider.tsx';
import { activeRun, effectiveMode, type LiveRun } from '../agent/live-state.ts';

/** "bpf(BPF_MAP_CREATE map_name=.rodata …)" */
export function pendingLabel(p: PendingCallInfo): string {
  const args = Object.entries(p.args)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .slice(0, 3)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `${p.name}(${[p.cmd, args].filter(Boolean).join(' ')} …)`;
}

function kernelOf(run: LiveRun): string {
  return run.result?.kernel ?? '';
}

export function LiveBanner({ run }: { run: LiveRun }) {
  if (run.phase === 'failed' && run.failure) {
    return (
      <div className="status status--error live-banner" role="alert" data-testid="live-failed" data-code={run.failure.code}>
        <strong>The live load {run.failure.code === 'cancelled' ? 'was cancelled' : 'failed'}</strong> ({run.failure.code}): {run.failure.message}
        {run.events.length > 0 && <p className="muted small">The {run.events.length} events that arrived before it stopped are shown below.</p>}
      </div>
    );
  }
  if (run.phase === 'done') {
    return (
      <p className="recorded-banner live-banner" data-testid="live-banner">
        <span className="chip chip--ok">live</span> Live run on Linux {kernelOf(run)}, just now{' '}
        <span className="muted">
          ({run.events.length} events{run.step ? ', step by step' : ''}; verifier log level 2
          {run.result?.run ? `; attached, ran ${run.result.run.durationSec} s and detached` : ''}; switch to Recorded to see the recording)
        </span>
      </p>
    );
  }
  return (
    <p className="recorded-banner live-banner" data-testid="live-progress" role="status">
      <span className="chip">live</span> {run.phase === 'queued' ? `Waiting: ${run.position} job${run.position === 1 ? '' : 's'} ahead` : run.phase === 'sent' ? 'Sent to the agent…' : `Loading: ${run.events.length} events so far`}
      {run.progress && <span className="muted"> · {run.progress}</span>}
    </p>
  );
}

export function LiveControls({ slug }: { slug: string }) {
  const { state, load, go, cancel, setStep } = useLive();
  if (effectiveMode(state) !== 'live') return null;
  const active = activeRun(state);
  const mine = active?.example === slug ? active : undefined;
  const pending = mine?.phase === 'paused' ? mine.pending : null;
  return (
    <div className="live-bar" data-testid="live-bar">
      <button className="btn btn--primary" data-testid="live-load" onClick={() => load(slug)} disabled={active !== undefined} aria-keyshortcuts="l">
        Load in the kernel <kbd>l</kbd>
      </button>
      <button
        className="btn"
        data-testid="live-load-attach"
        onClick={() => load(slug, { attach: true })}
        disabled={active !== undefined}
        aria-keyshortcuts="a"
        title={`Load, attach every accepted program, run ${ATTACH_RUN_SEC} s, detach`}
      >
        Load + attach {ATTACH_RUN_SEC} s <kbd>a</kbd>
      </button>
      <label className="live-bar__step">
        <input type="checkbox" data-testid="live-step" checked={state.step} onChange={(e) => setStep(e.target.checked)} disabled={active !== undefined} /> Step
      </label>
      {active && active.example !== slug && <span className="muted">A live load of {active.example} is under way.</span>}
      {mine && (
        <>
          {pending ? (
            <span className="live-bar__pending" data-testid="live-pending" data-seq={pending.seq} data-stage={pending.stage}>
              next: <span className="mono">{pendingLabel(pending)}</span>
              {pending.note && <span className="muted"> ({pending.note})</span>}
            </span>
          ) : (
            <span className="muted">{mine.phase === 'queued' ? `queued, position ${mine.position}` : 'running…'}</span>
          )}
          {mine.step && (
            <button className="btn btn--primary" data-testid="live-go" onClick={go} disabled={!pending} aria-keyshortcuts="g">
              Go <kbd>g</kbd>
            </button>
          )}
          <button className="btn" data-testid="live-cancel" onClick={cancel}>
            Cancel
          </button>
        </>
      )}
    </div>
  );
}
