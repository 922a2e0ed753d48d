// Everything one event carries: the strace line, every argument by UAPI field name, what the kernel wrote back.
import { printStraceLine, type ArgValue, type Args, type TraceEvent } from '@bpflc/sim';

const show = (v: ArgValue): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

function ArgsTable({ title, args }: { title: string; args: Args }) {
  const entries = Object.entries(args);
  if (entries.length === 0) return null;
  return (
    <table className="table table--auto event-args">
      <thead>
        <tr>
          <th>{title}</th>
          <th>value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <td className="mono">{k}</td>
            <td className="mono">{show(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EventDetails({ event }: { event: TraceEvent | undefined }) {
  if (!event) return <p className="muted">Click an arrow or a note to see all of its arguments.</p>;
  return (
    <div className="event-details" data-testid="event-details" data-seq={event.seq}>
      <pre className="mono event-details__line">{printStraceLine(event)}</pre>
      {event.note && <p className="lead">{event.note}</p>}
      {event.kind === 'syscall' ? (
        <>
          <ArgsTable title={`${event.cmd ?? event.name} argument`} args={event.args} />
          {event.out && <ArgsTable title="written back by the kernel" args={event.out} />}
          <p className="muted small">
            {event.size !== undefined && <>attr size {event.size} bytes · </>}
            returned {event.ret}
            {event.errno ? ` (${event.errno})` : ''}
            {event.durationNs !== undefined && <> · took {(event.durationNs / 1000).toFixed(1)} µs</>}
          </p>
        </>
      ) : (
        <>
          <p>{event.text}</p>
          {event.data && <ArgsTable title="step data" args={event.data} />}
        </>
      )}
    </div>
  );
}
