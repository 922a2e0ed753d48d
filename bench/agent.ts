// Agent benchmark (run: npm run bench -- agent, or node --import tsx bench/agent.ts [--runs N] [--json]):
// compile + load + attach of content/examples/minimal, median of N (default 5) runs, in one run of this script:
//  agent  : buildSource into a fresh cache (cold: vmlinux.h dump, clang, bpftool gen object, gen skeleton, each a
//           child process, as the agent runs them) + loadObject + attachProgram (link), in this process as the
//           agent server would; then a warm reload: buildSource cache hit + loadObject + attachProgram;
//  direct : the same four commands run directly (same argv), then the libbpf skeleton loader
//           content/.cache/minimal/minimal run until it prints "Attached." (libbpf's open, load, attach).
// Each side is detached/unloaded (the loader is killed) after each run; detach time is not counted.
// Needs CAP_BPF + CAP_PERFMON, clang, bpftool, and the loader binary (npm run build-content builds it).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachProgram, detach } from '../real-backend/src/attach/index.ts';
import { KernelSession } from '../real-backend/src/kernel/index.ts';
import { loadObject, unload } from '../real-backend/src/loader/index.ts';
import { buildSource, pipelineSteps, vmlinuxStep } from '../real-backend/src/toolchain/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 5;
const json = args.includes('--json');
const LOADER = join(root, 'content/.cache/minimal/minimal');
const SRC = join(root, 'content/examples/minimal/minimal.bpf.c');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const now = (): number => performance.now();

if (!existsSync(LOADER)) {
  console.error(`bench/agent: ${LOADER} is missing: run npm run build-content first (it builds the libbpf loader).`);
  process.exit(1);
}
const bpfSource = readFileSync(SRC, 'utf8');

interface AgentTimes { build: number; load: number; attach: number; total: number }

/** buildSource (into cacheDir) + loadObject + attachProgram; detach and unload afterwards (not timed). */
async function agentOnce(cacheDir: string): Promise<AgentTimes & { cached: boolean }> {
  const t0 = now();
  const b = await buildSource({ name: 'minimal', bpfSource, cacheDir });
  if (!b.ok) throw new Error(`buildSource failed: ${b.error.message}`);
  const t1 = now();
  const s = new KernelSession();
  const r = await loadObject(s, b.value.object, { path: 'minimal.bpf.o' });
  if (!r.ok) throw new Error(r.error.message);
  const t2 = now();
  const p = r.value.programs[0];
  if (p?.fd === undefined) throw new Error('handle_tp did not load');
  const h = attachProgram(s, p.fd, p.spec, { mode: 'link', timeLimitSec: 0 });
  if (!h.ok) throw new Error(h.error.message);
  const t3 = now();
  detach(h.value);
  unload(s, r.value);
  return { build: t1 - t0, load: t2 - t1, attach: t3 - t2, total: t3 - t0, cached: b.value.cached };
}

