// What the attach path reads from tracefs and sysfs: a tracepoint's id (events/<category>/<name>/id, the
// perf_event_attr.config of a PERF_TYPE_TRACEPOINT event) and the kprobe PMU's dynamic type
// (/sys/bus/event_source/devices/kprobe/type, kernel 4.17+), with the legacy kprobe_events file as the fallback.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, err, type Result } from '@bpflc/sim/result';
import type { KernelError } from './errors.ts';
import { ensureMounted, findMount } from './mounts.ts';
import type { KernelSession } from './session.ts';

export const KPROBE_PMU_TYPE_PATH = '/sys/bus/event_source/devices/kprobe/type';

/** The tracefs root: /sys/kernel/tracing (mounted if needed), or tracing/ inside an existing debugfs mount. */
export function tracefsRoot(s?: KernelSession): Result<string, KernelError> {
  const mounted = ensureMounted('tracefs', s);
  if (mounted.ok) return ok(mounted.value.path);
  const debugfs = findMount('debugfs');
  if (debugfs && existsSync(join(debugfs, 'tracing', 'events'))) return ok(join(debugfs, 'tracing'));
  return mounted;
}

function readInt(path: string): Result<number, KernelError> {
  try {
    const n = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    if (Number.isNaN(n)) return err({ kind: 'io', path, message: `${path} does not hold a number` });
    return ok(n);
  } catch (e) {
    return err({ kind: 'io', path, message: `cannot read ${path}: ${(e as Error).message}` });
  }
}

/** The id of tracepoint category:name, e.g. ("syscalls", "sys_enter_getpid"). */
export function tracepointId(category: string, name: string, s?: KernelSession): Result<number, KernelError> {
  if (!/^[\w.-]+$/.test(category) || !/^[\w.-]+$/.test(name)) {
    return err({ kind: 'unavailable', feature: 'tracepoint', message: `"${category}:${name}" is not a tracepoint name` });
  }
  const root = tracefsRoot(s);
  if (!root.ok) return root;
  const path = join(root.value, 'events', category, name, 'id');
  if (!existsSync(path)) {
    const why = existsSync(join(root.value, 'events', category))
      ? `no tracepoint ${name} in category ${category}`
      : `no tracepoint category ${category} (for syscalls: CONFIG_FTRACE_SYSCALLS)`;
    return err({ kind: 'unavailable', feature: 'tracepoint', message: `${why}: ${path} does not exist; see ${join(root.value, 'available_events')}` });
  }
  return readInt(path);
}

/**
 * The kprobe PMU's perf type. Its absence is explained: a kernel without CONFIG_KPROBES has neither the PMU nor
 * tracefs kprobe_events; a pre-4.17 kernel has only kprobe_events (the legacy path).
 */
export function kprobePmuType(): Result<number, KernelError> {
  if (existsSync(KPROBE_PMU_TYPE_PATH)) return readInt(KPROBE_PMU_TYPE_PATH);
  const tracefs = findMount('tracefs');
  const debugfs = findMount('debugfs');
  const candidates = [tracefs && join(tracefs, 'kprobe_events'), debugfs && join(debugfs, 'tracing', 'kprobe_events')].filter(
    (p): p is string => typeof p === 'string',
  );
  const legacy = candidates.find((p) => existsSync(p));
  if (legacy) {
    return err({
      kind: 'unavailable',
      feature: 'kprobe_pmu',
      message: `this kernel has no kprobe PMU (${KPROBE_PMU_TYPE_PATH} is missing, added in 4.17) but has ${legacy}: use the legacy tracefs kprobe_events path`,
    });
  }
  return err({
    kind: 'unavailable',
    feature: 'kprobe',
    message:
      'this kernel was built without kprobes (CONFIG_KPROBES): no /sys/bus/event_source/devices/kprobe and no kprobe_events in tracefs; use the tracepoint variant',
  });
}
