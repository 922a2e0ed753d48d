// The header's agent badge (green: real runs here; amber: an agent but no real runs, and why; grey: no agent,
// recordings only) with a popover listing the status items, and the Recorded / Live switch.
import { useState } from 'react';
import './agent.css';
import { useLive } from '../agent/LiveProvider.tsx';
import { effectiveMode, realAvailable, type Connection } from '../agent/live-state.ts';

function badgeOf(conn: Connection): { tone: 'ok' | 'warn' | 'off'; text: string } {
  if (conn.kind === 'offline') return { tone: 'off', text: 'no agent — showing recordings' };
  if (conn.kind === 'connecting') return { tone: 'off', text: conn.attempt === 0 ? 'agent: connecting…' : `agent: reconnecting (attempt ${conn.attempt + 1})…` };
  const s = conn.status;
  if (s.real.available) return { tone: 'ok', text: `agent: real kernel ${s.kernel}` };
  return { tone: 'warn', text: `agent: no real runs — ${s.real.reasons[0] ?? 'the agent gave no reason'}` };
}

function StatusPopover({ conn, onClose }: { conn: Connection; onClose: () => void }) {
  const { recheck } = useLive();
  const [err, setErr] = useState<string | null>(null);
  return (
    <div className="agent-pop" role="dialog" aria-label="Agent status" data-testid="agent-popover">
      {conn.kind === 'offline' && (
        <p>
          No agent: {conn.why}. The load, verify and JIT stages show the recorded runs. Start one with <code>npm start</code> (or{' '}
          <code>bpflc serve</code>) and open the URL it prints.
        </p>
      )}
      {conn.kind === 'connecting' && <p>Connecting to the agent{conn.why ? ` (last attempt: ${conn.why})` : ''}…</p>}
      {conn.kind === 'connected' && (
        <>
          <p>
            Agent {conn.status.agent.version} (uid {conn.status.agent.uid ?? '?'}) on Linux <strong>{conn.status.kernel}</strong>, protocol {conn.status.protocol}.
          </p>
          {conn.status.real.reasons.length > 0 && (
            <>
              <h4>Why no real runs</h4>
              <ul data-testid="agent-reasons">
                {conn.status.real.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </>
          )}
          {conn.status.real.limits.length > 0 && (
            <>
              <h4>Limits</h4>
              <ul>
                {conn.status.real.limits.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </>
          )}
          <h4>Checked</h4>
          <ul className="agent-pop__items">
            {conn.status.capabilities.map((c) => (
              <li key={c.id} data-ok={c.ok}>
                <span className={c.ok ? 'good' : 'bad'}>{c.ok ? '✓' : '✗'}</span> <code>{c.id}</code> {c.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      {err && <p className="bad">{err}</p>}
      <div className="agent-pop__actions">
        {conn.kind === 'connected' && (
          <button className="btn" onClick={() => recheck().then(() => setErr(null), (e: unknown) => setErr(String(e)))}>
            Check again
          </button>
        )}
        <button className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

export function AgentBadge() {
  const { state, setMode } = useLive();
  const [open, setOpen] = useState(false);
  const b = badgeOf(state.conn);
  const mode = effectiveMode(state);
  const canLive = realAvailable(state.conn);
  const title = state.conn.kind === 'connected' ? state.conn.status.capabilities.map((c) => `${c.ok ? '✓' : '✗'} ${c.id}: ${c.detail}`).join('\n') : b.text;
  return (
    <div className="agent">
      <button className={`agent-badge agent-badge--${b.tone}`} data-testid="agent-badge" data-tone={b.tone} title={title} aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="agent-badge__dot" aria-hidden="true" />
        <span className="agent-badge__text">{b.text}</span>
      </button>
      {open && <StatusPopover conn={state.conn} onClose={() => setOpen(false)} />}
      <div className="mode-switch" role="radiogroup" aria-label="Data source" data-testid="mode-switch">
        <button role="radio" aria-checked={mode === 'recorded'} className={`mode-switch__opt${mode === 'recorded' ? ' is-on' : ''}`} onClick={() => setMode('recorded')}>
          Recorded
        </button>
        <button
          role="radio"
          aria-checked={mode === 'live'}
          className={`mode-switch__opt${mode === 'live' ? ' is-on' : ''}`}
          disabled={!canLive}
          title={canLive ? 'Load in the real kernel through the agent' : 'Live needs an agent that can load programs here'}
          onClick={() => setMode('live')}
        >
          Live
        </button>
      </div>
    </div>
  );
}
