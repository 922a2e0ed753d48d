// Stage "verify" from the recorded run: each program's verdict, the reason line of a rejection, verified_insns,
// and the verifier log at level 1 (the verdict path) or level 2 (every instruction with register states).
import { useMemo, useState } from 'react';
import { LOADED_AS, type LifecycleProgram } from '@bpflc/sim';
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { Empty } from '../../components/Status.tsx';
import { RecordingGate } from '../load/RecordingGate.tsx';
import { classifyLog } from './log-lines.ts';
import '../load/load.css';

const ROW = 18;

function VerifierLog({ log, reason }: { log: string; reason?: string }) {
  const lines = useMemo(() => classifyLog(log, reason), [log, reason]);
  const reasonAt = lines.findIndex((l) => l.kind === 'reason');
  return (
    <div style={{ height: `min(${lines.length * ROW + 4}px, 60vh)`, display: 'flex', flexDirection: 'column' }}>
    <VirtualRows
      count={lines.length}
      rowHeight={ROW}
      className="vlog"
      testId="verifier-log"
      scrollTo={reasonAt >= 0 ? reasonAt : null}
      row={(i) => (
        <div key={i} className={`vlog__row is-${lines[i]!.kind}`} data-line={i + 1} data-kind={lines[i]!.kind}>
          <span className="vlog__no">{i + 1}</span>
          <span>{lines[i]!.text}</span>
        </div>
      )}
    />
    </div>
  );
}

function ProgramVerdict({ rec, p }: { rec: AgentRecording; p: LifecycleProgram }) {
  const [level, setLevel] = useState<1 | 2>(p.verdict === 'rejected' ? 1 : 2);
  const one = rec.levelOne[p.name];
  const log = level === 2 ? p.log : (one?.log ?? '(no level-1 log: a live run loads once, at log level 2)\n');
  const truncated = level === 2 ? rec.recordedOn.logTruncated?.[p.name] : undefined;
  const lines = log.split('\n').length - 1;
  return (
    <section className="prog-card" data-testid="verdict-card" data-program={p.name} data-verdict={p.verdict}>
      <div className="prog-card__head">
        <h3 className="section-title mono">{p.name}</h3>
        <span className={`chip ${p.verdict === 'accepted' ? 'chip--ok' : p.verdict === 'rejected' ? 'chip--bad' : ''}`} data-testid="verdict">
          {p.verdict}
        </span>
        <span className="muted small">
          {p.type} · loaded {LOADED_AS[p.loadedAs]} · {p.insns.length} insns sent
          {p.verifiedInsns !== undefined && (
            <>
              {' '}
              · verified_insns <strong data-testid="verified-insns">{p.verifiedInsns}</strong>
            </>
          )}
          {p.id !== undefined && <> · prog id {p.id}</>}
          {p.tag && <> · tag {p.tag}</>}
        </span>
      </div>
      {p.verdict === 'rejected' && (
        <>
          <div className="reason-line" data-testid="reason-line">
            {p.reason ?? p.error}
          </div>
          <p className="muted small">
            BPF_PROG_LOAD returned -1 {p.errno}: {p.error}
          </p>
        </>
      )}
      <div className="tabs__list" role="radiogroup" aria-label="Verifier log level">
        {([1, 2] as const).map((l) => (
          <button key={l} role="radio" aria-checked={level === l} className={`tabs__tab${level === l ? ' is-active' : ''}`} data-level={l} onClick={() => setLevel(l)}>
            log level {l}
            {l === 1 ? ' (verdict path)' : ' (every insn, register states)'}
          </button>
        ))}
        <span className="muted small" data-testid="log-size">
          {' '}
          {lines} lines{truncated ? ` · ${truncated}` : ''}
        </span>
      </div>
      {log ? <VerifierLog log={log} {...(p.reason ? { reason: p.reason } : {})} /> : <p className="muted">The kernel wrote no log at this level.</p>}
    </section>
  );
}

export function VerifyPane({ example }: { example: Example }) {
  return (
    <div className="pane-body scroll">
      <RecordingGate example={example}>
        {(rec) => (
          <>
            {rec.programs.length === 0 && (
              <Empty>No program results yet: a live load brings them with its result, when its last call is made.</Empty>
            )}
            {rec.programs.map((p) => (
              <ProgramVerdict key={`${example.meta.slug}/${p.name}`} rec={rec} p={p} />
            ))}
          </>
        )}
      </RecordingGate>
    </div>
  );
}
