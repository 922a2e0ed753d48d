// The pseudo filesystems the attach path needs, mounted once and only when missing: tracefs (tracepoint ids,
// kprobe_events), bpffs (pins; the agent pins nothing by default) and debugfs (old kernels' tracing/ location).
// /proc/mounts is read first, so calling ensureMounted again is a no-op. mount(2) goes through the door.
import { readFileSync } from 'node:fs';
import { ok, err, type Result } from '@bpflc/sim/result';
import { hasCap } from './caps.ts';
import { errnoName, explainErrno, type KernelError } from './errors.ts';
import type { KernelSession } from './session.ts';
import { syscall } from './syscall.ts';

export const PSEUDO_FS = {
  tracefs: { fstype: 'tracefs', target: '/sys/kernel/tracing' },
  bpffs: { fstype: 'bpf', target: '/sys/fs/bpf' },
  debugfs: { fstype: 'debugfs', target: '/sys/kernel/debug' },
} as const;
export type PseudoFs = keyof typeof PSEUDO_FS;

export interface MountEntry {
  source: string;
  target: string;
  fstype: string;
}

/** /proc/mounts as entries; e.g. "tracefs /sys/kernel/tracing tracefs rw,nosuid,nodev,noexec,relatime 0 0". */
export function readMounts(text: string = readFileSync('/proc/mounts', 'utf8')): MountEntry[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      // Spaces inside paths are written as \040.
      const [source = '', target = '', fstype = ''] = l.split(' ').map((f) => f.replace(/\\040/g, ' '));
      return { source, target, fstype };
    });
}

/** Where a filesystem of this type is mounted (its usual place first), if anywhere. */
export function findMount(which: PseudoFs, mounts: MountEntry[] = readMounts()): string | undefined {
  const { fstype, target } = PSEUDO_FS[which];
  const all = mounts.filter((m) => m.fstype === fstype).map((m) => m.target);
  return all.includes(target) ? target : all[0];
}

export interface Mounted {
  path: string;
  /** True when this call mounted it. */
  mountedNow: boolean;
}

/** Mount `which` at its usual place unless it is mounted already (anywhere). Needs CAP_SYS_ADMIN. */
export function ensureMounted(which: PseudoFs, s?: KernelSession): Result<Mounted, KernelError> {
  const found = findMount(which);
  if (found) return ok({ path: found, mountedNow: false });
  const { fstype, target } = PSEUDO_FS[which];
  if (!hasCap('CAP_SYS_ADMIN')) {
    return err({
      kind: 'privilege',
      message: `${fstype} is not mounted and mounting it at ${target} needs root (CAP_SYS_ADMIN); as root run: mount -t ${fstype} ${fstype} ${target}`,
    });
  }
  const cstr = (x: string) => Buffer.from(`${x}\0`);
  const r = syscall('mount', cstr(fstype), cstr(target), cstr(fstype), 0, null);
  s?.recordSyscall(
    {
      name: 'mount',
      args: { source: fstype, target, filesystemtype: fstype, mountflags: 0, data: 'NULL' },
      ret: r.ret,
      ...(r.ret < 0 ? { errno: errnoName(r.errno) } : {}),
      durationNs: r.durationNs,
      note: `${which} was not mounted`,
    },
    'attach',
  );
  if (r.ret < 0) {
    return err({ kind: 'unavailable', feature: which, message: `mounting ${fstype} at ${target}: ${explainErrno(r.errno, { name: 'mount' })}` });
  }
  return ok({ path: target, mountedNow: true });
}
