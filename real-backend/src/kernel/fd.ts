// close(2) through the door, and the release of everything a session still holds.
import { ok, err, type Result } from '@bpflc/sim/result';
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import { errnoError, errnoName, type KernelError } from './errors.ts';
import type { KernelSession } from './session.ts';
import { syscall } from './syscall.ts';

export function close(s: KernelSession, fd: number, stage: StageId = 'detach'): Result<void, KernelError> {
  const info = s.fds.get(fd);
  const r = syscall('close', fd);
  const event = s.recordSyscall(
    {
      name: 'close',
      args: { fd },
      ret: r.ret,
      ...(r.ret < 0 ? { errno: errnoName(r.errno) } : {}),
      durationNs: r.durationNs,
      ...(info ? { note: `release ${info.kind}${info.label ? ` ${info.label}` : ''}` } : {}),
    },
    stage,
  );
  // After close() the fd is gone whatever it returned (EINTR/EIO included); never close it twice.
  s.untrack(fd);
  return r.ret < 0 ? err(errnoError(event, r.errno)) : ok(undefined);
}

/** Close every fd the session still tracks, newest first (links and perf events before the programs they hold). */
export function closeAll(s: KernelSession): number {
  const fds = [...s.fds.keys()].reverse();
  for (const fd of fds) close(s, fd);
  return fds.length;
}
