// Step mode for a load job: the loader's SyscallGate, wired to the protocol. Before each syscall the client gets
// a `progress` carrying the pending call and the job waits for `go {id, seq}`. A pause has a time limit: past it
// the job fails with "timeout" (the loader then closes what it opened, and the job's scope closes the rest).
// Cancel and disconnect abort the job, which rejects the wait the same way.
import type { PendingCallInfo } from '@bpflc/sim/protocol/messages';
import type { PendingCall, SyscallGate } from '../../loader/index.ts';
import { JobFailure, type JobContext } from '../jobs.ts';

/** How long one pause may wait for `go` by default. */
export const DEFAULT_PAUSE_MS = 10 * 60_000;

export function pendingInfo(call: PendingCall): PendingCallInfo {
  const p: PendingCallInfo = { seq: call.seq, stage: call.stage, name: call.name, args: call.args, calls: call.calls };
  if (call.cmd !== undefined) p.cmd = call.cmd;
  if (call.note !== undefined) p.note = call.note;
  return p;
}

/** e.g. "paused before bpf(BPF_MAP_CREATE) (map .rodata): send go with seq 4" */
export function pauseText(call: PendingCall): string {
  const what = call.cmd ? `${call.name}(${call.cmd})` : call.name;
  return `paused before ${what}${call.note ? ` (${call.note})` : ''}: send go with seq ${call.seq}`;
}

export function stepGate(ctx: JobContext, pauseMs: number = DEFAULT_PAUSE_MS): SyscallGate {
  return async (call) => {
    ctx.progress(pauseText(call), { stage: call.stage, pending: pendingInfo(call) });
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new JobFailure('timeout', `step mode: no go for call ${call.seq} (${call.cmd ?? call.name}) within ${pauseMs} ms; the load was stopped and everything it opened released`));
      }, pauseMs);
    });
    try {
      await Promise.race([ctx.awaitGo(call.seq), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
