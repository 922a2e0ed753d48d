// Attaching a BPF_PROG_TYPE_TRACEPOINT program, both ways a loader does it:
//   link:   perf_event_open(PERF_TYPE_TRACEPOINT, config=id) → bpf(BPF_LINK_CREATE, attach_type=BPF_PERF_EVENT)
//           → ioctl(PERF_EVENT_IOC_ENABLE)          (libbpf 1.x on kernels with perf links, 5.15+)
//   legacy: perf_event_open → ioctl(PERF_EVENT_IOC_SET_BPF, prog_fd) → ioctl(PERF_EVENT_IOC_ENABLE)   (BCC, old libbpf)
// On failure the fds opened so far are closed, so a failed attach leaves nothing behind.
import { ok, type Result } from '@bpflc/sim/result';
import { linkCreate } from './bpf-link.ts';
import type { KernelError } from './errors.ts';
import { close } from './fd.ts';
import { perfEventOpen, perfIoctl } from './perf.ts';
import type { KernelSession } from './session.ts';
import { tracepointId } from './tracefs.ts';

export interface TracepointAttach {
  tracepointId: number;
  perfFd: number;
  /** Present on the link path; closing it (then the perf fd) detaches. */
  linkFd?: number;
}

function openTracepointEvent(s: KernelSession, category: string, name: string): Result<{ id: number; perfFd: number }, KernelError> {
  const id = tracepointId(category, name, s);
  if (!id.ok) return id;
  const perfFd = perfEventOpen(s, {
    // sample_period 1 and PERF_SAMPLE_RAW as libbpf asks; the program runs on every hit, on every cpu.
    attr: { type: 'PERF_TYPE_TRACEPOINT', config: id.value, sample_period: 1, sample_type: ['PERF_SAMPLE_RAW'], wakeup_events: 1 },
    pid: -1,
    cpu: 0,
    label: `${category}:${name}`,
    note: `tracepoint ${category}:${name} (id ${id.value} from tracefs)`,
  });
  return perfFd.ok ? ok({ id: id.value, perfFd: perfFd.value }) : perfFd;
}

export function attachTracepointLink(s: KernelSession, progFd: number, category: string, name: string, cookie = 0n): Result<TracepointAttach, KernelError> {
  const ev = openTracepointEvent(s, category, name);
  if (!ev.ok) return ev;
  const { id, perfFd } = ev.value;
  const link = linkCreate(s, { prog_fd: progFd, target_fd: perfFd, attach_type: 'BPF_PERF_EVENT', 'perf_event.bpf_cookie': cookie }, { label: `${category}:${name}` });
  if (!link.ok) {
    close(s, perfFd, 'attach');
    return link;
  }
  const on = perfIoctl(s, perfFd, 'PERF_EVENT_IOC_ENABLE', 0);
  if (!on.ok) {
    close(s, link.value, 'attach');
    close(s, perfFd, 'attach');
    return on;
  }
  return ok({ tracepointId: id, perfFd, linkFd: link.value });
}

export function attachTracepointLegacy(s: KernelSession, progFd: number, category: string, name: string): Result<TracepointAttach, KernelError> {
  const ev = openTracepointEvent(s, category, name);
  if (!ev.ok) return ev;
  const { id, perfFd } = ev.value;
  for (const [req, arg] of [
    ['PERF_EVENT_IOC_SET_BPF', progFd],
    ['PERF_EVENT_IOC_ENABLE', 0],
  ] as const) {
    const r = perfIoctl(s, perfFd, req, arg);
    if (!r.ok) {
      close(s, perfFd, 'attach');
      return r;
    }
  }
  return ok({ tracepointId: id, perfFd });
}

/** Detach: disable the event, then close the link (if any) and the event. */
export function detachTracepoint(s: KernelSession, a: TracepointAttach): void {
  perfIoctl(s, a.perfFd, 'PERF_EVENT_IOC_DISABLE', 0);
  if (a.linkFd !== undefined) close(s, a.linkFd);
  close(s, a.perfFd);
}
