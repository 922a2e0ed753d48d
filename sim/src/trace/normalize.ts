// Makes two traces of the same load comparable: everything that changes from run to run, or between the sim and the
// kernel, without meaning anything different is replaced by a stable symbol.
//   fds        → the object they name: 4 → "fd<map:minimal_.bss>", 3 → "fd<btf>", 7 → "fd<perf_event:tracepoint>",
//                a link by its prog ("fd<link:handle_tp>"), a second live object of the same name "fd<map:x#2>",
//                fds the trace never saw opened "fd<?>" (0/1/2 "fd<stdin>"…); returned fds too (ret becomes a symbol)
//   pointers   → "<ptr>" (hex strings: user addresses, undecoded attrs); NULL stays NULL
//   ids/tags   → "<id>", "<tag>" (prog_id, map_id, btf_id…, prog tags), tracepoint ids "<tracepoint_id>", pids "<pid>",
//                kprobe/uprobe PMU config1 (a pointer to the function name or path) "<ptr>"
//   times      → durationNs dropped; load_time/run_time_ns → "<time>"
// Content that should match (insns, BTF bytes, names, sizes, flags, errno) is kept. Left out: kern_version (equal
// on one kernel), attach_btf_id (a vmlinux type id both sides should compute alike).
import { buildFdTable, byProcess, fdRefs, type FdObject } from './fd-objects.ts';
import type { ArgValue, Args, StepEvent, SyscallEvent, TraceEvent } from './schema.ts';

/** A syscall after normalization: ret may be the symbol of the fd it returned. */
export type NormalizedSyscall = Omit<SyscallEvent, 'ret' | 'durationNs'> & { ret: number | string };
export type NormalizedEvent = NormalizedSyscall | StepEvent;

export const UNKNOWN_FD_SYMBOL = 'fd<?>';
export const POINTER_SYMBOL = '<ptr>';
const STD_FDS = ['fd<stdin>', 'fd<stdout>', 'fd<stderr>'] as const;

const ID_FIELDS: ReadonlySet<string> = new Set([
  'prog_id', 'map_id', 'link_id', 'btf_id', 'id', 'next_id', 'start_id', 'btf_obj_id', 'target_obj_id', 'map_ids', 'prog_ids',
]);
const TIME_FIELDS: ReadonlySet<string> = new Set(['load_time', 'run_time_ns']);
const TAG_FIELDS: ReadonlySet<string> = new Set(['tag']);
const HEX_POINTER = /^0x[0-9a-f]+$/;

/** "fd<map:minimal_.bss>" without the "#n" of a duplicate. */
const baseSymbol = (o: FdObject): string => `fd<${o.kind}${o.name !== '' ? `:${o.name}` : ''}`;

/**
 * Symbols for every object: the first live object of a name is "fd<map:x>", a second one alive at the same time
 * "fd<map:x#2>", and a symbol is free again once its object is closed (so traces with and without extra probes agree).
 */
export function fdSymbols(objects: readonly FdObject[]): Map<FdObject, string> {
  const out = new Map<FdObject, string>();
  for (const o of objects) {
    const base = baseSymbol(o);
    const taken = new Set(objects.filter((p) => out.has(p) && baseSymbol(p) === base && p.createdAt < o.createdAt &&
      (p.closedAt === undefined || p.closedAt > o.createdAt)).map((p) => out.get(p)));
    let n = 1;
    const symbol = (k: number): string => (k === 1 ? `${base}>` : `${base}#${k}>`);
    while (taken.has(symbol(n))) n++;
    out.set(o, symbol(n));
  }
  return out;
}

function setPath(root: Args, path: readonly (string | number)[], v: ArgValue): Args {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const child = (root as Record<string | number, ArgValue>)[head];
  const next = rest.length === 0 ? v : setPath(child as Args, rest, v);
  if (Array.isArray(root)) {
    const copy = [...(root as ArgValue[])];
    copy[head as number] = next;
    return copy as unknown as Args;
  }
  return { ...root, [head]: next };
}

/** Pointers, ids, tags and times anywhere in a value; `field` is the key the value sits under. */
function scrub(v: ArgValue, field: string, parent: Args | null): ArgValue {
  // strace prints load_time with its date in a comment, so it arrives as a string: "2803437087577 /* 2026-… */".
  if (TIME_FIELDS.has(field) && v !== 0) return '<time>';
  if (typeof v === 'string') return HEX_POINTER.test(v) ? POINTER_SYMBOL : TAG_FIELDS.has(field) ? '<tag>' : v;
  if (typeof v === 'number') {
    if (ID_FIELDS.has(field) && v > 0) return '<id>';
    if (field === 'config' && parent?.type === 'PERF_TYPE_TRACEPOINT') return '<tracepoint_id>';
    // kprobe/uprobe PMUs (a type number from sysfs) take the function name / library path by pointer in config1.
    if (field === 'config1' && typeof parent?.type === 'number') return POINTER_SYMBOL;
    return v;
  }
  if (Array.isArray(v)) return v.map((x: ArgValue) => scrub(x, field, parent));
  if (v !== null && typeof v === 'object') {
    const o = v as Args;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, scrub(x, k, o)]));
  }
  return v;
}

function normalizeOne(e: SyscallEvent, symbolOf: (fd: number, path: readonly (string | number)[]) => string,
  created: string | undefined): NormalizedSyscall {
  let args: Args = e.args;
  for (const ref of fdRefs(e)) args = setPath(args, ref.path, symbolOf(ref.fd, ref.path));
  args = scrub(args, '', null) as Args;
  if (e.name === 'perf_event_open' && typeof args.pid === 'number' && args.pid > 0) args = { ...args, pid: '<pid>' };
  const { durationNs: _d, ret, out, ...rest } = e;
  return {
    ...rest,
    args,
    ...(out !== undefined ? { out: scrub(out, '', null) as Args } : {}),
    ret: created ?? ret,
  };
}

/** Normalizes one process's events (one fd table). */
function normalizeProcess(events: readonly TraceEvent[]): NormalizedEvent[] {
  const table = buildFdTable(events);
  const symbols = fdSymbols(table.objects);
  return events.map((e, i) => {
    if (e.kind === 'step') return e;
    const resolved = table.refsAt.get(i) ?? [];
    const symbolOf = (fd: number, path: readonly (string | number)[]): string => {
      const hit = resolved.find((r) => r.ref.fd === fd && r.ref.path.join('.') === path.join('.'));
      if (hit) return symbols.get(hit.object)!;
      return fd >= 0 && fd <= 2 ? STD_FDS[fd]! : UNKNOWN_FD_SYMBOL;
    };
    const made = table.createdBy.get(i);
    return normalizeOne(e, symbolOf, made ? symbols.get(made) : undefined);
  });
}

export interface NormalizeOptions {
  /** strace -f pids per event: each pid is normalized with its own fd table (see classify.withStages). */
  pids?: readonly (number | undefined)[];
}

/** The events with fds, pointers, ids, tags and times replaced by stable symbols (see the file comment). */
export function normalizeTrace(events: readonly TraceEvent[], opts: NormalizeOptions = {}): NormalizedEvent[] {
  const out: NormalizedEvent[] = new Array<NormalizedEvent>(events.length);
  for (const idx of byProcess(events.length, opts.pids)) {
    const norm = normalizeProcess(idx.map((i) => events[i]!));
    idx.forEach((i, k) => (out[i] = norm[k]!));
  }
  return out;
}
