// raw_tp, tp_btf and the trampoline programs (fentry/fexit/fmod_ret/lsm).
//   raw_tp:  bpf(BPF_RAW_TRACEPOINT_OPEN, name="sys_enter") → a BPF_LINK_TYPE_RAW_TRACEPOINT link fd (both modes:
//            BPF_LINK_CREATE has no tracepoint-name field, the open call already returns a link).
//   tp_btf:  the tracepoint was fixed at load (attach_btf_id = btf_trace_<tp>); link: BPF_LINK_CREATE with
//            attach_type BPF_TRACE_RAW_TP and no target; legacy: BPF_RAW_TRACEPOINT_OPEN with name = NULL.
//   fentry/fexit: this kernel refuses trampoline programs at BPF_PROG_LOAD with EPERM before the verifier runs;
//            trampolineRefusal() says so, and what would make it work.
import { ok, err, type Result } from '@bpflc/sim/result';
import { BPF_ATTR_LAYOUTS, bpf, done, kernelConfig, linkCreate, rawTracepointOpen, type KernelError, type KernelSession } from '../kernel/index.ts';
import { fromKernel, type AttachError, type AttachHandle } from './types.ts';

type Partial_ = Omit<AttachHandle, 'session' | 'progFd' | 'attachNs' | 'detached' | 'timedOut'>;

export function attachRawTp(s: KernelSession, progFd: number, name: string): Result<Partial_, AttachError> {
  const fd = rawTracepointOpen(s, name, progFd, { note: `raw tracepoint ${name}` });
  if (!fd.ok) return err(fromKernel(`attaching raw_tp ${name}`, fd.error, 'Raw tracepoint names are the bare event names (sys_enter, sched_switch), see /sys/kernel/tracing/available_events.'));
  return ok({ kind: 'raw_tp', via: 'raw_tracepoint_open', target: name, linkFd: fd.value });
}

export function attachTpBtf(s: KernelSession, progFd: number, name: string, mode: 'link' | 'legacy'): Result<Partial_, AttachError> {
  const label = `tp_btf ${name}`;
  if (mode === 'link') {
    const l = linkCreate(s, { prog_fd: progFd, attach_type: 'BPF_TRACE_RAW_TP' }, { label, note: `${label}: the target is the program's attach_btf_id` });
    if (!l.ok) return err(fromKernel(`attaching ${label} by BPF_LINK_CREATE`, l.error));
    return ok({ kind: 'tp_btf', via: 'link', target: name, linkFd: l.value });
  }
  const layout = BPF_ATTR_LAYOUTS.BPF_RAW_TRACEPOINT_OPEN;
  if (!layout) throw new Error('no BPF_RAW_TRACEPOINT_OPEN layout');
  // name must be NULL: a BTF-attached program's tracepoint was chosen at load.
  const r = done(bpf(s, 'BPF_RAW_TRACEPOINT_OPEN', layout, { prog_fd: progFd }, { note: `${label}: name NULL, the target is attach_btf_id` }));
  if (!r.ok) return err(fromKernel(`attaching ${label} by BPF_RAW_TRACEPOINT_OPEN`, r.error));
  s.track(r.value.ret, { kind: 'raw_tracepoint', label });
  return ok({ kind: 'tp_btf', via: 'raw_tracepoint_open', target: name, linkFd: r.value.ret });
}

const TRAMPOLINE_ATTACH = new Set(['BPF_TRACE_FENTRY', 'BPF_TRACE_FEXIT', 'BPF_MODIFY_RETURN', 'BPF_LSM_MAC', 'BPF_TRACE_FSESSION']);

/** True for the program kinds that need a BPF trampoline (fentry, fexit, fmod_ret, lsm). */
export function isTrampoline(expectedAttachType: string | undefined): boolean {
  return expectedAttachType !== undefined && TRAMPOLINE_ATTACH.has(expectedAttachType);
}

/**
 * The explanation for a trampoline program this kernel refuses. `loadError` is the BPF_PROG_LOAD failure when
 * there was one (EPERM with an empty verifier log means the refusal came before the verifier).
 */
export function trampolineRefusal(what: string, loadError?: KernelError): AttachError {
  const errno = loadError?.kind === 'errno' ? loadError.errno : 1;
  const cfg = ['CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS', 'CONFIG_SECURITY_LOCKDOWN_LSM', 'CONFIG_FUNCTION_TRACER']
    .map((o) => `${o}=${kernelConfig(o) ?? '?'}`)
    .join(', ');
  return {
    kind: 'trampoline-refused',
    errno,
    errnoName: 'EPERM',
    message:
      `${what}: this kernel refuses fentry/fexit/fmod_ret/lsm programs: BPF_PROG_LOAD fails with EPERM before the verifier runs ` +
      `(empty verifier log), although the process has CAP_BPF and CAP_PERFMON. A BPF trampoline patches kernel text through ftrace ` +
      `direct calls; the kernel refuses that when it is locked down (lockdown=confidentiality) or when the hypervisor's kernel forbids ` +
      `text patching (${cfg}). To make it work: boot a kernel without lockdown=confidentiality that allows BPF trampolines ` +
      `(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y), e.g. the project's QEMU guest kernel; here, use the tp_btf or tracepoint variant.`,
    ...(loadError ? { cause: loadError } : {}),
  };
}
