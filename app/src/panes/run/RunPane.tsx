// Stage "run": what fired the hooks, the bpf_printk lines the programs wrote (trace_pipe), the ring/perf buffer
// records they sent, the maps' contents at the end, and the run stage's own calls (map reads, info reads) folded
// away. When nothing was attached it says so, and why.
import type { LifecycleAttach, LifecycleRun } from '@bpflc/sim';
import type { Example } from '../../content/examples.ts';
import type { AgentRecording } from '../../content/recording-types.ts';
import { RecordingGate } from '../load/RecordingGate.tsx';
import { NoAttachNotice } from './NoAttachNotice.tsx';
import { StageEvents, eventCount } from '../load/StageEvents.tsx';
import { MapContents, PrintkTable, RecordsList } from './RunTables.tsx';
import { underWay, useLiveRun } from './use-live-run.ts';
import './run.css';

/** Why nothing ran, when no program was attached. */
function nothingRan(attach: readonly LifecycleAttach[]): string {
  if (attach.length === 0) return 'No program was attached (the verifier accepted none), so no hook could run anything.';
  const why = attach.map((a) => `${a.program}: ${a.errorKind === 'later' ? 'not attached by the agent (it needs an interface or a socket)' : 'the attach was refused'}`).join('; ');
  return `Nothing ran: no program was attached (${why}). The attach stage shows why. The maps below are as the load left them.`;
}

/** The run's output; `streaming`: lines still arriving (no map contents yet). */
function Output({ run, attached, streaming = false }: { run: LifecycleRun; attached: boolean; streaming?: boolean }) {
  const cut = run.produced;
  return (
    <>
      <h3 className="section-title">
        bpf_printk lines <span className="muted small">(read from a private tracefs instance&apos;s trace_pipe)</span>
      </h3>
      {run.printk.length > 0 ? (
        <>
          <p className="small" data-testid="printk-count">
            {cut && cut.printk > run.printk.length ? `The first ${run.printk.length} of ${cut.printk} lines the run produced (the recording keeps only these).` : `${run.printk.length} line${run.printk.length === 1 ? '' : 's'}.`}{' '}
            <span className="muted">
              trace_pipe prints each as <code>task-pid [cpu] timestamp: message</code>; <code>&lt;...&gt;</code> is a task whose name was not cached.
            </span>
          </p>
          <PrintkTable run={run} />
        </>
      ) : (
        <p className="muted small" data-testid="printk-none">{attached ? 'No bpf_printk line during the run.' : 'None: nothing ran.'}</p>
      )}
      {run.records.length > 0 && (
        <>
          <h3 className="section-title">Ring and perf buffer records</h3>
          {cut && cut.records > run.records.length && <p className="small">The first {run.records.length} of {cut.records} records.</p>}
          <RecordsList run={run} />
        </>
      )}
      {!streaming && <h3 className="section-title">Maps at the end of the run</h3>}
      {streaming ? null : run.maps.length > 0 ? (
        <div className="run-maps">
          {run.maps.map((m) => (
            <MapContents key={m.name} m={m} />
          ))}
        </div>
      ) : (
        <p className="muted small">No map that can be walked with BPF_MAP_GET_NEXT_KEY (ring and perf buffers are read as records above).</p>
      )}
    </>
  );
}

function Body({ rec, slug }: { rec: AgentRecording; slug: string }) {
  const live = useLiveRun(slug);
  const events = rec.trace.filter((e) => e.stage === 'run');
  const run = rec.run;
  const attached = (rec.attach ?? []).filter((a) => !a.error).length > 0;
  return (
    <>
      {rec.attach === undefined || run === undefined ? (
        <>
          <NoAttachNotice run={live} slug={slug} />
          {live && underWay(live) && (live.printk.length > 0 || live.records.length > 0) && (
            <div data-testid="run-streaming">
              <h3 className="section-title">Arriving now</h3>
              <Output run={{ durationSec: 0, printk: live.printk, records: live.records, maps: [] }} attached streaming />
            </div>
          )}
        </>
      ) : (
        <>
          {attached && (
          <p className="lead" data-testid="run-summary">
            The attached program{(rec.attach ?? []).length === 1 ? '' : 's'} ran for {run.durationSec} s: {run.produced?.printk ?? run.printk.length} printk line
            {(run.produced?.printk ?? run.printk.length) === 1 ? '' : 's'}, {run.produced?.records ?? run.records.length} record
            {(run.produced?.records ?? run.records.length) === 1 ? '' : 's'}.
          </p>
          )}
          {!attached && (
            <p className="status status--empty run-nothing" data-testid="run-nothing">
              {nothingRan(rec.attach ?? [])}
            </p>
          )}
          {attached && (
            <p className="run-trigger" data-testid="run-triggered">
              <strong>What fired the hook:</strong>{' '}
              {run.triggered ?? 'nothing the agent did: whatever else ran on the machine during the run (the hook fires for every process).'}
            </p>
          )}
          <Output run={run} attached={attached} />
        </>
      )}
      <details className="run-events" data-testid="run-events">
        <summary className="section-title">The run stage&apos;s calls ({eventCount(events)}): map and info reads, readers set up</summary>
        <StageEvents events={events} />
      </details>
    </>
  );
}

export function RunPane({ example }: { example: Example }) {
  return (
    <div className="pane-body scroll">
      <RecordingGate example={example}>{(rec) => <Body key={example.meta.slug} rec={rec} slug={example.meta.slug} />}</RecordingGate>
    </div>
  );
}
