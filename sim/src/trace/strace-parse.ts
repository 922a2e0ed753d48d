// Reads what strace 6.1 writes (-f -T -v -X abbrev, one call per line) into SyscallEvents, e.g.
//   1686  bpf(BPF_MAP_FREEZE, {map_fd=5}, 4) = 0 <0.000011>
//   → { kind: "syscall", name: "bpf", cmd: "BPF_MAP_FREEZE", args: { map_fd: 5 }, size: 4, ret: 0, durationNs: 11000 }
// Handles -f pid prefixes, "<unfinished ...>" / "<... bpf resumed>" pairs (joined, ordered by where the call began),
// "= -1 EACCES (Permission denied)", " <0.000025>" durations, and values per strace-args.ts. Signal and exit lines
// ("--- SIGINT {...} ---", "+++ exited with 0 +++") are kept aside as meta; a line that cannot be read becomes an issue
// naming its line number and why, never an exception. Left out: -t/-tt/-r timestamps, -y fd paths, -k stacks.
import { withStages } from './classify.ts';
import type { Args, ArgValue, SyscallEvent, TraceSource } from './schema.ts';
import { convertNode, intValue } from './strace-args.ts';
import { POSITIONAL_ARGS } from './strace-fields.ts';
import { nodeText, parseArgList, type StraceNode } from './strace-value.ts';

export interface StraceIssue {
  /** 1-based line number in the strace text. */
  line: number;
  text: string;
  why: string;
}

/** Where an event came from in the text (line numbers are 1-based). */
export interface StraceOrigin {
  line: number;
  /** The "<... resumed>" line when the call was split, else equal to line. */
  endLine: number;
  pid?: number;
}

/** strace's own lines: a signal delivered, a process exiting or killed. */
export interface StraceMetaLine {
  line: number;
  pid?: number;
  kind: 'signal' | 'exit';
  text: string;
}

export interface StraceParse {
  /** Calls in the order they began; seq 0…n-1, stage and feature-probe notes set by classify.ts. */
  events: SyscallEvent[];
  /** origins[i] says where events[i] came from. */
  origins: StraceOrigin[];
  issues: StraceIssue[];
  meta: StraceMetaLine[];
}

export interface StraceParseOptions {
  /** Who made the trace; strace output of a real loader is "reference" (the default). */
  source?: TraceSource;
}

