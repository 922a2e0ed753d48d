// The live witness: `bpftool prog loadall OBJ DIR/p pinmaps DIR/m` (bpftool 7.1 = libbpf 1.1 as built from
// the Linux 6.1 tree) run under `strace -e trace=bpf`, then `bpftool -j prog show pinned` / `map show
// pinned` for what it left in the kernel. bpffs refuses '.' in names, so every path is sanitised; the pin
// directory is unique per run and removed afterwards whatever happens. The strace log also shows the
// BPF_MAP_CREATE and BPF_PROG_LOAD attempts of objects that fail to load (a verifier rejection, fentry
// refused with EPERM here), so those are checked too. The BPF_BTF_LOAD calls are counted as well, and the
// object's own one (the fd its maps and programs name) is picked out of libbpf's feature probes.
// e.g. strace: bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, ..., map_name="minimal.bss", ...}, 72) = 4
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BPF_ATTACH_TYPE, BPF_MAP_FLAG, BPF_MAP_TYPE, BPF_PROG_FLAG, BPF_PROG_TYPE } from '@bpflc/sim';

export interface BpftoolProg { id: number; type: string; name?: string; bytes_xlated?: number; jited?: boolean; bytes_jited?: number }
export interface BpftoolMap { id: number; type: string; name?: string; flags: number; bytes_key: number; bytes_value: number; max_entries: number; frozen: number }
export interface StraceCall { cmd: 'BPF_MAP_CREATE' | 'BPF_PROG_LOAD'; attrs: Record<string, string>; ret: number; errno?: string }

export interface LiveRun {
  ok: boolean;
  /** bpftool's stderr, for messages. */
  stderr: string;
  progs: Map<string, BpftoolProg>;
  maps: BpftoolMap[];
  /** Object map creations and program loads from the strace log (libbpf's feature probes left out). */
  calls: StraceCall[] | undefined;
  /** The BPF_BTF_LOAD calls in the strace log; undefined without strace. */
  btf: BtfLoads | undefined;
}

export interface StraceBtfLoad { size: number; fd: number }
export interface BtfLoads {
  /** Every BPF_BTF_LOAD, libbpf's feature probes (tiny hand-made blobs) included. */
  issued: number;
  /** The object's own BTF: the load whose fd the object's maps (btf_fd) or programs (prog_btf_fd) name. */
  object: StraceBtfLoad | undefined;
}

const BPFFS = '/sys/fs/bpf';

export function liveSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'skipped: not root, so bpftool cannot load objects into the kernel here (run the tests as root for the live comparison)';
  try {
    execFileSync('bpftool', ['version'], { stdio: 'pipe' });
  } catch {
    return 'skipped: bpftool is not installed (apt-get install bpftool)';
  }
  // Mount bpffs idempotently: only when nothing is mounted there yet.
  if (spawnSync('mountpoint', ['-q', BPFFS]).status !== 0) {
    const m = spawnSync('mount', ['-t', 'bpf', 'bpf', BPFFS], { encoding: 'utf8' });
    if (m.status !== 0) return `skipped: cannot mount bpffs on ${BPFFS}: ${m.stderr.trim()}`;
  }
  return undefined;
}

export const hasStrace = (): boolean => spawnSync('strace', ['-V']).status === 0;

/** Cuts `insns=[...]` and quoted strings' commas out of the way, then reads `key=value` pairs. */
function parseAttrs(body: string): Record<string, string> {
  let flat = '';
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (inStr) {
      if (ch === '\\') { flat += ch + (body[i + 1] ?? ''); i++; continue; }
      if (ch === '"') inStr = false;
      if (depth === 0) flat += ch;
      continue;
    }
    if (ch === '"') { inStr = true; if (depth === 0) flat += ch; continue; }
    if (ch === '[' || ch === '{') { depth++; continue; }
    if (ch === ']' || ch === '}') { depth--; continue; }
    if (depth === 0) flat += ch;
  }
  const attrs: Record<string, string> = {};
  for (const m of flat.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|KERNEL_VERSION\([^)]*\)|[^,]*)/g)) attrs[m[1]!] = m[2]!.trim();
  return attrs;
}

interface BpfLine { cmd: StraceCall['cmd'] | 'BPF_BTF_LOAD'; attrs: Record<string, string>; ret: number; errno?: string }

/** The BPF_MAP_CREATE, BPF_PROG_LOAD and BPF_BTF_LOAD lines of a strace log, in order. */
function bpfLines(text: string): BpfLine[] {
  const out: BpfLine[] = [];
  for (const line of text.split('\n')) {
    const m = /bpf\((BPF_MAP_CREATE|BPF_PROG_LOAD|BPF_BTF_LOAD), \{(.*)\}, \d+\) = (-?\d+)(?: (\w+))?/.exec(line);
    if (m) out.push({ cmd: m[1] as BpfLine['cmd'], attrs: parseAttrs(m[2]!), ret: Number(m[3]), ...(m[4] ? { errno: m[4] } : {}) });
  }
  return out;
}

/** An object's call, not one of libbpf's feature probes (those are unnamed or named libbpf_*). */
function isObjectCall(l: BpfLine): l is BpfLine & { cmd: StraceCall['cmd'] } {
  if (l.cmd === 'BPF_BTF_LOAD') return false;
  const name = (l.attrs.map_name ?? l.attrs.prog_name ?? '""').replace(/^"|"$/g, '');
  return name !== '' && !name.startsWith('libbpf_');
}

