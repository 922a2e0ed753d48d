// The run's output as tables: bpf_printk lines in trace_pipe's shape, ring/perf buffer records as hex with
// their size, and each walkable map's contents at the end of the run.
import type { BtfJson, LifecycleRun } from '@bpflc/sim';
import { hexDump } from '../kernel/xlated.ts';
import { asciiOf, leUint, printkLine } from './run-words.ts';

export function PrintkTable({ run }: { run: LifecycleRun }) {
  return (
    <table className="table table--auto printk-table" data-testid="printk-table">
      <thead>
        <tr>
          <th>task-pid</th>
          <th>cpu</th>
          <th className="num">timestamp (s)</th>
          <th>message</th>
        </tr>
      </thead>
      <tbody>
        {run.printk.map((p, i) => (
          <tr key={i} title={printkLine(p)} data-testid="printk-row">
            <td className="mono">
              {p.comm}-{p.pid}
            </td>
            <td className="mono">[{String(p.cpu).padStart(3, '0')}]</td>
            <td className="mono num">{p.ts.toFixed(6)}</td>
            <td className="mono printk-table__msg">{p.msg}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Hex dump lines with the printable ASCII of each 16-byte row after them. */
function hexWithAscii(hex: string): string {
  return hexDump(hex)
    .split('\n')
    .map((line, i) => `${line.padEnd(58)}  |${asciiOf(hex.slice(i * 32, i * 32 + 32))}|`)
    .join('\n');
}

export function RecordsList({ run }: { run: LifecycleRun }) {
  return (
    <div className="run-records">
      {run.records.map((r, i) => (
        <section key={i} className="run-record" data-testid="run-record" data-map={r.map} data-bytes={r.data.length / 2}>
          <p className="small">
            <span className="chip">{r.source === 'ringbuf' ? 'ring buffer' : 'perf buffer'}</span> record {i + 1} from <strong className="mono">{r.map}</strong>
            {r.cpu !== undefined && <> (CPU {r.cpu})</>}: <strong>{r.data.length / 2} bytes</strong>
          </p>
          <pre className="hexdump">{hexWithAscii(r.data)}</pre>
        </section>
      ))}
    </div>
  );
}

function ValueCell({ hex }: { hex: string }) {
  const n = leUint(hex);
  return (
    <>
      <span className="mono">{hex || '(empty)'}</span>
      {n !== undefined && <span className="muted small"> = {n.toString()}</span>}
      {n === undefined && hex.length > 16 && <span className="muted small run-map__ascii"> {asciiOf(hex)}</span>}
    </>
  );
}

/** A BTF-decoded value, compactly: `{ my_pid: 27229 }`, strings quoted, arrays in brackets. */
export function decodedText(v: BtfJson): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(decodedText).join(', ')}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${decodedText(x)}`).join(', ')} }`;
}

/** Worth a line of its own: a struct, a section's variables or a string (a plain integer is already shown as `= n`). */
const informative = (v: BtfJson): boolean => (Array.isArray(v) ? v.some(informative) : typeof v === 'object' || typeof v === 'string');

/** The decoded form under the hex, when the map carried BTF types and it says more than the number. */
function Decoded({ v }: { v: BtfJson | BtfJson[] | undefined }) {
  if (v === undefined || !informative(v)) return null;
  return (
    <div className="run-map__decoded mono" data-testid="run-map-decoded" title="Read with the map's BTF types, as bpftool map dump prints BTF maps">
      {decodedText(v)}
    </div>
  );
}

export function MapContents({ m }: { m: LifecycleRun['maps'][number] }) {
  return (
    <section className="run-map" data-testid="run-map" data-map={m.name}>
      <p className="run-map__head">
        <span className="mono">{m.name}</span> <span className="chip">{m.type.replace('BPF_MAP_TYPE_', '')}</span>{' '}
        <span className="muted small">
          {m.entries.length} entr{m.entries.length === 1 ? 'y' : 'ies'}
          {m.truncated ? ' (only the first ones were kept)' : ''}
        </span>
      </p>
      {m.error ? (
        <p className="status status--error">Could not read it: {m.error}</p>
      ) : m.entries.length === 0 ? (
        <p className="muted small">Empty at the end of the run.</p>
      ) : (
        <table className="table table--auto run-map__table">
          <thead>
            <tr>
              <th>key (hex, little-endian)</th>
              <th>value{Array.isArray(m.entries[0]!.value) ? ' per CPU' : ''}</th>
            </tr>
          </thead>
          <tbody>
            {m.entries.map((e) => (
              <tr key={e.key}>
                <td>
                  <ValueCell hex={e.key} />
                  <Decoded v={e.keyDecoded} />
                </td>
                <td className="run-map__value">
                  {Array.isArray(e.value) ? (
                    e.value.map((v, cpu) => (
                      <div key={cpu}>
                        <span className="muted small">CPU {cpu}: </span>
                        <ValueCell hex={v} />
                      </div>
                    ))
                  ) : (
                    <ValueCell hex={e.value} />
                  )}
                  <Decoded v={e.valueDecoded} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
