// Stage "jit" from the recorded run: per program, the instructions sent next to the kernel's xlated image
// (rewritten and inserted instructions highlighted, with why), and the JIT's machine code as a hex dump.
import { useMemo } from 'react';
import type { LifecycleProgram } from '@bpflc/sim';
import type { Example } from '../../content/examples.ts';
import { Empty } from '../../components/Status.tsx';
import { RecordingGate } from '../load/RecordingGate.tsx';
import type { AgentRecording } from '../../content/recording-types.ts';
import { alignXlated, hexDump, type ListingRow, type MapNames } from './xlated.ts';
import '../load/load.css';

function Listing({ title, rows, testId }: { title: string; rows: ListingRow[]; testId: string }) {
  return (
    <div className="listing" data-testid={testId} data-count={rows.length}>
      <div className="listing__head">{title}</div>
      {rows.map((r) => (
        <div key={r.slot} className={`listing__row${r.change ? ' is-changed' : ''}`} data-slot={r.slot} title={r.change}>
          <span className="muted">{r.slot}:</span>
          <span>
            {r.text}
            {r.change && <span className="why"> ← {r.change}</span>}
          </span>
        </div>
      ))}
    </div>
  );
}

/** fd → map name, from the recorded BPF_MAP_CREATE calls (the sent ld_imm64s carry fds). */
function mapNames(rec: AgentRecording): MapNames {
  const byFd = new Map<number, string>();
  for (const e of rec.trace) {
    if (e.kind === 'syscall' && e.cmd === 'BPF_MAP_CREATE' && e.ret >= 0 && typeof e.args.map_name === 'string') byFd.set(e.ret, e.args.map_name);
  }
  return { byFd };
}

function ProgramJit({ p, names }: { p: LifecycleProgram; names: MapNames }) {
  const { sent, xlated } = useMemo(() => alignXlated(p.insns, p.xlated, names), [p.insns, p.xlated, names]);
  const changed = xlated.filter((r) => r.change).length;
  const jitLen = p.jited.length / 2;
  return (
    <section className="prog-card" data-testid="jit-card" data-program={p.name}>
      <div className="prog-card__head">
        <h3 className="section-title mono">{p.name}</h3>
        <span className="muted small" data-testid="jit-summary">
          {p.insns.length} slots sent · {p.xlated.length} slots xlated · {changed} instruction{changed === 1 ? '' : 's'} rewritten or inserted · {jitLen} bytes of x86-64
        </span>
      </div>
      {p.verdict !== 'accepted' ? (
        <p className="muted" data-testid="jit-none">
          {p.name} was {p.verdict}: the kernel has no xlated image and nothing was JIT-compiled.
        </p>
      ) : (
        <>
          <div className="jit-grid">
            <Listing title={`sent to BPF_PROG_LOAD (${p.insns.length} slots)`} rows={sent} testId="insns-sent" />
            <Listing title={`xlated by the kernel (${p.xlated.length} slots)`} rows={xlated} testId="insns-xlated" />
          </div>
          <h4 className="section-title">
            JIT image: <span data-testid="jited-len">{jitLen}</span> bytes
          </h4>
          <p className="muted small">x86-64 disassembly of these bytes is a later task; for now the raw bytes as the kernel returned them (bpf_prog_info.jited_prog_insns).</p>
          <pre className="hexdump" data-testid="jited-hex">
            {hexDump(p.jited)}
          </pre>
        </>
      )}
    </section>
  );
}

export function JitPane({ example }: { example: Example }) {
  return (
    <div className="pane-body scroll">
      <RecordingGate example={example}>
        {(rec) => (
          <>
            {rec.programs.length === 0 && (
              <Empty>No program results yet: a live load brings them with its result, when its last call is made.</Empty>
            )}
            {rec.programs.map((p) => (
              <ProgramJit key={`${example.meta.slug}/${p.name}`} p={p} names={mapNames(rec)} />
            ))}
          </>
        )}
      </RecordingGate>
    </div>
  );
}
