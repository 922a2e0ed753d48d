// node --import tsx scripts/record-runs.ts [slug…]
// Loads every example's build/<name>.bpf.o into the running kernel with the agent's own loader (real bpf()
// calls, nothing pinned, everything closed afterwards), once at verifier log level 2 and once at level 1, and
// writes content/examples/<slug>/recorded/agent.json: the level-2 LifecycleResult, the level-1 logs per program,
// and `recordedOn` (kernel, date, distro, tool versions). The level-2 load is then attached for ATTACH_SEC
// seconds (link mode, this process firing the hooks, as `bpflc real --attach` does) and detached, so the
// recording also has the attach, run and detach stages: their syscalls, what each attach did or why this
// kernel refused it, the printk lines, ring/perf records and map contents. The app shows these recordings
// offline. Needs root (CAP_BPF). Level-2 logs are capped at LOG_CAP bytes (a note says so).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCap, KernelSession } from '../real-backend/src/kernel/index.ts';
import { loadObject, toLifecycleResult, unload } from '../real-backend/src/loader/index.ts';
import { attachAndRun } from '../real-backend/src/server/handlers/attach.ts';
import { hostInfo } from './build-content/toolchain.ts';
import { RECORDING_SCHEMA, type AgentRecording, type LevelOneLog } from '../app/src/content/recording-types.ts';
import type { TraceEvent } from '../sim/src/trace/schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(ROOT, 'content/examples');
/** Level-2 logs of looping programs run to megabytes; the app and git want modest files. */
export const LOG_CAP = 200 * 1024;
/** How long a recorded run stays attached: long enough for a few events, short enough to keep files small. */
const ATTACH_SEC = 1;
/** The run keeps this many printk lines and records (a busy hook fires thousands of times a second). */
const RUN_CAP = 20;
/** A map dump is two calls per entry (GET_NEXT_KEY, LOOKUP_ELEM): a recording keeps this many per map. */
const DUMP_CALLS_KEPT = 16;

/**
 * The trace with each map dump cut to its first DUMP_CALLS_KEPT calls and one step saying how many were left
 * out (xdp-count's 256-entry array alone is 512 calls). Events are renumbered: seq is the index, as everywhere.
 */
function trimMapDumps(trace: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  const kept = new Map<number, number>();
  const dropped = new Map<number, { count: number; after: TraceEvent }>();
  for (const e of trace) {
    const fd = e.kind === 'syscall' && e.stage === 'run' && (e.cmd === 'BPF_MAP_GET_NEXT_KEY' || e.cmd === 'BPF_MAP_LOOKUP_ELEM') ? Number(e.args?.['map_fd']) : NaN;
    if (Number.isNaN(fd)) {
      out.push(e);
      continue;
    }
    const n = (kept.get(fd) ?? 0) + 1;
    kept.set(fd, n);
    if (n <= DUMP_CALLS_KEPT) out.push(e);
    else dropped.set(fd, { count: (dropped.get(fd)?.count ?? 0) + 1, after: e });
  }
  for (const [fd, d] of dropped) {
    const at = out.findIndex((e) => e.seq > d.after.seq);
    const note: TraceEvent = { seq: d.after.seq, stage: 'run', source: 'real', kind: 'step', name: 'recording_cut',
      text: `the recording keeps the first ${DUMP_CALLS_KEPT} calls of the dump of map fd ${fd}: ${d.count} more BPF_MAP_GET_NEXT_KEY / BPF_MAP_LOOKUP_ELEM calls were made (the map contents below are whole)` };
    out.splice(at < 0 ? out.length : at, 0, note);
  }
  return out.map((e, i) => ({ ...e, seq: i }));
}

function firstLine(argv: string[]): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `${argv[0]} not found`;
  return r.stdout.split('\n').filter(Boolean).join(' ').trim();
}

function capLog(log: string): { log: string; truncated?: { originalBytes: number } } {
  const bytes = Buffer.byteLength(log, 'utf8');
  if (bytes <= LOG_CAP) return { log };
  // Cut at a line end so the last line shown is whole.
  const head = Buffer.from(log, 'utf8').subarray(0, LOG_CAP).toString('utf8');
  const cut = head.lastIndexOf('\n');
  return { log: head.slice(0, cut > 0 ? cut + 1 : head.length), truncated: { originalBytes: bytes } };
}

