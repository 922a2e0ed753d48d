// bpf(2) through the door: encode one command's attr (zeroed, sized by its layout), make the call, record a
// TraceEvent with the attr decoded under UAPI names, and hand back { ret, errno } plus the attr bytes (the kernel
// writes some fields back: log_true_size, info_len).
import { BPF_CMD, type BpfCmd } from '@bpflc/sim/abi/uapi.gen';
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import type { SyscallEvent } from '@bpflc/sim/trace/schema';
import { ok, err, type Result } from '@bpflc/sim/result';
import { errnoError, errnoName, type KernelError } from './errors.ts';
import type { KernelSession } from './session.ts';
import { decodeArgs, decodeOut, encodeStruct, type LayoutInput, type StructLayout } from './struct-layout.ts';
import { addressOf, keepAlive, syscall, type SyscallOutcome } from './syscall.ts';

/** The stage a command belongs to when the caller has not set one (ARCHITECTURE.md stage ids). */
const DEFAULT_STAGE: Partial<Record<BpfCmd, StageId>> = {
  BPF_BTF_LOAD: 'btf_load',
  BPF_MAP_CREATE: 'map_create',
  BPF_MAP_UPDATE_ELEM: 'map_create',
  BPF_MAP_FREEZE: 'map_create',
  BPF_PROG_LOAD: 'prog_load',
  BPF_OBJ_GET_INFO_BY_FD: 'prog_load',
  BPF_LINK_CREATE: 'attach',
  BPF_RAW_TRACEPOINT_OPEN: 'attach',
  BPF_MAP_LOOKUP_ELEM: 'run',
  BPF_MAP_GET_NEXT_KEY: 'run',
  BPF_MAP_DELETE_ELEM: 'run',
};

export interface BpfOutcome extends SyscallOutcome {
  /** The attr as it was after the call (kernel-written fields included). */
  attr: Buffer;
  event: SyscallEvent;
}

export interface CallOptions {
  stage?: StageId;
  /** Why this call happens, shown next to the event. */
  note?: string;
}

export function bpf<L extends StructLayout>(
  s: KernelSession,
  cmd: BpfCmd,
  layout: L,
  input: LayoutInput<L>,
  opts: CallOptions = {},
): BpfOutcome {
  const enc = encodeStruct(layout, input, addressOf);
  const args = decodeArgs(layout, enc.buf, input);
  const r = syscall('bpf', BPF_CMD[cmd], enc.buf, layout.size);
  keepAlive(enc.keep);
  // Read back even on failure: the kernel reports log_true_size with ENOSPC too.
  const out = decodeOut(layout, enc.buf);
  const event = s.recordSyscall(
    {
      name: 'bpf',
      cmd,
      args,
      size: layout.size,
      ...(out ? { out } : {}),
      ret: r.ret,
      ...(r.ret < 0 ? { errno: errnoName(r.errno) } : {}),
      durationNs: r.durationNs,
      ...(opts.note ? { note: opts.note } : {}),
    },
    opts.stage ?? DEFAULT_STAGE[cmd] ?? 'prog_load',
  );
  return { ...r, attr: enc.buf, event };
}

/** A failed call as an error value (with its event and sentence), a successful one as itself. */
export function done(r: BpfOutcome): Result<BpfOutcome, KernelError> {
  return r.ret < 0 ? err(errnoError(r.event, r.errno)) : ok(r);
}
