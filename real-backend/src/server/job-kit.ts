// Helpers for job handlers that touch the kernel or run tools, so that what they open is owned by the right
// cleanup scope from the first moment. A load handler, for instance:
//   const s = kernelSessionFor(ctx, { keep: true });   // fds live until the client goes (an attach job uses them)
//   s.onEvent is already wired: every bpf() call reaches the client as an `event` message.
import { KernelSession } from '../kernel/index.ts';
import { adoptSession } from './cleanup.ts';
import type { JobContext } from './jobs.ts';

/**
 * A kernel session whose every recorded syscall is sent to the client as an `event`, and whose fds are closed
 * when the job ends, or, with `keep`, when the client goes away.
 */
export function kernelSessionFor(ctx: JobContext, opts: { keep?: boolean } = {}): KernelSession {
  const s = new KernelSession();
  s.onEvent = (ev) => ctx.event(ev);
  adoptSession(opts.keep ? ctx.clientScope : ctx.scope, s, `kernel session of job ${ctx.id}`);
  return s;
}
