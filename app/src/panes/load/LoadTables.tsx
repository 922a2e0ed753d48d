// Stage extras under the sequence diagram: the maps the kernel created (map_create), the instructions patched
// against maps (relocate), and the programs and maps libbpf found (open).
import type { TraceEvent } from '@bpflc/sim';
import type { AgentRecording } from '../../content/recording-types.ts';

export function MapsTable({ rec }: { rec: AgentRecording }) {
  const creates = rec.trace.filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_MAP_CREATE');
  return (
    <table className="table table--auto" data-testid="maps-table">
      <thead>
        <tr>
          <th>name (kernel)</th>
          <th>type</th>
          <th className="num">key</th>
          <th className="num">value</th>
          <th className="num">max_entries</th>
          <th>flags</th>
          <th>frozen</th>
          <th className="num">fd</th>
        </tr>
      </thead>
      <tbody>
        {rec.maps.map((m) => {
          const call = creates.find((e) => e.kind === 'syscall' && e.args.map_name === m.kernelName);
          return (
            <tr key={m.name} className={m.error ? 'bad' : undefined}>
              <td className="mono strong">{m.kernelName}</td>
              <td className="mono">{m.type}</td>
              <td className="num mono">{m.keySize}</td>
              <td className="num mono">{m.valueSize}</td>
              <td className="num mono">{m.maxEntries}</td>
              <td className="mono">{m.flagNames.length > 0 ? m.flagNames.join(' | ') : m.flags === 0 ? '0' : `0x${m.flags.toString(16)}`}</td>
              <td>{m.frozen ? 'yes (BPF_MAP_FREEZE)' : 'no'}</td>
              <td className="num mono">{call?.kind === 'syscall' ? (call.ret < 0 ? call.errno : call.ret) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function relocationOf(e: TraceEvent): { program: string; insn: number; kind: string; target: string } | null {
  if (e.kind !== 'step' || e.name !== 'relocate' || !e.data) return null;
  const { program, insn, kind } = e.data;
  if (typeof program !== 'string' || typeof insn !== 'number') return null;
  const target = /→ (.*)$/.exec(e.text)?.[1] ?? '';
  return { program, insn, kind: String(kind ?? ''), target };
}

export function RelocationsTable({ events, onSelect }: { events: readonly TraceEvent[]; onSelect: (seq: number) => void }) {
  const rows = events.flatMap((e) => {
    const r = relocationOf(e);
    return r ? [{ seq: e.seq, ...r, symbol: /against (\S+)/.exec(e.kind === 'step' ? e.text : '')?.[1] ?? '' }] : [];
  });
  if (rows.length === 0) return <p className="muted">No instruction needed patching: the program references no maps or global data.</p>;
  return (
    <table className="table table--auto" data-testid="relocations-table">
      <thead>
        <tr>
          <th>program</th>
          <th className="num">insn</th>
          <th>symbol</th>
          <th>kind</th>
          <th>patched to</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.seq} className="is-link" onClick={() => onSelect(r.seq)}>
            <td className="mono">{r.program}</td>
            <td className="num mono">{r.insn}</td>
            <td className="mono strong">{r.symbol}</td>
            <td className="mono">{r.kind}</td>
            <td className="mono">{r.target}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OpenTable({ rec }: { rec: AgentRecording }) {
  return (
    <table className="table table--auto" data-testid="open-table">
      <thead>
        <tr>
          <th>program</th>
          <th>section</th>
          <th>type</th>
          <th className="num">insns</th>
          <th>maps it uses</th>
        </tr>
      </thead>
      <tbody>
        {rec.programs.map((p) => (
          <tr key={p.name}>
            <td className="mono strong">{p.name}</td>
            <td className="mono">{p.section}</td>
            <td className="mono">{p.type}</td>
            <td className="num mono">{p.insns.length}</td>
            <td className="mono">{p.maps.join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