const PID_PREFIX = /^(?:\[pid\s+(\d+)\] |(\d+) +)/;
const CALL_START = /^([a-z_][a-z0-9_]*)\(/;
const RESUMED = /^<\.\.\. ([a-z_][a-z0-9_]*) resumed>/;
const UNFINISHED = ' <unfinished ...>';
/** " = 4", " = -1 EACCES (Permission denied)", then " <0.000025>" with -T. */
const RETURN = /^ *= (-?\d+|0x[0-9a-f]+)(?: ([A-Z][A-Z0-9_]*) \((.*?)\))?(?: <(\d+)\.(\d{6})>)?$/;

interface Call {
  name: string;
  /** "name(" … up to the end of the line, unfinished and resumed parts joined. */
  text: string;
  line: number;
  endLine: number;
  pid?: number;
}

type Built = { ok: true; event: Omit<SyscallEvent, 'seq' | 'stage' | 'source'> } | { ok: false; why: string };

function toArgs(nodes: readonly StraceNode[], names: readonly string[], warn: (w: string) => void): { args: Args; out?: Args } {
  const args: Record<string, ArgValue> = {};
  const out: Record<string, ArgValue> = {};
  const siblings: Record<string, unknown> = {};
  nodes.forEach((n, i) => {
    const name = names[i] ?? `arg${i}`;
    const c = convertNode(n, name, siblings, warn);
    args[name] = c.value;
    if (c.out !== undefined) out[name] = c.out;
  });
  return Object.keys(out).length > 0 ? { args, out } : { args };
}

const isStruct = (v: ArgValue): v is Args => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The event for one whole call text "name(args) = ret …". */
function buildCall(name: string, text: string, warn: (w: string) => void): Built {
  const list = parseArgList(text, name.length + 1);
  if (!list.ok) return { ok: false, why: `${list.why} at column ${list.at + 1}` };
  const m = RETURN.exec(text.slice(list.end));
  if (!m) {
    const tail = text.slice(list.end).trim();
    return { ok: false, why: tail.startsWith('= ?') ? `no return value (${tail})` : `cannot read the return part "${tail}"` };
  }
  const ret = intValue(m[1]!);
  if (typeof ret !== 'number') return { ok: false, why: `return value ${m[1]} does not fit a number` };
  const nodes = list.value;
  let cmd: string | undefined;
  let args: Args;
  let out: Args | undefined;
  let size: number | undefined;
  if (name === 'bpf') {
    if (nodes.length !== 3) return { ok: false, why: `bpf() with ${nodes.length} arguments, expected 3` };
    cmd = nodeText(nodes[0]!);
    const attr = convertNode(nodes[1]!, 'attr', {}, warn);
    const sz = convertNode(nodes[2]!, 'size', {}, warn).value;
    if (typeof sz !== 'number') return { ok: false, why: `bpf() size "${nodeText(nodes[2]!)}" is not a number` };
    size = sz;
    // The attr's fields are the args (schema: UAPI names); an attr strace did not decode stays a pointer.
    if (isStruct(attr.value)) {
      args = attr.value;
      if (attr.out !== undefined && isStruct(attr.out)) out = attr.out;
    } else {
      args = { attr: attr.value };
    }
  } else if (name === 'ioctl') {
    if (nodes.length < 2) return { ok: false, why: 'ioctl() without a request' };
    cmd = nodeText(nodes[1]!);
    ({ args, out } = toArgs([nodes[0]!, ...nodes.slice(2)], POSITIONAL_ARGS.ioctl!, warn));
  } else {
    ({ args, out } = toArgs(nodes, POSITIONAL_ARGS[name] ?? [], warn));
  }
  const event: Omit<SyscallEvent, 'seq' | 'stage' | 'source'> = {
    kind: 'syscall',
    name,
    ...(cmd !== undefined ? { cmd } : {}),
    args,
    ...(size !== undefined ? { size } : {}),
    ...(out !== undefined ? { out } : {}),
    ret,
    ...(m[2] !== undefined ? { errno: m[2] } : {}),
    ...(m[4] !== undefined ? { durationNs: Number(m[4]) * 1e9 + Number(m[5]) * 1000 } : {}),
  };
  return { ok: true, event };
}

/** Splits the text into whole calls (joining unfinished/resumed halves by pid), meta lines and issues. */
function collectCalls(text: string): { calls: Call[]; meta: StraceMetaLine[]; issues: StraceIssue[] } {
  const calls: Call[] = [];
  const meta: StraceMetaLine[] = [];
  const issues: StraceIssue[] = [];
  const pending = new Map<number | undefined, Call>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const p = PID_PREFIX.exec(raw);
    const pid = p ? Number(p[1] ?? p[2]) : undefined;
    const rest = p ? raw.slice(p[0].length) : raw;
    const issue = (why: string): void => void issues.push({ line, text: raw, why });
    if (rest.startsWith('--- ') && rest.endsWith(' ---')) return void meta.push({ line, ...(pid !== undefined ? { pid } : {}), kind: 'signal', text: rest });
    if (rest.startsWith('+++ ') && rest.endsWith(' +++')) return void meta.push({ line, ...(pid !== undefined ? { pid } : {}), kind: 'exit', text: rest });
    const resumed = RESUMED.exec(rest);
    if (resumed) {
      const open = pending.get(pid);
      if (!open || open.name !== resumed[1]) return issue(`"${resumed[1]} resumed" without its unfinished start`);
      pending.delete(pid);
      open.text += rest.slice(resumed[0].length);
      open.endLine = line;
      if (open.text.endsWith(UNFINISHED)) return issue('a resumed call that stops again is not supported');
      return;
    }
    const start = CALL_START.exec(rest);
    if (!start) return issue(rest.trim() === '' ? 'empty line' : 'not a syscall line');
    const call: Call = { name: start[1]!, text: rest, line, endLine: line, ...(pid !== undefined ? { pid } : {}) };
    if (rest.endsWith(UNFINISHED)) {
      if (pending.has(pid)) issue(`pid ${pid ?? '-'} starts a call while another is unfinished`);
      call.text = rest.slice(0, -UNFINISHED.length);
      pending.set(pid, call);
    }
    calls.push(call);
  });
  for (const c of pending.values()) issues.push({ line: c.line, text: c.text, why: 'unfinished call never resumed' });
  return { calls: calls.filter((c) => !pending.has(c.pid) || pending.get(c.pid) !== c), meta, issues };
}

/** Parses strace output; see the file comment. Never throws on bad input: bad lines are issues. */
export function parseStrace(text: string, opts: StraceParseOptions = {}): StraceParse {
  const source = opts.source ?? 'reference';
  const { calls, meta, issues } = collectCalls(text);
  const bare: Omit<SyscallEvent, 'seq' | 'stage' | 'source'>[] = [];
  const origins: StraceOrigin[] = [];
  for (const c of calls) {
    const warns: string[] = [];
    const b = buildCall(c.name, c.text, (w) => warns.push(w));
    for (const w of warns) issues.push({ line: c.line, text: c.text, why: w });
    if (!b.ok) {
      issues.push({ line: c.line, text: c.text, why: b.why });
      continue;
    }
    bare.push(b.event);
    origins.push({ line: c.line, endLine: c.endLine, ...(c.pid !== undefined ? { pid: c.pid } : {}) });
  }
  const events = withStages(bare.map((e, seq): SyscallEvent => ({ seq, stage: 'open', source, ...e })), origins.map((o) => o.pid));
  issues.sort((a, b) => a.line - b.line);
  return { events, origins, issues, meta };
}

/** Parses one line (pid prefix allowed) into an event, or the reason it cannot. */
export function parseStraceLine(line: string, opts: StraceParseOptions = {}): { ok: true; event: SyscallEvent; pid?: number } | { ok: false; why: string } {
  const r = parseStrace(line, opts);
  const e = r.events[0];
  if (e === undefined || r.events.length !== 1) return { ok: false, why: r.issues[0]?.why ?? 'no call on this line' };
  const pid = r.origins[0]?.pid;
  return { ok: true, event: e, ...(pid !== undefined ? { pid } : {}) };
}
