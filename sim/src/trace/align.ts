// Pairs the events of two normalized traces (real vs sim, agent vs reference, run 1 vs run 2) and labels every
// difference, the way `diff` pairs lines: a longest common subsequence over each event's identity
//   (name, cmd, key args: map_type+map_name, prog_type+prog_name, the fd symbol a call acts on, perf type)
// then, inside each unmatched stretch, a second LCS over (name, cmd) alone so that "the same call with other
// arguments" shows as `changed` (with every differing field, both values) rather than as a removal plus an addition.
// What is left is `only-in-a` / `only-in-b`, with a hint why (a feature probe, a pin, an fd the trace never saw
// opened…). Strings strace truncated ("abc…") equal any string they are a prefix of.
import { FEATURE_PROBE_NOTE, RETRY_NOTE } from './classify.ts';
import { normalizeTrace, UNKNOWN_FD_SYMBOL, type NormalizedEvent, type NormalizeOptions } from './normalize.ts';
import type { ArgValue, Args, TraceEvent } from './schema.ts';
import { TRUNCATED } from './strace-string.ts';

export interface ArgDiff {
  /** e.g. "args.map_name", "args.insns[3].imm", "ret", "errno". */
  path: string;
  a?: ArgValue;
  b?: ArgValue;
}

export type AlignRow =
  | { kind: 'same'; ai: number; bi: number }
  | { kind: 'changed'; ai: number; bi: number; diffs: ArgDiff[] }
  | { kind: 'only-in-a'; ai: number; reason?: string }
  | { kind: 'only-in-b'; bi: number; reason?: string };

export interface Alignment {
  rows: AlignRow[];
  counts: { same: number; changed: number; onlyA: number; onlyB: number };
}

export interface AlignOptions {
  /** Paths to leave out of the comparison, by prefix: ["args.kern_version", "size"]. */
  ignore?: readonly string[];
}

const obj = (v: ArgValue | undefined): Args | null =>
  v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as Args) : null;
const text = (v: ArgValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

const probeMark = (e: NormalizedEvent): string => (e.note?.startsWith(FEATURE_PROBE_NOTE) === true ? '|probe' : '');

/** The identity of an event for the first LCS pass (a feature probe never pairs with a real call). */
export function eventKey(e: NormalizedEvent): string {
  if (e.kind === 'step') return `step|${e.name}`;
  const a = e.args;
  const base = `${e.name}|${e.cmd ?? ''}${probeMark(e)}`;
  switch (e.cmd) {
    case 'BPF_MAP_CREATE':
      return `${base}|${text(a.map_type)}|${text(a.map_name)}`;
    case 'BPF_PROG_LOAD':
      // Anonymous programs are libbpf's probes: their instructions tell one probe from another.
      return `${base}|${text(a.prog_type)}|${text(a.prog_name)}${a.prog_name === '' || a.prog_name === undefined ? `|${text(a.insns)}` : ''}`;
    case 'BPF_LINK_CREATE': {
      const lc = obj(a.link_create);
      return `${base}|${text(lc?.prog_fd)}|${text(lc?.attach_type)}`;
    }
    case 'BPF_OBJ_PIN':
      return `${base}|${text(a.bpf_fd)}`;
    default:
      break;
  }
  if (e.name === 'perf_event_open') return `${base}|${text(obj(a.attr)?.type)}`;
  const fd = a.map_fd ?? a.prog_fd ?? a.fd;
  return fd !== undefined ? `${base}|${text(fd)}` : base;
}

/** Second-pass identity: the call alone, but a feature probe only pairs with a probe (a probe is no real load). */
const looseKey = (e: NormalizedEvent): string => (e.kind === 'step' ? `step|${e.name}` : `${e.name}|${e.cmd ?? ''}${probeMark(e)}`);

/**
 * Index pairs of a longest common subsequence of xs and ys under key equality: the equal head and tail are paired
 * directly, the middle with the classic O(n·m) table (traces are hundreds of calls, not millions).
 */
function lcs<T>(xs: readonly T[], ys: readonly T[], key: (t: T) => string): [number, number][] {
  const kx = xs.map(key);
  const ky = ys.map(key);
  let head = 0;
  while (head < kx.length && head < ky.length && kx[head] === ky[head]) head++;
  let tail = 0;
  while (tail < kx.length - head && tail < ky.length - head && kx[kx.length - 1 - tail] === ky[ky.length - 1 - tail]) tail++;
  const n = kx.length - head - tail;
  const m = ky.length - head - tail;
  const at = (i: number, j: number): number => i * (m + 1) + j;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = kx[head + i] === ky[head + j] ? table[at(i + 1, j + 1)]! + 1 : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (kx[head + i] === ky[head + j]) pairs.push([head + i++, head + j++]);
    else if (table[at(i + 1, j)]! >= table[at(i, j + 1)]!) i++;
    else j++;
  }
  for (let k = tail; k > 0; k--) pairs.push([kx.length - k, ky.length - k]);
  return pairs;
}

/** Equal values; a string strace truncated ("abc…") equals any string it is a prefix of. */
function sameString(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.endsWith(TRUNCATED) && b.startsWith(a.slice(0, -1))) return true;
  return b.endsWith(TRUNCATED) && a.startsWith(b.slice(0, -1));
}

function diffValues(a: ArgValue | undefined, b: ArgValue | undefined, path: string, ignore: readonly string[], out: ArgDiff[]): void {
  if (ignore.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))) return;
  if (typeof a === 'string' && typeof b === 'string') {
    if (!sameString(a, b)) out.push({ path, a, b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], `${path}[${i}]`, ignore, out);
    return;
  }
  const oa = obj(a);
  const ob = obj(b);
  if (oa && ob) {
    const keys = [...new Set([...Object.keys(oa), ...Object.keys(ob)])];
    for (const k of keys) diffValues(oa[k], ob[k], path === '' ? k : `${path}.${k}`, ignore, out);
    return;
  }
  if (a !== b) out.push({ path, ...(a !== undefined ? { a } : {}), ...(b !== undefined ? { b } : {}) });
}

