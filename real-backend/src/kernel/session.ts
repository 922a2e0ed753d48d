// A kernel session: the trace of every call made through the door (TraceEvents with source "real") and the table
// of fds those calls returned, so that a client's objects can all be released when it goes away.
import type { Args, StepEvent, SyscallEvent, TraceEvent } from '@bpflc/sim/trace/schema';
import type { StageId } from '@bpflc/sim/lifecycle/stages';

/** What an fd returned by the door names (normalization later maps fds to these). */
export type FdKind = 'map' | 'prog' | 'btf' | 'link' | 'perf_event' | 'raw_tracepoint';
export interface FdInfo {
  kind: FdKind;
  /** map or program name, tracepoint name, ... */
  label?: string;
}

export type SyscallRecord = Omit<SyscallEvent, 'seq' | 'stage' | 'source' | 'kind'>;

export class KernelSession {
  readonly events: TraceEvent[] = [];
  readonly fds = new Map<number, FdInfo>();
  /** When set, every event goes to this stage; otherwise each call picks its usual one (see defaultStage). */
  stage: StageId | undefined;
  /** Called with each new event (the agent forwards them to its WebSocket client). */
  onEvent: ((ev: TraceEvent) => void) | undefined;

  private push<E extends TraceEvent>(ev: E): E {
    this.events.push(ev);
    this.onEvent?.(ev);
    return ev;
  }

  recordSyscall(rec: SyscallRecord, stage: StageId): SyscallEvent {
    return this.push({ seq: this.events.length, stage: this.stage ?? stage, source: 'real', kind: 'syscall', ...rec });
  }

  step(name: string, text: string, stage: StageId, data?: Args): StepEvent {
    const ev: StepEvent = { seq: this.events.length, stage: this.stage ?? stage, source: 'real', kind: 'step', name, text };
    if (data) ev.data = data;
    return this.push(ev);
  }

  /** Run `fn` with every event it records put in `stage`. */
  inStage<T>(stage: StageId, fn: () => T): T {
    const prev = this.stage;
    this.stage = stage;
    try {
      return fn();
    } finally {
      this.stage = prev;
    }
  }

  track(fd: number, info: FdInfo): void {
    this.fds.set(fd, info);
  }

  untrack(fd: number): void {
    this.fds.delete(fd);
  }
}
