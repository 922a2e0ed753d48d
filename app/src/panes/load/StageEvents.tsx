// One stage's events as a sequence diagram, the selected event's every argument beside it, and the strace text
// below: every load and run-phase stage pane shows its events this way. The selection is the pane's when it
// passes one (the relocation table selects events too), else its own.
import { useState } from 'react';
import { printStrace, type PendingCallInfo, type TraceEvent } from '@bpflc/sim';
import { SequenceDiagram } from './SequenceDiagram.tsx';
import { EventDetails } from './EventDetails.tsx';
import './load.css';

interface Props {
  events: readonly TraceEvent[];
  /** Step mode: the call the agent waits to make (a ghost arrow). */
  pending?: PendingCallInfo | null;
  selection?: { selected: number | null; onSelect: (seq: number) => void };
}

export function StageEvents({ events, pending = null, selection }: Props) {
  const [own, setOwn] = useState<number | null>(null);
  const selected = selection ? selection.selected : own;
  const onSelect = selection ? selection.onSelect : setOwn;
  return (
    <>
      <div className="load-split">
        <SequenceDiagram events={events} selected={selected} onSelect={onSelect} pending={pending} />
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
