// Which kernel object each file descriptor in a trace names, as the calls made them: bpf(BPF_MAP_CREATE) = 4 makes
// fd 4 the map it named, close(4) ends that. Shared by classify.ts (probes, stages) and normalize.ts (fd symbols).
// Follows Linux 6.1 semantics: the lowest free fd is reused after close, bpf attr *_fd fields equal to 0 mean "none",
// and ld_imm64 with src_reg BPF_PSEUDO_MAP_FD (1) or BPF_PSEUDO_MAP_VALUE (2) carries a map fd in imm.
// Left out: fds passed between processes, dup(), and objects opened by calls the trace did not record.
import type { ArgValue, Args, SyscallEvent, TraceEvent } from './schema.ts';

export const FD_OBJECT_KINDS = ['btf', 'map', 'prog', 'link', 'perf_event', 'pinned', 'iter'] as const;
export type FdObjectKind = (typeof FD_OBJECT_KINDS)[number];

export interface FdObject {
  kind: FdObjectKind;
  /** The name the call gave it (map_name, prog_name, tracepoint/kprobe, the prog a link holds), '' when none. */
  name: string;
  fd: number;
  /** Index in the event list of the call that returned the fd. */
  createdAt: number;
  /** Index of the close(fd) that ended it, when the trace has one. */
  closedAt?: number;
  /** Indices of later events that pass this fd (not counting the close). */
  usedBy: number[];
}

/** Where an fd sits in an event's args: a path of keys/indices, and the fd number. */
export interface FdRef {
  path: readonly (string | number)[];
  fd: number;
}

/** bpf_attr / perf_event_open fields that hold an fd (0 there means "no fd"). */
const ATTR_FD_FIELDS: ReadonlySet<string> = new Set([
  'map_fd', 'prog_fd', 'btf_fd', 'prog_btf_fd', 'inner_map_fd', 'attach_prog_fd', 'target_fd', 'bpf_fd',
  'attach_bpf_fd', 'replace_bpf_fd', 'group_fd', 'btf_obj_fd', 'link_fd', 'old_prog_fd', 'new_prog_fd',
]);
/** Positional fd arguments of close(fd) and ioctl(fd, …), where 0 is a real fd (stdin). */
const POSITIONAL_FD: ReadonlySet<string> = new Set(['close', 'ioctl']);

const BPF_CREATES: Readonly<Record<string, FdObjectKind>> = {
  BPF_MAP_CREATE: 'map',
  BPF_PROG_LOAD: 'prog',
  BPF_BTF_LOAD: 'btf',
  BPF_LINK_CREATE: 'link',
  BPF_RAW_TRACEPOINT_OPEN: 'link',
  BPF_OBJ_GET: 'pinned',
  BPF_PROG_GET_FD_BY_ID: 'prog',
  BPF_MAP_GET_FD_BY_ID: 'map',
  BPF_BTF_GET_FD_BY_ID: 'btf',
  BPF_LINK_GET_FD_BY_ID: 'link',
  BPF_ITER_CREATE: 'iter',
};

const str = (v: ArgValue | undefined): string => (typeof v === 'string' ? v : '');
const obj = (v: ArgValue | undefined): Args | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Args) : null;

/** perf_event_attr.type as a short word: "tracepoint", "kprobe"-like PMUs stay a number ("pmu6"). */
function perfKind(attr: Args | null): string {
  const t = attr?.type;
  if (typeof t === 'string') return t.replace(/^PERF_TYPE_/, '').toLowerCase();
  return typeof t === 'number' ? `pmu${t}` : '';
}

/** The object a successful call creates, before we know which prog a link holds. */
export function createdKind(e: SyscallEvent): FdObjectKind | null {
  if (e.ret < 0) return null;
  if (e.name === 'perf_event_open') return 'perf_event';
  if (e.name === 'bpf' && e.cmd !== undefined) return BPF_CREATES[e.cmd] ?? null;
  return null;
}

