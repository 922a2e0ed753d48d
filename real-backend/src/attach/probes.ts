// kprobe/kretprobe and uprobe/uretprobe attach. Both prefer their PMU (perf_event_open with the PMU's dynamic
// type from /sys/bus/event_source/devices/<pmu>/type; config bit "retprobe" from .../format/retprobe, e.g.
// "config:0"), with config1 = pointer to the symbol or path and config2 = offset. Without the kprobe PMU the legacy
// path writes "p:<group>/<event> <func>+<off>" into tracefs kprobe_events and opens the new tracepoint; on a kernel
// with neither (built without CONFIG_KPROBES, like this project's 6.18) the result is a specific error value.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, err, type Result } from '@bpflc/sim/result';
import { kprobePmuType, perfEventOpen, tracefsRoot, tracepointId, type KernelSession } from '../kernel/index.ts';
import { symbolFileOffset } from './elf-symbols.ts';
import { hookPerfEvent } from './perf-hook.ts';
import { fromKernel, type AttachError, type AttachHandle } from './types.ts';

type Partial_ = Omit<AttachHandle, 'session' | 'progFd' | 'attachNs' | 'detached' | 'timedOut'>;

const PMU_DIR = '/sys/bus/event_source/devices';

/** The config bit that makes a probe a return probe ("config:0" → 1n << 0n). */
function retprobeBit(pmu: 'kprobe' | 'uprobe'): bigint {
  try {
    const m = /config:(\d+)/.exec(readFileSync(join(PMU_DIR, pmu, 'format', 'retprobe'), 'utf8'));
    return 1n << BigInt(m?.[1] ?? '0');
  } catch {
    return 1n;
  }
}

function readPmuType(pmu: 'uprobe'): number | undefined {
  try {
    const n = Number.parseInt(readFileSync(join(PMU_DIR, pmu, 'type'), 'utf8'), 10);
    return Number.isNaN(n) ? undefined : n;
  } catch {
    return undefined;
  }
}

/** A hint for the tracepoint that stands in for a kprobe on a syscall function. */
function tracepointHint(fn: string): string {
  const m = /^(?:__x64_sys_|__se_sys_|__do_sys_|ksys_|do_sys_|sys_)(\w+)$/.exec(fn);
  return m ? ` here: SEC("tp/syscalls/sys_enter_${m[1]}") (or sys_exit_${m[1]} for a kretprobe)` : ' (see /sys/kernel/tracing/available_events), or a raw_tp/tp_btf program';
}

export function attachKprobe(
  s: KernelSession,
  progFd: number,
  t: { function: string; offset: number; retprobe: boolean },
  mode: 'link' | 'legacy',
): Result<Partial_, AttachError> {
  const label = `${t.retprobe ? 'kretprobe' : 'kprobe'} ${t.function}${t.offset ? `+${t.offset}` : ''}`;
  const pmu = kprobePmuType();
  if (pmu.ok) {
    const fd = perfEventOpen(s, {
      attr: { type: pmu.value, config: t.retprobe ? retprobeBit('kprobe') : 0n, kprobe_func: t.function, probe_offset: BigInt(t.offset) },
      pid: -1,
      cpu: 0,
      label,
      note: `${label} through the kprobe PMU (type ${pmu.value})`,
    });
    if (!fd.ok) return err(fromKernel(`opening ${label}`, fd.error, 'Is the function in /proc/kallsyms and not inlined or notrace?'));
    const h = hookPerfEvent(s, progFd, fd.value, mode, label);
    return h.ok ? ok({ kind: 'kprobe', via: mode, target: label, perfFd: fd.value, ...h.value }) : h;
  }
  if (pmu.error.kind === 'unavailable' && pmu.error.feature === 'kprobe_pmu') {
    // Legacy: a named dynamic event in tracefs, then a plain tracepoint perf event on it.
    const root = tracefsRoot(s);
    if (!root.ok) return err(fromKernel(label, root.error));
    const eventsFile = join(root.value, 'kprobe_events');
    const group = 'bpflc';
    const event = `${t.retprobe ? 'r' : 'p'}_${t.function.replace(/\W/g, '_')}_${process.pid}`;
    try {
      appendFileSync(eventsFile, `${t.retprobe ? 'r' : 'p'}:${group}/${event} ${t.function}${t.offset ? `+${t.offset}` : ''}\n`);
    } catch (e) {
      return err({ kind: 'unavailable', message: `writing ${eventsFile} failed (${(e as Error).message}): the function may not exist or be unprobeable` });
    }
    const probe = { eventsFile, group, event };
    const id = tracepointId(group, event, s);
    const fd = id.ok ? perfEventOpen(s, { attr: { type: 'PERF_TYPE_TRACEPOINT', config: BigInt(id.value), sample_period: 1n }, pid: -1, cpu: 0, label }) : id;
    if (!fd.ok) {
      removeTracefsProbe(probe);
      return err(fromKernel(`opening ${label} (legacy kprobe_events)`, fd.error));
    }
    const h = hookPerfEvent(s, progFd, fd.value, mode, label);
    if (!h.ok) removeTracefsProbe(probe);
    return h.ok ? ok({ kind: 'kprobe', via: mode, target: label, perfFd: fd.value, tracefsProbe: probe, ...h.value }) : h;
  }
  return err({
    kind: 'unavailable',
    message:
      `cannot attach ${label}: this kernel was built without kprobes (CONFIG_KPROBES is not set): there is no kprobe PMU ` +
      `(${PMU_DIR}/kprobe) and no tracefs kprobe_events. Use the tracepoint variant instead${tracepointHint(t.function)}; ` +
      'or run on a kernel with CONFIG_KPROBES=y (the QEMU guest kernel).',
  });
}

export function removeTracefsProbe(p: { eventsFile: string; group: string; event: string }): void {
  try {
    appendFileSync(p.eventsFile, `-:${p.group}/${p.event}\n`);
  } catch {
    // Already gone (or tracefs unmounted): nothing left to remove.
  }
}

export function attachUprobe(
  s: KernelSession,
  progFd: number,
  t: { path: string; function: string; offset: number; retprobe: boolean },
  mode: 'link' | 'legacy',
): Result<Partial_, AttachError> {
  const type = readPmuType('uprobe');
  if (type === undefined) {
    return err({ kind: 'unavailable', message: `no uprobe PMU (${PMU_DIR}/uprobe/type is missing): this kernel lacks CONFIG_UPROBE_EVENTS; use a tracepoint` });
  }
  if (!existsSync(t.path)) return err({ kind: 'invalid-target', message: `uprobe target ${t.path} does not exist: give an absolute path to a binary or library` });
  let off = t.offset;
  if (t.function !== '') {
    const base = symbolFileOffset(t.path, t.function);
    if (!base.ok) return base;
    off += base.value;
  }
  const label = `${t.retprobe ? 'uretprobe' : 'uprobe'} ${t.path}:0x${off.toString(16)}`;
  const fd = perfEventOpen(s, {
    attr: { type, config: t.retprobe ? retprobeBit('uprobe') : 0n, uprobe_path: t.path, probe_offset: BigInt(off) },
    pid: -1,
    cpu: 0,
    label,
    note: `${label} through the uprobe PMU (type ${type})`,
  });
  if (!fd.ok) return err(fromKernel(`opening ${label}`, fd.error));
  const h = hookPerfEvent(s, progFd, fd.value, mode, label);
  return h.ok ? ok({ kind: 'uprobe', via: mode, target: label, perfFd: fd.value, ...h.value }) : h;
}
