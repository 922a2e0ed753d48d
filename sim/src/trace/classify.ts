// Gives each syscall of a loader's trace its lifecycle stage and marks libbpf's feature probes, from the calls alone
// (no loader cooperation), as a reader of an strace log would:
//   stage by command: BPF_BTF_LOAD → btf_load; BPF_MAP_CREATE/UPDATE_ELEM/FREEZE → map_create; BPF_PROG_LOAD → prog_load;
//   BPF_LINK_CREATE, perf_event_open, ioctl SET_BPF/ENABLE → attach; after the last attach (or load), closes of
//   traced objects and ioctl DISABLE → detach; calls between attach and detach → run; anything else → the stage before.
// Probes (libbpf 1.1 probe_kern_*, bump_rlimit_memlock): objects named "libbpf_*", anonymous programs of a few
// insns and BTF blobs that are closed within a few calls without serving a later real call; calls on probe fds are
// probes too. Left out: probes whose objects stay open, and loaders that name probe objects like real ones.
import type { StageId } from '../lifecycle/stages.ts';
import { buildFdTable, byProcess, type FdObject } from './fd-objects.ts';
import type { ArgValue, SyscallEvent, TraceEvent } from './schema.ts';

export const FEATURE_PROBE_NOTE = 'feature probe';
export const RETRY_NOTE = 'retry with a verifier log';

const BPF_STAGE: Readonly<Record<string, StageId>> = {
  BPF_BTF_LOAD: 'btf_load',
  BPF_MAP_CREATE: 'map_create',
  BPF_MAP_UPDATE_ELEM: 'map_create',
  BPF_MAP_FREEZE: 'map_create',
  BPF_PROG_LOAD: 'prog_load',
  BPF_PROG_BIND_MAP: 'prog_load',
  BPF_OBJ_PIN: 'prog_load',
  BPF_LINK_CREATE: 'attach',
  BPF_RAW_TRACEPOINT_OPEN: 'attach',
  BPF_PROG_ATTACH: 'attach',
  BPF_PROG_DETACH: 'detach',
  BPF_LINK_DETACH: 'detach',
  BPF_PROG_TEST_RUN: 'run',
};
const KIND_STAGE: Readonly<Record<FdObject['kind'], StageId>> = {
  btf: 'btf_load', map: 'map_create', prog: 'prog_load', link: 'attach', perf_event: 'attach', pinned: 'open', iter: 'run',
};
const ATTACH_IOCTLS: ReadonlySet<string> = new Set(['PERF_EVENT_IOC_SET_BPF', 'PERF_EVENT_IOC_ENABLE']);

/** How soon a probe object is closed after it was made (libbpf closes them within a call or two). */
const PROBE_CLOSE_WITHIN = 4;
/** Probe programs are a handful of instructions (libbpf's biggest, the global-data probe, has 5). */
const PROBE_MAX_INSNS = 8;

/** The stage a call names by itself, or null when it depends on its neighbours. */
function ownStage(e: SyscallEvent, created: FdObject | undefined, refKinds: readonly FdObject[]): StageId | null {
  if (e.name === 'perf_event_open') return 'attach';
  if (e.name === 'ioctl') {
    if (e.cmd !== undefined && ATTACH_IOCTLS.has(e.cmd)) return 'attach';
    if (e.cmd === 'PERF_EVENT_IOC_DISABLE') return 'detach';
    return null;
  }
  if (e.name !== 'bpf' || e.cmd === undefined) return null;
  const s = BPF_STAGE[e.cmd];
  if (s !== undefined) return s;
  if (created) return KIND_STAGE[created.kind];
  const first = refKinds[0];
  return first ? KIND_STAGE[first.kind] : null;
}

const isAttachCall = (e: TraceEvent): boolean =>
  e.kind === 'syscall' &&
  (e.name === 'perf_event_open' || (e.name === 'ioctl' && e.cmd !== undefined && ATTACH_IOCTLS.has(e.cmd)) ||
    (e.name === 'bpf' && (e.cmd === 'BPF_LINK_CREATE' || e.cmd === 'BPF_RAW_TRACEPOINT_OPEN' || e.cmd === 'BPF_PROG_ATTACH')) &&
      e.ret >= 0);
const isLoadCall = (e: TraceEvent): boolean =>
  e.kind === 'syscall' && e.name === 'bpf' && e.cmd !== undefined && BPF_STAGE[e.cmd] !== undefined && BPF_STAGE[e.cmd] !== 'attach';

function isFailedLoad(e: TraceEvent): e is SyscallEvent {
  return e.kind === 'syscall' && e.name === 'bpf' && e.cmd === 'BPF_PROG_LOAD' && e.ret < 0 && e.args.log_level === 0;
}

function insnCount(e: SyscallEvent): number {
  return typeof e.args.insn_cnt === 'number' ? e.args.insn_cnt : Number.POSITIVE_INFINITY;
}

function calls(e: SyscallEvent, imm: number): boolean {
  const insns: ArgValue | undefined = e.args.insns;
  return Array.isArray(insns) && insns.some((i: ArgValue) => typeof i === 'object' && i !== null && !Array.isArray(i) &&
    (i as { code?: ArgValue }).code === 'BPF_JMP|BPF_K|BPF_CALL' && (i as { imm?: ArgValue }).imm === imm);
}

