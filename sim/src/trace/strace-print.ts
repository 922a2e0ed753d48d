// Prints TraceEvents the way strace 6.1 prints the calls (-T -v -X abbrev), so the sim's trace reads like a real one:
//   { name: "bpf", cmd: "BPF_MAP_FREEZE", args: { map_fd: 5 }, size: 4, ret: 0, durationNs: 11000 }
//   → bpf(BPF_MAP_FREEZE, {map_fd=5}, 4) = 0 <0.000011>
// strace's layout: "name(args) ", padded with spaces to column 40, then "= ret", " ERRNO (strerror text)" on failure,
// " <s.micro>" with -T. The -f pid prefix ("%-5d ") is printed when a pid is given. Step events are not syscalls and
// print as a "# step" comment line, which the parser reports as not a syscall. Durations are printed in microseconds
// (strace's -T precision), so sub-microsecond parts do not survive a round trip.
import { ERRNO } from '../abi/errno.gen.ts';
import { errnoText } from './errno-text.gen.ts';
import type { ArgValue, Args, SyscallEvent, TraceEvent } from './schema.ts';
import { isHexField, isHexStringField, isStringField, POSITIONAL_ARGS, PRECISE_IP_COMMENT, unknownNameComment, type Siblings } from './strace-fields.ts';
import { encodeCString, TRUNCATED } from './strace-string.ts';

/** strace's default alignment column for " = " (its -a option). */
export const STRACE_COLUMN = 40;

const POINTER = /^0x[0-9a-f]+$/;
const isStruct = (v: ArgValue | undefined): v is Args => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

function hex(v: number | string): string {
  let big = BigInt(v);
  if (big < 0n) big = BigInt.asUintN(typeof v === 'number' && v >= -0x80000000 ? 32 : 64, big);
  return big === 0n ? '0' : `0x${big.toString(16)}`;
}

/** One value in field `field` of a struct whose other fields are `siblings`; `out` is what the kernel wrote back. */
export function printValue(v: ArgValue, field: string, siblings: Siblings, out?: ArgValue): string {
  let text: string;
  if (typeof v === 'number') {
    const unknown = unknownNameComment(field, siblings);
    if (field === 'precise_ip' && PRECISE_IP_COMMENT[v] !== undefined) text = `${v} /* ${PRECISE_IP_COMMENT[v]} */`;
    else if (unknown !== null) text = `${hex(v)} /* ${unknown} */`;
    else text = isHexField(field, siblings) ? hex(v) : String(v);
  } else if (typeof v === 'string') {
    if (isStringField(field) && v !== 'NULL' && !POINTER.test(v)) text = encodeCString(v, isHexStringField(field));
    else if (v === TRUNCATED) text = '...';
    else if (isHexField(field, siblings) && /^-?\d+$/.test(v)) text = hex(v);
    else text = v;
  } else if (v === null) {
    text = 'NULL';
  } else if (typeof v === 'boolean') {
    text = v ? '1' : '0';
  } else if (Array.isArray(v)) {
    text = `[${v.map((item: ArgValue) => printValue(item, field, siblings)).join(', ')}]`;
  } else {
    return printStruct(v as Args, isStruct(out) ? out : undefined);
  }
  return out !== undefined && !isStruct(out) ? `${text} => ${printValue(out, field, siblings)}` : text;
}

/** {a=1, b=2}; changed scalars print inline ("info_len=88 => 80"), fields only in out follow as " => {…}". */
export function printStruct(s: Args, out?: Args): string {
  const parts = Object.entries(s).map(([k, v]) => {
    if (k === TRUNCATED) return '...';
    const body = printValue(v, k, s, out?.[k]);
    return k.startsWith('#') ? body : `${k}=${body}`;
  });
  const extra = out ? Object.entries(out).filter(([k]) => !(k in s)) : [];
  const tail = extra.length > 0 ? ` => {${extra.map(([k, v]) => `${k}=${printValue(v, k, out!)}`).join(', ')}}` : '';
  return `{${parts.join(', ')}}${tail}`;
}

function argList(e: SyscallEvent): string[] {
  if (e.name === 'bpf') {
    const attr = Object.keys(e.args).length === 1 && typeof e.args.attr === 'string' ? e.args.attr : printStruct(e.args, e.out);
    return [e.cmd ?? '?', attr, String(e.size ?? 0)];
  }
  const names = POSITIONAL_ARGS[e.name] ?? Object.keys(e.args);
  const values = names.filter((n) => n in e.args).map((n) => printValue(e.args[n]!, n, {}, e.out?.[n]));
  if (e.name === 'ioctl') values.splice(1, 0, e.cmd ?? '?');
  return values;
}

function errnoPart(e: SyscallEvent): string {
  if (e.errno === undefined) return '';
  const n = (ERRNO as Readonly<Record<string, number>>)[e.errno];
  return ` ${e.errno} (${errnoText(e.errno) ?? (n !== undefined ? `Unknown error ${n}` : 'Unknown error')})`;
}

function duration(ns: number): string {
  const us = Math.round(ns / 1000);
  return ` <${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}>`;
}

export interface PrintOptions {
  /** strace -f prefix: the pid, printed as "%-5d ". */
  pid?: number;
}

/** One event as one strace line (no newline). */
export function printStraceLine(e: TraceEvent, opts: PrintOptions = {}): string {
  if (e.kind === 'step') return `# step ${e.stage} ${e.name}: ${e.text}`;
  const prefix = opts.pid !== undefined ? `${String(opts.pid).padEnd(5)} ` : '';
  const call = `${prefix}${e.name}(${argList(e).join(', ')}) `;
  const padded = call.length < STRACE_COLUMN ? call.padEnd(STRACE_COLUMN) : call;
  return `${padded}= ${e.ret}${errnoPart(e)}${e.durationNs !== undefined ? duration(e.durationNs) : ''}`;
}

/** The events as strace text, one line each, newline-terminated. pids[i], when given, prefixes line i. */
export function printStrace(events: readonly TraceEvent[], pids?: readonly (number | undefined)[]): string {
  return events.map((e, i) => {
    const pid = pids?.[i];
    return `${printStraceLine(e, pid !== undefined ? { pid } : {})}\n`;
  }).join('');
}