/** Every field in which two paired events differ (args, out, size, ret, errno; steps: text and data). */
export function diffEvents(a: NormalizedEvent, b: NormalizedEvent, opts: AlignOptions = {}): ArgDiff[] {
  const ignore = opts.ignore ?? [];
  const diffs: ArgDiff[] = [];
  if (a.kind === 'step' || b.kind === 'step') {
    if (a.kind === 'step' && b.kind === 'step') {
      diffValues(a.text, b.text, 'text', ignore, diffs);
      diffValues(a.data, b.data, 'data', ignore, diffs);
    }
    return diffs;
  }
  diffValues(a.args, b.args, 'args', ignore, diffs);
  diffValues(a.out, b.out, 'out', ignore, diffs);
  diffValues(a.size, b.size, 'size', ignore, diffs);
  diffValues(a.ret, b.ret, 'ret', ignore, diffs);
  diffValues(a.errno, b.errno, 'errno', ignore, diffs);
  return diffs;
}

/** Why a loader would make a call the other trace lacks, when the call's shape says so. */
export function reasonFor(e: NormalizedEvent): string | undefined {
  if (e.note !== undefined && (e.note.startsWith(FEATURE_PROBE_NOTE) || e.note.startsWith(RETRY_NOTE))) return e.note;
  if (e.kind === 'step') return undefined;
  if (e.name === 'close' && e.args.fd === UNKNOWN_FD_SYMBOL) return 'closes an fd opened by a call the trace does not show (libc, tracefs, python)';
  if (e.name === 'ioctl' && !(e.cmd ?? '').startsWith('PERF_EVENT_IOC_')) return 'a terminal/stdio ioctl of the C library or Python, not BPF';
  if (e.stage === 'attach' || e.cmd === 'PERF_EVENT_IOC_DISABLE') return 'attach/detach call the other loader does not make (it attaches another way, or not at all)';
  switch (e.cmd) {
    case 'BPF_OBJ_PIN':
      return 'pins the program in bpffs (bpftool keeps it alive after it exits)';
    case 'BPF_PROG_BIND_MAP':
      return 'binds .rodata to the program (libbpf, when the kernel has BPF_PROG_BIND_MAP)';
    case 'BPF_MAP_UPDATE_ELEM':
      return 'writes the initial value of a map';
    case 'BPF_MAP_FREEZE':
      return 'freezes a read-only map (.rodata/.kconfig)';
    default:
      break;
  }
  if (e.name === 'close' && e.stage === 'detach') return 'cleanup: the loader closes its objects when it ends';
  return undefined;
}

/** Aligns two normalized traces; see the file comment. */
export function alignEvents(a: readonly NormalizedEvent[], b: readonly NormalizedEvent[], opts: AlignOptions = {}): Alignment {
  const rows: AlignRow[] = [];
  const pair = (ai: number, bi: number): void => {
    const diffs = diffEvents(a[ai]!, b[bi]!, opts);
    rows.push(diffs.length === 0 ? { kind: 'same', ai, bi } : { kind: 'changed', ai, bi, diffs });
  };
  const gap = (a0: number, a1: number, b0: number, b1: number): void => {
    const xs = a.slice(a0, a1);
    const ys = b.slice(b0, b1);
    let i = 0;
    let j = 0;
    for (const [pi, pj] of lcs(xs, ys, looseKey)) {
      while (i < pi) rows.push(onlyA(a0 + i++));
      while (j < pj) rows.push(onlyB(b0 + j++));
      pair(a0 + i++, b0 + j++);
    }
    while (i < xs.length) rows.push(onlyA(a0 + i++));
    while (j < ys.length) rows.push(onlyB(b0 + j++));
  };
  const onlyA = (ai: number): AlignRow => {
    const reason = reasonFor(a[ai]!);
    return { kind: 'only-in-a', ai, ...(reason !== undefined ? { reason } : {}) };
  };
  const onlyB = (bi: number): AlignRow => {
    const reason = reasonFor(b[bi]!);
    return { kind: 'only-in-b', bi, ...(reason !== undefined ? { reason } : {}) };
  };
  let ai = 0;
  let bi = 0;
  for (const [pa, pb] of lcs(a, b, eventKey)) {
    gap(ai, pa, bi, pb);
    pair(pa, pb);
    ai = pa + 1;
    bi = pb + 1;
  }
  gap(ai, a.length, bi, b.length);
  const counts = { same: 0, changed: 0, onlyA: 0, onlyB: 0 };
  for (const r of rows) {
    if (r.kind === 'same') counts.same++;
    else if (r.kind === 'changed') counts.changed++;
    else if (r.kind === 'only-in-a') counts.onlyA++;
    else counts.onlyB++;
  }
  return { rows, counts };
}

export interface AlignTracesOptions extends AlignOptions {
  pidsA?: NormalizeOptions['pids'];
  pidsB?: NormalizeOptions['pids'];
}

/** Normalizes both traces, then aligns them. Row indices refer to positions in a and b. */
export function alignTraces(a: readonly TraceEvent[], b: readonly TraceEvent[], opts: AlignTracesOptions = {}): Alignment {
  const na = normalizeTrace(a, opts.pidsA !== undefined ? { pids: opts.pidsA } : {});
  const nb = normalizeTrace(b, opts.pidsB !== undefined ? { pids: opts.pidsB } : {});
  return alignEvents(na, nb, opts);
}