/** Which kernel feature a probe object tests, when its shape says so (libbpf 1.1 names and programs). */
function probeHint(o: FdObject, e: SyscallEvent): string {
  if (o.name === 'libbpf_nametest') return 'program names';
  if (o.name === 'libbpf_mmap') return 'mmap-able arrays (BPF_F_MMAPABLE)';
  if (o.name === 'libbpf_global') return 'global data';
  if (o.name === 'libbpf_det_bind') return 'BPF_PROG_BIND_MAP';
  if (o.kind === 'btf') return 'a BTF feature (tiny BTF blob)';
  if (o.kind === 'prog' && calls(e, 160)) return 'memcg accounting (bpf_ktime_get_coarse_ns)'; // BPF_FUNC_ktime_get_coarse_ns = 160
  return '';
}

/** Objects a loader made only to test the kernel: see the file comment. */
function probeObjects(events: readonly TraceEvent[], objects: readonly FdObject[]): Set<FdObject> {
  const probes = new Set<FdObject>();
  for (const o of objects) {
    const e = events[o.createdAt] as SyscallEvent;
    const closedSoon = o.closedAt !== undefined && o.closedAt - o.createdAt <= PROBE_CLOSE_WITHIN;
    if (o.name.startsWith('libbpf_')) probes.add(o);
    else if (o.kind === 'prog' && o.name === '' && insnCount(e) <= PROBE_MAX_INSNS && closedSoon) probes.add(o);
    else if (o.kind === 'btf' && closedSoon && o.usedBy.length === 0) probes.add(o);
  }
  return probes;
}

export interface Classified {
  stages: StageId[];
  /** Note for each event, or undefined: "feature probe: program names". */
  notes: (string | undefined)[];
}

/** Stages and probe notes for every event, by position; step events keep their own stage. */
export function classifyEvents(events: readonly TraceEvent[]): Classified {
  const table = buildFdTable(events);
  const probes = probeObjects(events, table.objects);
  const notes: (string | undefined)[] = events.map(() => undefined);
  const isProbe = events.map(() => false);
  events.forEach((e, i) => {
    if (e.kind !== 'syscall') return;
    const created = table.createdBy.get(i);
    const refs = table.refsAt.get(i) ?? [];
    const probeRef = refs.find((r) => probes.has(r.object));
    if (created && probes.has(created)) {
      isProbe[i] = true;
      const hint = probeHint(created, e);
      notes[i] = hint === '' ? FEATURE_PROBE_NOTE : `${FEATURE_PROBE_NOTE}: ${hint}`;
    } else if (probeRef && refs.every((r) => probes.has(r.object))) {
      isProbe[i] = true;
      notes[i] = FEATURE_PROBE_NOTE;
    }
  });
  // A call strace could not decode (bpf(BPF_PROG_BIND_MAP, 0x7ffd…, 12)) between probe calls belongs to them.
  events.forEach((e, i) => {
    if (isProbe[i] || e.kind !== 'syscall' || e.name !== 'bpf' || typeof e.args.attr !== 'string') return;
    if (isProbe[i - 1] && isProbe[i + 1]) {
      isProbe[i] = true;
      notes[i] = FEATURE_PROBE_NOTE;
    }
  });

  // libbpf (bpf_prog_load) retries a failed load with a log buffer so that the verifier says why.
  events.forEach((e, i) => {
    const next = events[i + 1];
    if (isProbe[i] || !isFailedLoad(e) || next === undefined || next.kind !== 'syscall' || next.cmd !== 'BPF_PROG_LOAD') return;
    const level = next.args.log_level;
    if (typeof level === 'number' && level > 0 && next.args.prog_name === e.args.prog_name && notes[i + 1] === undefined) {
      notes[i + 1] = `${RETRY_NOTE} (log_level ${level})`;
    }
  });

  let lastAttach = -1;
  let lastLoad = -1;
  events.forEach((e, i) => {
    if (isProbe[i]) return;
    if (isAttachCall(e)) lastAttach = i;
    if (isLoadCall(e)) lastLoad = i;
  });
  const tailFrom = (lastAttach >= 0 ? lastAttach : lastLoad) + 1;

  const stages: StageId[] = [];
  let prev: StageId = 'open';
  events.forEach((e, i) => {
    let s: StageId | null;
    if (e.kind === 'step') s = e.stage;
    else {
      const created = table.createdBy.get(i);
      const refs = (table.refsAt.get(i) ?? []).map((r) => r.object);
      const closing = e.name === 'close' ? refs[0] : undefined;
      if (closing && probes.has(closing)) s = stages[closing.createdAt] ?? prev;
      else if (tailFrom > 0 && i >= tailFrom && (closing !== undefined || e.cmd === 'PERF_EVENT_IOC_DISABLE')) s = 'detach';
      else s = ownStage(e, created, refs);
      if (s === null) s = prev !== 'detach' && lastAttach >= 0 && i > lastAttach ? 'run' : prev;
    }
    stages.push(s);
    if (!isProbe[i]) prev = s;
  });
  return { stages, notes };
}

/**
 * The events with stage and note set by classifyEvents (notes already present are kept). With pids (strace -f),
 * each pid's calls are classified on their own: separate processes have separate fd tables and lifecycles. Threads
 * of one process share an fd table, so a multi-threaded loader's trace should be passed without pids.
 */
export function withStages<T extends TraceEvent>(events: readonly T[], pids?: readonly (number | undefined)[]): T[] {
  const out: T[] = [...events];
  for (const idx of byProcess(events.length, pids)) {
    const { stages, notes } = classifyEvents(idx.map((i) => events[i]!));
    idx.forEach((i, k) => {
      const e = events[i]!;
      const note = e.note ?? notes[k];
      out[i] = { ...e, stage: stages[k]!, ...(note !== undefined ? { note } : {}) };
    });
  }
  return out;
}
