// The verifier / BTF log buffer, grown on ENOSPC. Since 6.4 the kernel reports the size it needed in
// log_true_size (and a truncated log fails the load with ENOSPC); before that we can only double.
import { ERRNO } from '@bpflc/sim/abi/errno.gen';
import { readCString } from './struct-layout.ts';
import type { BpfOutcome } from './bpf.ts';

export interface LogOptions {
  /** 0: no log; 1: the verdict path (BPF_LOG_LEVEL1); 2: every instruction state (BPF_LOG_LEVEL2); |4: stats. */
  logLevel?: number;
  /** First buffer size in bytes (the kernel wants at least 128). */
  logSize?: number;
  /** Stop growing here. */
  maxLogSize?: number;
}

export interface LogAttempts {
  last: BpfOutcome;
  log: string;
  /** Bytes the kernel said the whole log needs (0 when the kernel does not report it). */
  logTrueSize: number;
  /** Calls made (1 when the first buffer was big enough). */
  attempts: number;
  /** Buffer sizes tried, in order. */
  sizes: number[];
}

const MIN_LOG = 128;
export const DEFAULT_LOG_SIZE = 64 * 1024;
export const DEFAULT_MAX_LOG_SIZE = 16 * 1024 * 1024;

/**
 * Call `attempt` with a log buffer of growing size until it does not fail with ENOSPC (or the cap is reached).
 * `trueSize` reads the kernel's log_true_size (or btf_log_true_size) back from the attr.
 */
export function withGrowingLog(
  opts: LogOptions,
  attempt: (logBuf: Buffer | null, logLevel: number) => BpfOutcome,
  trueSize: (attr: Buffer) => number,
): LogAttempts {
  const level = opts.logLevel ?? 0;
  if (level === 0) {
    const last = attempt(null, 0);
    return { last, log: '', logTrueSize: 0, attempts: 1, sizes: [] };
  }
  const max = opts.maxLogSize ?? DEFAULT_MAX_LOG_SIZE;
  let size = Math.max(MIN_LOG, opts.logSize ?? DEFAULT_LOG_SIZE);
  const sizes: number[] = [];
  for (;;) {
    const buf = Buffer.alloc(size);
    sizes.push(size);
    const last = attempt(buf, level);
    const needed = trueSize(last.attr);
    if (last.ret >= 0 || last.errno !== ERRNO.ENOSPC || size >= max) {
      return { last, log: readCString(buf, 0, size), logTrueSize: needed, attempts: sizes.length, sizes };
    }
    size = Math.min(max, needed > size ? needed : size * 2);
  }
}