async function loadOnce(bytes: Uint8Array, file: string, rel: string, logLevel: 1 | 2, attach: boolean) {
  const s = new KernelSession();
  const r = await loadObject(s, bytes, { logLevel, path: file });
  const ar = r.ok && attach ? await attachAndRun(s, r.value, { mode: 'link', durationSec: ATTACH_SEC }) : undefined;
  if (r.ok) unload(s, r.value);
  const result = toLifecycleResult(r.ok ? r.value : r.error, s.events, rel);
  if (!ar) return result;
  result.trace = trimMapDumps(result.trace);
  const run = { ...ar.run, printk: ar.run.printk.slice(0, RUN_CAP), records: ar.run.records.slice(0, RUN_CAP) };
  const cut = ar.run.printk.length > RUN_CAP || ar.run.records.length > RUN_CAP;
  return { ...result, attach: ar.attach, run: cut ? { ...run, produced: { printk: ar.run.printk.length, records: ar.run.records.length } } : run };
}

async function record(slug: string, tools: AgentRecording['recordedOn']['tools']): Promise<string> {
  const dir = path.join(EXAMPLES, slug);
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { name: string };
  const file = `${meta.name}.bpf.o`;
  const objPath = path.join(dir, 'build', file);
  if (!existsSync(objPath)) return `${slug}: build/${file} missing: run npm run build-content ${slug}`;
  const bytes = new Uint8Array(readFileSync(objPath));
  const rel = path.relative(ROOT, objPath);
  const two = await loadOnce(bytes, file, rel, 2, true);
  const one = await loadOnce(bytes, file, rel, 1, false);
  const levelOne: Record<string, LevelOneLog> = {};
  for (const p of one.programs) {
    levelOne[p.name] = { verdict: p.verdict, log: p.log, ...(p.reason ? { reason: p.reason } : {}), ...(p.verifiedInsns !== undefined ? { verifiedInsns: p.verifiedInsns } : {}) };
  }
  const truncated: Record<string, number> = {};
  const programs = two.programs.map((p) => {
    const c = capLog(p.log);
    if (c.truncated) truncated[p.name] = c.truncated.originalBytes;
    return { ...p, log: c.log };
  });
  const host = hostInfo();
  const out: AgentRecording = {
    ...two,
    programs,
    levelOne,
    recordedOn: {
      schema: RECORDING_SCHEMA,
      kernel: host.kernel,
      arch: host.arch,
      distro: host.distro,
      date: new Date().toISOString().slice(0, 10),
      loader: 'agent',
      logLevel: 2,
      tools,
      command: `node --import tsx scripts/record-runs.ts ${slug}`,
      ...(Object.keys(truncated).length > 0
        ? { logTruncated: Object.fromEntries(Object.entries(truncated).map(([k, v]) => [k, `level-2 log cut to the first ${LOG_CAP} bytes of ${v}`])) }
        : {}),
    },
  };
  mkdirSync(path.join(dir, 'recorded'), { recursive: true });
  const target = path.join(dir, 'recorded', 'agent.json');
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  const verdicts = programs.map((p) => `${p.name} ${p.verdict}`).join(', ');
  const size = Buffer.byteLength(JSON.stringify(out, null, 1));
  return `${slug}: ${verdicts}; ${two.trace.length} events → ${path.relative(ROOT, target)} (${(size / 1024).toFixed(1)} KiB)`;
}

async function main(): Promise<number> {
  if (!hasCap('CAP_BPF') && !hasCap('CAP_SYS_ADMIN')) {
    process.stderr.write('record-runs: needs root (CAP_BPF): the kernel refuses bpf() otherwise. Run: sudo node --import tsx scripts/record-runs.ts [slug…]\n');
    return 1;
  }
  const all = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(path.join(EXAMPLES, d.name, 'meta.json'))).map((d) => d.name).sort();
  const want = process.argv.slice(2);
  const unknown = want.filter((s) => !all.includes(s));
  if (unknown.length > 0) {
    process.stderr.write(`record-runs: no example ${unknown.join(', ')} (have: ${all.join(', ')})\n`);
    return 2;
  }
  const bpftool = firstLine(['bpftool', 'version']);
  const tools = {
    bpftool: bpftool.replace(/ features:.*$/, ''),
    libbpf: /libbpf v[\d.]+/.exec(bpftool)?.[0] ?? 'unknown',
    node: process.version,
    agentLoader: 'real-backend/src/loader (libbpf 1.1 semantics)',
  };
  let failed = 0;
  for (const slug of want.length > 0 ? want : all) {
    const line = await record(slug, tools);
    if (line.includes('missing')) failed++;
    process.stdout.write(`${line}\n`);
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
