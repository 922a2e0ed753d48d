// attach_btf_id for the BTF-based program types, from the running kernel's BTF (/sys/kernel/btf/vmlinux):
// tp_btf/<tp> → the typedef btf_trace_<tp>; fentry/fexit/fmod_ret/<fn> → the FUNC <fn>; lsm/<hook> → FUNC bpf_lsm_<hook>.
// It is needed at BPF_PROG_LOAD (the verifier checks the program against that prototype), so the loader uses it too.
// e.g. resolveAttachBtfId('sched_switch', 'tp_btf') → { id: 1234, btfName: 'btf_trace_sched_switch', kind: 'BTF_KIND_TYPEDEF' }
import { ok, err, type Result } from '@bpflc/sim/result';
import { findKernelType, kernelBtf } from '../loader/vmlinux-btf.ts';
import type { AttachError } from './types.ts';

export type BtfAttachFlavor = 'tp_btf' | 'fentry' | 'lsm' | 'iter';

const PREFIX: Record<BtfAttachFlavor, { prefix: string; kind: 'BTF_KIND_TYPEDEF' | 'BTF_KIND_FUNC' }> = {
  tp_btf: { prefix: 'btf_trace_', kind: 'BTF_KIND_TYPEDEF' },
  fentry: { prefix: '', kind: 'BTF_KIND_FUNC' },
  lsm: { prefix: 'bpf_lsm_', kind: 'BTF_KIND_FUNC' },
  iter: { prefix: 'bpf_iter_', kind: 'BTF_KIND_FUNC' },
};

export interface ResolvedBtfId {
  id: number;
  btfName: string;
  kind: 'BTF_KIND_TYPEDEF' | 'BTF_KIND_FUNC';
}

/** The vmlinux BTF id a program of this flavor names by `target` (the part after the '/' of its section). */
export function resolveAttachBtfId(target: string, flavor: BtfAttachFlavor, vmlinuxPath?: string): Result<ResolvedBtfId, AttachError> {
  const { prefix, kind } = PREFIX[flavor];
  const btfName = prefix + target;
  const k = kernelBtf(vmlinuxPath);
  if (!k.ok) return err({ kind: 'btf', message: `cannot resolve ${btfName}: ${k.error}` });
  const id = findKernelType(k.value, btfName, kind);
  if (!id) {
    const what = flavor === 'tp_btf' ? `tracepoint ${target} (no typedef ${btfName})` : `kernel function ${btfName}`;
    return err({ kind: 'btf', message: `the running kernel's BTF has no ${what}: check the name against ${k.value.path} (bpftool btf dump file ${k.value.path} | grep ${btfName})` });
  }
  return ok({ id, btfName, kind });
}
