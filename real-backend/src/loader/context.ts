// What every loader step shares: the kernel session (the trace and fd table), the step-mode gate, and the
// few helpers that keep the steps short: `step` records a StepEvent (what the loader does and why), `call`
// waits at the gate and then makes one door call, `preview` turns an attr input into gate-friendly args.
import type { ArgValue, Args } from '@bpflc/sim/trace/schema';
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import type { KernelSession } from '../kernel/index.ts';
import type { PendingCall, SyscallGate } from './types.ts';

export interface LoaderContext {
  s: KernelSession;
  gate: SyscallGate | undefined;
  /** fds this load opened (in order); unload closes them newest first. */
  fds: number[];
}

/** Attr input → args a presenter can read before the call: buffers by size, bigints as numbers or strings. */
export function preview(input: Readonly<Record<string, unknown>>): Args {
  const out: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) out[k] = `<${v.length} bytes>`;
    else if (typeof v === 'bigint') out[k] = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    else if (v === null) out[k] = 'NULL';
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else out[k] = String(v);
  }
  return out;
}

export function step(ctx: LoaderContext, stage: StageId, name: string, text: string, data?: Args): void {
  ctx.s.step(name, text, stage, data);
}

/** Waits at the gate (step mode), then runs `fn`, which makes the door call(s) described by `pending`. */
export async function call<T>(ctx: LoaderContext, pending: Omit<PendingCall, 'seq' | 'calls'> & { calls?: number }, fn: () => T): Promise<T> {
  if (ctx.gate) await ctx.gate({ seq: ctx.s.events.length, calls: 1, ...pending });
  return fn();
}

/** Remember an fd the load opened. */
export function own(ctx: LoaderContext, fd: number): number {
  ctx.fds.push(fd);
  return fd;
}
