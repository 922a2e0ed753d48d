// BPF_PROG_BIND_MAP (kernel 5.10+): libbpf 1.1 binds every .rodata map to each program it loads, so that a
// .rodata the program's code no longer references (the verifier folded the constants) stays alive with it.
// The door has no wrapper for this command yet; the attr layout is here and the call goes through its bpf().
//  0          4         8        12
//  +----------+---------+--------+
//  | prog_fd  | map_fd  | flags  |     union bpf_attr, prog_bind_map member (include/uapi/linux/bpf.h)
//  +----------+---------+--------+
import type { Result } from '@bpflc/sim/result';
import { bpf, done, type BpfOutcome, type CallOptions, type KernelError, type KernelSession } from '../kernel/index.ts';
import { defineLayout } from '../kernel/struct-layout.ts';

export const PROG_BIND_MAP_ATTR = defineLayout('bpf_attr', [
  { name: 'prog_fd', off: 0, type: 'u32' },
  { name: 'map_fd', off: 4, type: 'u32' },
  { name: 'flags', off: 8, type: 'u32' },
] as const);

export function progBindMap(s: KernelSession, progFd: number, mapFd: number, opts?: CallOptions): Result<BpfOutcome, KernelError> {
  return done(bpf(s, 'BPF_PROG_BIND_MAP', PROG_BIND_MAP_ATTR, { prog_fd: progFd, map_fd: mapFd, flags: 0 }, { stage: 'prog_load', ...opts }));
}
