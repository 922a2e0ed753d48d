// One stage's events (attach, run or detach) as the load stages show them: the sequence diagram, the selected
// event's every argument beside it, and the strace text below. Shared by the three run-phase panes.
import { useState } from 'react';
import { printStrace, type TraceEvent } from '@bpflc/sim';
import { SequenceDiagram } from '../load/SequenceDiagram.tsx';
import { EventDetails } from '../load/EventDetails.tsx';
import '../load/load.css';

export function StageEvents({ events }: { events: readonly TraceEvent[] }) {
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <>
      <div className="load-split">
        <SequenceDiagram events={events} selected={selected} onSelect={setSelected} />
        <aside className="load-split__details">
          <EventDetails event={events.find((e) => e.seq === selected)} />
        </aside>
      </div>
      <h3 className="section-title">As strace prints it</h3>
      <pre className="strace-text mono" data-testid="strace-text">
        {events.length > 0 ? printStrace(events) : '(no events)'}
      </pre>
    </>
  );
}

/** "5 events: 4 system calls, 1 agent step." */
export function eventCount(events: readonly TraceEvent[]): string {
  const calls = events.filter((e) => e.kind === 'syscall').length;
  const steps = events.length - calls;
  return `${events.length} event${events.length === 1 ? '' : 's'}: ${calls} system call${calls === 1 ? '' : 's'}, ${steps} agent step${steps === 1 ? '' : 's'}`;
}