/** Runs argv in cwd (stdout to a file when asked), as the toolchain would, but directly. */
function direct(argv: readonly string[], cwd: string, stdoutTo?: string): void {
  const out = stdoutTo ? openSync(join(cwd, stdoutTo), 'w') : 'ignore';
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr?.toString()}`);
}

/** The libbpf loader until "Attached." on its stdout; then SIGINT (it detaches and exits). */
function loaderUntilAttached(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(LOADER, [], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let t = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!t && out.includes('Attached.')) {
        t = now() - t0;
        child.kill('SIGINT');
      }
    });
    child.once('exit', (code) => (t ? resolve(t) : reject(new Error(`the loader exited (${code}) before "Attached.": ${out}`))));
  });
}

async function directOnce(): Promise<{ build: number; loadAttach: number; total: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bpflc-bench-direct-'));
  try {
    const cwd = join(dir, 'work/minimal');
    mkdirSync(join(cwd, 'build'), { recursive: true });
    mkdirSync(join(dir, '.cache'));
    copyFileSync(SRC, join(cwd, 'minimal.bpf.c'));
    const t0 = now();
    const vm = vmlinuxStep(cwd, '../../.cache/vmlinux.h');
    direct(vm.argv, cwd, vm.stdoutTo);
    for (const st of pipelineSteps({ name: 'minimal', cwd: '.', includeDir: '../../.cache', loader: null, loaderOutDir: 'build' })) direct(st.argv, cwd, st.stdoutTo);
    const t1 = now();
    const la = await loaderUntilAttached();
    return { build: t1 - t0, loadAttach: la, total: t1 - t0 + la };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cold: AgentTimes[] = [];
const warm: AgentTimes[] = [];
const nat: { build: number; loadAttach: number; total: number }[] = [];
const warmCache = mkdtempSync(join(tmpdir(), 'bpflc-bench-warm-'));
try {
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that a busy moment on the shared machine hits both sides.
    const cacheDir = mkdtempSync(join(tmpdir(), 'bpflc-bench-cold-'));
    try {
      const c = await agentOnce(cacheDir);
      if (c.cached) throw new Error('a fresh cache dir served a cached build');
      cold.push(c);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    nat.push(await directOnce());
  }
  await agentOnce(warmCache); // fill the cache
  for (let i = 0; i < runs; i++) {
    const w = await agentOnce(warmCache);
    if (!w.cached) throw new Error('the warm run was not served from the cache');
    warm.push(w);
  }
} finally {
  rmSync(warmCache, { recursive: true, force: true });
}

const m = (xs: AgentTimes[], k: keyof AgentTimes): number => median(xs.map((x) => x[k]));
const n = (k: 'build' | 'loadAttach' | 'total'): number => median(nat.map((x) => x[k]));
const result = {
  runs,
  agentCold: { buildMs: m(cold, 'build'), loadMs: m(cold, 'load'), attachMs: m(cold, 'attach'), totalMs: m(cold, 'total') },
  direct: { buildMs: n('build'), loaderUntilAttachedMs: n('loadAttach'), totalMs: n('total') },
  agentWarm: { buildMs: m(warm, 'build'), loadMs: m(warm, 'load'), attachMs: m(warm, 'attach'), totalMs: m(warm, 'total') },
};
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
if (json) {
  console.log(JSON.stringify({ ...result, ratioCold: result.agentCold.totalMs / result.direct.totalMs, ratioLoadAttach: (result.agentCold.loadMs + result.agentCold.attachMs) / result.direct.loaderUntilAttachedMs }, null, 2));
} else {
  const f = (x: number): string => `${x.toFixed(1)} ms`.padStart(10);
  console.log(`compile + load + attach of minimal, median of ${runs} (agent in-process; direct = the commands + the libbpf loader)`);
  console.log(`                          agent cold    direct      ratio`);
  console.log(`  build (4 steps)       ${f(result.agentCold.buildMs)} ${f(result.direct.buildMs)}   ${ratio(result.agentCold.buildMs, result.direct.buildMs)}`);
  const la = result.agentCold.loadMs + result.agentCold.attachMs;
  console.log(`  load + attach         ${f(la)} ${f(result.direct.loaderUntilAttachedMs)}   ${ratio(la, result.direct.loaderUntilAttachedMs)}   (agent: load ${result.agentCold.loadMs.toFixed(1)} + attach ${result.agentCold.attachMs.toFixed(1)}; direct: loader process until "Attached.")`);
  console.log(`  total                 ${f(result.agentCold.totalMs)} ${f(result.direct.totalMs)}   ${ratio(result.agentCold.totalMs, result.direct.totalMs)}`);
  console.log(`agent warm reload (cache hit + load + attach): ${result.agentWarm.totalMs.toFixed(1)} ms (build lookup ${result.agentWarm.buildMs.toFixed(1)}, load ${result.agentWarm.loadMs.toFixed(1)}, attach ${result.agentWarm.attachMs.toFixed(1)}); ${ratio(result.agentWarm.totalMs, result.direct.totalMs)} of the direct cold total`);
}
