// The common tail of every perf-event-based attach (tracepoint, kprobe, uprobe): hand the program to an opened
// perf event fd, by link or legacy ioctl, then enable it.
//   link:   bpf(BPF_LINK_CREATE, attach_type BPF_PERF_EVENT, target_fd = perf fd) → ioctl(PERF_EVENT_IOC_ENABLE)
//   legacy: ioctl(PERF_EVENT_IOC_SET_BPF, prog fd)                                → ioctl(PERF_EVENT_IOC_ENABLE)
// On failure the perf fd (and link) is closed, so nothing is left behind.
import { ok, err, type Result } from '@bpflc/sim/result';
import { close, linkCreate, perfIoctl, type KernelSession } from '../kernel/index.ts';
import { fromKernel, type AttachError } from './types.ts';

export function hookPerfEvent(
  s: KernelSession,
  progFd: number,
  perfFd: number,
  mode: 'link' | 'legacy',
  label: string,
): Result<{ linkFd?: number }, AttachError> {
  let linkFd: number | undefined;
  if (mode === 'link') {
    const l = linkCreate(s, { prog_fd: progFd, target_fd: perfFd, attach_type: 'BPF_PERF_EVENT' }, { label });
    if (!l.ok) {
      close(s, perfFd, 'attach');
      return err(fromKernel(`attaching to ${label} by BPF_LINK_CREATE`, l.error, 'Try mode "legacy" on kernels before 5.15.'));
    }
    linkFd = l.value;
  } else {
    const r = perfIoctl(s, perfFd, 'PERF_EVENT_IOC_SET_BPF', progFd);
    if (!r.ok) {
      close(s, perfFd, 'attach');
      return err(fromKernel(`attaching to ${label} by PERF_EVENT_IOC_SET_BPF`, r.error));
    }
  }
  const on = perfIoctl(s, perfFd, 'PERF_EVENT_IOC_ENABLE', 0);
  if (!on.ok) {
    if (linkFd !== undefined) close(s, linkFd, 'attach');
    close(s, perfFd, 'attach');
    return err(fromKernel(`enabling ${label}`, on.error));
  }
  return ok(linkFd === undefined ? {} : { linkFd });
}