/** Every fd an event passes (attr fields, positional fds, map fds inside ld_imm64, the prog of SET_BPF). */
export function fdRefs(e: SyscallEvent): FdRef[] {
  const refs: FdRef[] = [];
  if (POSITIONAL_FD.has(e.name) && typeof e.args.fd === 'number' && e.args.fd >= 0) refs.push({ path: ['fd'], fd: e.args.fd });
  if (e.name === 'ioctl' && e.cmd === 'PERF_EVENT_IOC_SET_BPF' && typeof e.args.arg === 'number') {
    refs.push({ path: ['arg'], fd: e.args.arg });
  }
  const walk = (v: ArgValue, path: (string | number)[]): void => {
    if (Array.isArray(v)) {
      v.forEach((item: ArgValue, i: number) => walk(item, [...path, i]));
      return;
    }
    const o = obj(v);
    if (o === null) return;
    if (o.code === 'BPF_LD|BPF_DW|BPF_IMM' && (o.src_reg === 'BPF_REG_1' || o.src_reg === 'BPF_REG_2') && typeof o.imm === 'number') {
      refs.push({ path: [...path, 'imm'], fd: o.imm });
    }
    for (const [k, child] of Object.entries(o)) {
      if (ATTR_FD_FIELDS.has(k) && typeof child === 'number' && child > 0) refs.push({ path: [...path, k], fd: child });
      else walk(child, [...path, k]);
    }
  };
  walk(e.args, []);
  return refs;
}

/** Name of the object a creating call made, given the objects live at that point (a link is named by its prog). */
function createdName(e: SyscallEvent, kind: FdObjectKind, live: ReadonlyMap<number, FdObject>): string {
  const a = e.args;
  switch (kind) {
    case 'map':
      return str(a.map_name);
    case 'prog':
      return str(a.prog_name);
    case 'link': {
      const lc = obj(a.link_create);
      const progFd = lc?.prog_fd ?? obj(a.raw_tracepoint)?.prog_fd;
      return typeof progFd === 'number' ? live.get(progFd)?.name ?? '' : '';
    }
    case 'perf_event':
      return perfKind(obj(a.attr));
    case 'pinned':
      return str(a.pathname);
    default:
      return '';
  }
}

export interface FdTable {
  /** Every object, in creation order. */
  objects: FdObject[];
  /** For each event index: the object it created, if any. */
  createdBy: ReadonlyMap<number, FdObject>;
  /** For each event index: the objects its fd arguments named at that moment (unknown fds are left out). */
  refsAt: ReadonlyMap<number, readonly { ref: FdRef; object: FdObject }[]>;
}

/** Walks the events in order and resolves every fd to the object it named at that point. */
export function buildFdTable(events: readonly TraceEvent[]): FdTable {
  const live = new Map<number, FdObject>();
  const objects: FdObject[] = [];
  const createdBy = new Map<number, FdObject>();
  const refsAt = new Map<number, { ref: FdRef; object: FdObject }[]>();
  events.forEach((e, i) => {
    if (e.kind !== 'syscall') return;
    const resolved = fdRefs(e).flatMap((ref) => {
      const object = live.get(ref.fd);
      return object ? [{ ref, object }] : [];
    });
    if (resolved.length > 0) refsAt.set(i, resolved);
    for (const { object } of resolved) if (e.name !== 'close') object.usedBy.push(i);
    if (e.name === 'close' && typeof e.args.fd === 'number') {
      const o = live.get(e.args.fd);
      if (o && e.ret === 0) {
        o.closedAt = i;
        live.delete(e.args.fd);
      }
    }
    const kind = createdKind(e);
    if (kind !== null) {
      const o: FdObject = { kind, name: createdName(e, kind, live), fd: e.ret, createdAt: i, usedBy: [] };
      live.set(e.ret, o);
      objects.push(o);
      createdBy.set(i, o);
    }
  });
  return { objects, createdBy, refsAt };
}

/**
 * Event indices grouped by process (strace -f pid per event; no pids: one group). fd numbers mean something only
 * within one process, so fd tables, stages and symbols are worked out per group.
 */
export function byProcess(count: number, pids?: readonly (number | undefined)[]): number[][] {
  const groups = new Map<number | undefined, number[]>();
  for (let i = 0; i < count; i++) {
    const pid = pids?.[i];
    const g = groups.get(pid);
    if (g) g.push(i);
    else groups.set(pid, [i]);
  }
  return [...groups.values()];
}