export function parseStrace(text: string): StraceCall[] {
  return bpfLines(text).filter(isObjectCall).map((l) => ({ cmd: l.cmd, attrs: l.attrs, ret: l.ret, ...(l.errno ? { errno: l.errno } : {}) }));
}

/**
 * The BTF loads of a strace log. Probes close their fd at once, so an fd number is reused: the object's
 * BTF is the latest load that returned the fd an object call names, as btf_fd or prog_btf_fd.
 * e.g. bpf(BPF_BTF_LOAD, {btf="\237\353\1\0...", btf_log_buf=NULL, btf_size=555, ...}, 28) = 3
 */
export function parseBtfLoads(text: string): BtfLoads {
  const lines = bpfLines(text);
  const byFd = new Map<number, StraceBtfLoad>();
  let object: StraceBtfLoad | undefined;
  for (const l of lines) {
    if (l.cmd === 'BPF_BTF_LOAD') {
      if (l.ret >= 0) byFd.set(l.ret, { size: Number(l.attrs.btf_size), fd: l.ret });
      continue;
    }
    const fd = Number(l.attrs.btf_fd ?? l.attrs.prog_btf_fd ?? 0);
    if (!object && isObjectCall(l) && fd > 0) object = byFd.get(fd);
  }
  return { issued: lines.filter((l) => l.cmd === 'BPF_BTF_LOAD').length, object };
}

/** Flag words as strace prints them: 'BPF_F_RDONLY_PROG|BPF_F_MMAPABLE', '0x20 /* BPF_F_??? *\/', '0'. */
export function parseFlags(s: string | undefined): number {
  if (!s) return 0;
  const table: Record<string, number> = { ...BPF_MAP_FLAG, ...BPF_PROG_FLAG };
  let v = 0;
  for (const part of s.replace(/\/\*.*?\*\//g, '').split('|').map((p) => p.trim()).filter(Boolean)) {
    if (/^(0x[0-9a-f]+|\d+)$/i.test(part)) v |= Number(part);
    else if (part in table) v |= table[part]!;
    else throw new Error(`unknown flag '${part}' in strace output`);
  }
  return v;
}

export const parseEnum = (s: string | undefined, table: Record<string, number>): number => (s === undefined ? 0 : /^\d+$/.test(s) ? Number(s) : (table[s] ?? -1));
export const straceMapType = (s: string | undefined): number => parseEnum(s, BPF_MAP_TYPE);
export const straceProgType = (s: string | undefined): number => parseEnum(s, BPF_PROG_TYPE);
export const straceAttachType = (s: string | undefined): number => parseEnum(s, BPF_ATTACH_TYPE);
export function straceKernelVersion(s: string | undefined): number {
  const m = /KERNEL_VERSION\((\d+), (\d+), (\d+)\)/.exec(s ?? '');
  return m ? (Number(m[1]) << 16) + (Number(m[2]) << 8) + Number(m[3]) : Number(s ?? 0);
}
export const unquote = (s: string | undefined): string => (s ?? '').replace(/^"|"$/g, '');

function json<T>(args: string[]): T {
  return JSON.parse(execFileSync('bpftool', ['-j', ...args], { encoding: 'utf8' })) as T;
}

let runCounter = 0;

/** Loads `object` with bpftool (under strace when installed), reads back what it pinned, removes it all. */
export function loadAll(object: string): LiveRun {
  const dir = join(BPFFS, `bpflc_objspec_${process.pid}_${++runCounter}_${basename(object).replace(/[^A-Za-z0-9_]/g, '_')}`);
  const logDir = mkdtempSync(join(tmpdir(), 'bpflc-objspec-strace-'));
  const log = join(logDir, 'strace.txt');
  const strace = hasStrace();
  mkdirSync(dir);
  try {
    const argv = ['bpftool', 'prog', 'loadall', object, join(dir, 'p'), 'pinmaps', join(dir, 'm')];
    const run = strace
      ? spawnSync('strace', ['-f', '-e', 'trace=bpf', '-s', '256', '-o', log, ...argv], { encoding: 'utf8' })
      : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    const progs = new Map<string, BpftoolProg>();
    const maps: BpftoolMap[] = [];
    if (existsSync(join(dir, 'p'))) for (const f of readdirSync(join(dir, 'p'))) progs.set(f, json<BpftoolProg>(['prog', 'show', 'pinned', join(dir, 'p', f)]));
    if (existsSync(join(dir, 'm'))) for (const f of readdirSync(join(dir, 'm'))) maps.push(json<BpftoolMap>(['map', 'show', 'pinned', join(dir, 'm', f)]));
    const text = strace && existsSync(log) ? readFileSync(log, 'utf8') : undefined;
    return { ok: run.status === 0, stderr: run.stderr, progs, maps, calls: text === undefined ? undefined : parseStrace(text), btf: text === undefined ? undefined : parseBtfLoads(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** libbpf_num_possible_cpus(): what libbpf gives a PERF_EVENT_ARRAY declared with max_entries 0. */
export function possibleCpus(): number {
  let n = 0;
  for (const range of readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',')) {
    const [a, b] = range.split('-').map(Number);
    n += b === undefined ? 1 : b - a! + 1;
  }
  return n;
}
