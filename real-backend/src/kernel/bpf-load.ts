// BPF_PROG_LOAD with its verifier log, and BPF_BTF_LOAD with its BTF log: both retry with a bigger log on ENOSPC.
import { ok, err, type Result } from '@bpflc/sim/result';
import { bpf, type CallOptions } from './bpf.ts';
import { BTF_LOAD_ATTR } from './bpf-attr/btf.ts';
import { PROG_LOAD_ATTR } from './bpf-attr/prog.ts';
import { errnoError, type KernelError } from './errors.ts';
import { withGrowingLog, type LogOptions } from './log-buffer.ts';
import type { KernelSession } from './session.ts';
import { readU32, type LayoutInput } from './struct-layout.ts';

/** Everything of BPF_PROG_LOAD but the log fields (set from LogOptions) and insn_cnt (from insns). */
export type ProgLoadInput = Omit<LayoutInput<typeof PROG_LOAD_ATTR>, 'insns' | 'insn_cnt' | 'log_level' | 'log_size' | 'log_buf' | 'log_true_size'> & {
  /** The instructions, 8 bytes per slot (ld_imm64 takes two). */
  insns: Buffer;
};

export interface LoadLog {
  log: string;
  logTrueSize: number;
  /** BPF_PROG_LOAD calls made (more than 1 when the log buffer had to grow). */
  attempts: number;
  logSizes: number[];
}
export type ProgLoaded = LoadLog & { fd: number };
export type ProgRejected = LoadLog & { error: KernelError };

export function progLoad(
  s: KernelSession,
  attr: ProgLoadInput,
  opts: LogOptions & CallOptions = {},
): Result<ProgLoaded, ProgRejected> {
  if (attr.insns.length % 8 !== 0) throw new Error(`insns is ${attr.insns.length} bytes, not a multiple of 8`);
  const run = withGrowingLog(
    opts,
    (logBuf, logLevel) =>
      bpf(
        s,
        'BPF_PROG_LOAD',
        PROG_LOAD_ATTR,
        { ...attr, insn_cnt: attr.insns.length / 8, log_level: logLevel, log_size: logBuf?.length ?? 0, log_buf: logBuf },
        opts,
      ),
    (a) => readU32(a, PROG_LOAD_ATTR, 'log_true_size'),
  );
  const base: LoadLog = { log: run.log, logTrueSize: run.logTrueSize, attempts: run.attempts, logSizes: run.sizes };
  if (run.last.ret < 0) return err({ ...base, error: errnoError(run.last.event, run.last.errno) });
  s.track(run.last.ret, { kind: 'prog', ...(attr.prog_name ? { label: attr.prog_name } : {}) });
  return ok({ ...base, fd: run.last.ret });
}

export type BtfLoaded = LoadLog & { fd: number };
export type BtfRejected = LoadLog & { error: KernelError };

/** BPF_BTF_LOAD of a raw BTF blob (header + types + strings), as libbpf sends the object's .BTF section. */
export function btfLoad(s: KernelSession, btf: Buffer, opts: LogOptions & CallOptions = {}): Result<BtfLoaded, BtfRejected> {
  const run = withGrowingLog(
    opts,
    (logBuf, logLevel) =>
      bpf(
        s,
        'BPF_BTF_LOAD',
        BTF_LOAD_ATTR,
        { btf, btf_size: btf.length, btf_log_buf: logBuf, btf_log_size: logBuf?.length ?? 0, btf_log_level: logLevel },
        opts,
      ),
    (a) => readU32(a, BTF_LOAD_ATTR, 'btf_log_true_size'),
  );
  const base: LoadLog = { log: run.log, logTrueSize: run.logTrueSize, attempts: run.attempts, logSizes: run.sizes };
  if (run.last.ret < 0) return err({ ...base, error: errnoError(run.last.event, run.last.errno) });
  s.track(run.last.ret, { kind: 'btf' });
  return ok({ ...base, fd: run.last.ret });
}
