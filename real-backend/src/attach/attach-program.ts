// attachProgram: one loaded program fd + its spec → an AttachHandle (or an AttachError value), dispatching on
// what the section name said (spec.attach) and the program type. Every handle carries a time limit: after N
// seconds (default 60) it detaches itself, so a forgotten program does not stay in the kernel.
import { ok, err, type Result } from '@bpflc/sim/result';
import { attachTracepointLegacy, attachTracepointLink, close, perfIoctl, type KernelSession } from '../kernel/index.ts';
import { attachKprobe, attachUprobe, removeTracefsProbe } from './probes.ts';
import { attachRawTp, attachTpBtf, isTrampoline, trampolineRefusal } from './tracing.ts';
import { DEFAULT_TIME_LIMIT_SEC, fromKernel, type AttachError, type AttachHandle, type AttachOptions, type AttachSpec } from './types.ts';

type Partial_ = Omit<AttachHandle, 'session' | 'progFd' | 'attachNs' | 'detached' | 'timedOut'>;

function dispatch(s: KernelSession, progFd: number, spec: AttachSpec, mode: 'link' | 'legacy'): Result<Partial_, AttachError> {
  const t = spec.attach;
  const what = `${spec.name} (${spec.progType ?? 'unknown type'})`;
  if (isTrampoline(spec.expectedAttachType ?? undefined)) return err(trampolineRefusal(`attaching ${what}`));
  switch (t.kind) {
    case 'tracepoint': {
      const r = mode === 'link' ? attachTracepointLink(s, progFd, t.category, t.name) : attachTracepointLegacy(s, progFd, t.category, t.name);
      if (!r.ok) return err(fromKernel(`attaching ${what} to tracepoint ${t.category}:${t.name}`, r.error));
      return ok({ kind: 'tracepoint', via: mode, target: `${t.category}:${t.name}`, perfFd: r.value.perfFd, ...(r.value.linkFd !== undefined ? { linkFd: r.value.linkFd } : {}) });
    }
    case 'raw-tracepoint':
      return attachRawTp(s, progFd, t.name);
    case 'btf':
      if (spec.expectedAttachType === 'BPF_TRACE_RAW_TP') return attachTpBtf(s, progFd, t.name, mode);
      return err({ kind: 'later', message: `${what} attaches by BTF to ${t.btfName} (${spec.expectedAttachType ?? '?'}): not built yet; tp_btf is` });
    case 'kprobe':
      return attachKprobe(s, progFd, t, mode);
    case 'ksyscall':
      return attachKprobe(s, progFd, { function: `__x64_sys_${t.syscall}`, offset: 0, retprobe: t.retprobe }, mode);
    case 'kprobe-multi':
      return attachKprobe(s, progFd, { function: t.pattern, offset: 0, retprobe: t.retprobe }, mode);
    case 'uprobe':
      return attachUprobe(s, progFd, t, mode);
    case 'usdt':
      return err({ kind: 'later', message: `${what}: USDT probes (${t.provider}:${t.name} in ${t.path}) need the .note.stapsdt reader: later` });
    case 'manual':
      return err({ kind: 'later', message: `${what} is ${t.reason}: attaching to an interface, socket or cgroup comes later` });
    case 'invalid':
      return err({ kind: 'invalid-target', message: `${what}: ${t.reason}` });
  }
}

/** Attach a loaded program where its spec says. mode 'link' (default) or 'legacy' for tracepoints, kprobes, uprobes, tp_btf. */
export function attachProgram(s: KernelSession, progFd: number, spec: AttachSpec, opts: AttachOptions = {}): Result<AttachHandle, AttachError> {
  const mode = opts.mode ?? 'link';
  const t0 = process.hrtime.bigint();
  const r = s.inStage('attach', () => dispatch(s, progFd, spec, mode));
  const attachNs = Number(process.hrtime.bigint() - t0);
  if (!r.ok) return r;
  const h: AttachHandle = { ...r.value, session: s, progFd, attachNs, detached: false, timedOut: false };
  const limit = opts.timeLimitSec ?? DEFAULT_TIME_LIMIT_SEC;
  if (limit > 0) {
    h.timer = setTimeout(() => {
      h.timedOut = true;
      s.step('time-limit', `${h.target}: detached after the ${limit} s time limit`, 'detach');
      detach(h);
      opts.onTimeout?.(h);
    }, limit * 1000);
    h.timer.unref();
  }
  s.step('attached', `${spec.name} attached to ${h.target} (${h.via}) in ${(attachNs / 1e3).toFixed(0)} µs`, 'attach', { via: h.via, target: h.target });
  return ok(h);
}

/** Detach: disable the perf event, close the link and the perf fd, remove a tracefs probe it created. Idempotent. */
export function detach(h: AttachHandle): void {
  if (h.detached) return;
  h.detached = true;
  if (h.timer) clearTimeout(h.timer);
  const s = h.session;
  s.inStage('detach', () => {
    if (h.perfFd !== undefined) perfIoctl(s, h.perfFd, 'PERF_EVENT_IOC_DISABLE', 0);
    if (h.linkFd !== undefined) close(s, h.linkFd);
    if (h.perfFd !== undefined) close(s, h.perfFd);
  });
  if (h.tracefsProbe) removeTracefsProbe(h.tracefsProbe);
}
