// BTF + ELF benchmark (issue 3), in one run, as ratios:  node --import tsx bench/btf.ts [--runs N] [--cold N] [--workers N] [--json]
//   (or `npm run bench -- btf [flags]`). Files: this kernel's BTF (/sys/kernel/btf/vmlinux), the large generated
//   object (bench/lib/large-object.ts, compiled with -g so it has BTF), and the largest committed object.
//  1. whole processes, stdout to /dev/null, median of N interleaved runs: `bpflc btf X --format raw|c` vs
//     `bpftool btf dump file X format raw|c`, `bpflc inspect X` vs `llvm-readelf -a X`; `node -e 0` as the floor;
//  2. in-process under Node: cold (first call in a fresh node) and warm medians of indexBtf/decodeBtf(vmlinux),
//     readElf/readBtfSource(objects);
//  3. in a Worker in real Chromium: opening the type browser (indexBtf + 200 names + 50 types) and decodeBtf.
// Goals: `--format raw` no slower than bpftool as a whole process; the type browser's open < 150 ms in the worker.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { indexBtf } from '@bpflc/sim';
import { REPO_ROOT, repoObjects } from '../tests/repo-objects.ts';
import { largeObject } from './lib/large-object.ts';
import { fmtMs, median, table, toolVersion, wallMs } from './lib/measure.ts';
import { compare, type Comparison, type ComparisonResult } from './lib/btf-processes.ts';
import { bundleColdCall, timeInProcess, type InProcessTiming } from './lib/btf-in-process.ts';
import { timeInChromium } from './lib/btf-chromium.ts';
import type { OpName } from './lib/btf-ops.ts';

const VMLINUX = '/sys/kernel/btf/vmlinux';
const GOAL_WORKER_MS = 150;
const argv = process.argv.slice(2);
const flag = (name: string, dflt: number): number => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) || dflt : dflt);
const RUNS = flag('--runs', 7);
const COLD = flag('--cold', 3);
const WORKERS = flag('--workers', 5);
const JSON_OUT = argv.includes('--json');
const BPFLC = [process.execPath, join(REPO_ROOT, 'real-backend/bin/bpflc.mjs')];
const log = (s = ''): void => void (JSON_OUT ? process.stderr.write(`${s}\n`) : console.log(s));

interface Target { key: string; path: string; what: string; raw: boolean }

function targets(): Target[] {
  const out: Target[] = [];
  if (existsSync(VMLINUX)) {
    const ix = indexBtf(new Uint8Array(readFileSync(VMLINUX)));
    out.push({ key: 'vmlinux', path: VMLINUX, what: `${mb(VMLINUX)}, ${ix.ok ? ix.value.count - 1 : '?'} types`, raw: true });
  } else log(`${VMLINUX} does not exist (kernel without CONFIG_DEBUG_INFO_BTF): the vmlinux rows are skipped.`);
  const large = largeObject({ debug: true });
  out.push({ key: 'large', path: large, what: `generated, 50,000+ insns, clang -O2 -g, ${mb(large)}`, raw: false });
  const committed = repoObjects().map((p) => join(REPO_ROOT, p)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (committed) out.push({ key: 'committed', path: committed, what: `largest committed object, ${mb(committed)}`, raw: false });
  return out;
}
const mb = (p: string): string => `${(statSync(p).size / 1e6).toFixed(2)} MB`;
const shown = (p: string): string => (p.startsWith(REPO_ROOT) ? relative(REPO_ROOT, p) : p);

function comparisons(t: Target, bpftool: boolean, readelf: boolean): Comparison[] {
  // The goal is on vmlinux and the largest (generated) object; the committed one is reported beside.
  const goal = t.key !== 'committed';
  const out: Comparison[] = [];
  if (bpftool) {
    for (const fmt of ['raw', 'c'] as const) {
      out.push({ label: `btf ${fmt}`, title: `bpflc btf --format ${fmt} vs bpftool btf dump format ${fmt}`, ours: [...BPFLC, 'btf', t.path, '--format', fmt], theirs: ['bpftool', 'btf', 'dump', 'file', t.path, 'format', fmt], sameOutput: true, goal: goal && fmt === 'raw' });
    }
  }
  if (readelf && !t.raw) out.push({ label: 'inspect', title: 'bpflc inspect vs llvm-readelf -a', ours: [...BPFLC, 'inspect', t.path], theirs: ['llvm-readelf', '-a', t.path], sameOutput: false, goal: false });
  return out;
}

const verdict = (met: boolean): string => (met ? 'MET' : 'NOT MET');

async function main(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'real-backend/dist/bpflc.mjs'))) execFileSync('npm', ['run', 'build:cli'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const bpftool = toolVersion('bpftool');
  const readelf = toolVersion('llvm-readelf');
  const files = targets();
  log(`bench/btf: node ${process.version}, ${bpftool ?? 'no bpftool'}, ${readelf ?? 'no llvm-readelf'}; ${new Date().toISOString()}`);
  for (const t of files) log(`  ${t.key.padEnd(9)} ${shown(t.path)} (${t.what})`);
  if (!bpftool) log('bpftool is not installed: the bpftool comparisons are skipped.');
  if (!readelf) log('llvm-readelf is not installed: the inspect comparison is skipped.');

  // 1. whole processes
  const nodeFloor = median(Array.from({ length: RUNS }, () => wallMs(process.execPath, ['-e', '0'])));
  const procs: (ComparisonResult & { file: string })[] = [];
  for (const t of files) for (const c of comparisons(t, !!bpftool, !!readelf)) procs.push({ file: t.key, ...compare(c, RUNS) });
  log(`\n1. whole processes, stdout -> /dev/null, median of ${RUNS} interleaved runs (node -e 0 alone: ${fmtMs(nodeFloor)} ms)`);
  log(table([
    ['file', 'command (ours vs theirs)', 'ours ms', 'theirs ms', 'ratio', 'ours - node -e 0', 'same output', 'goal'],
    ...procs.map((p) => [
      p.file, p.title,
      fmtMs(p.oursMs), fmtMs(p.theirsMs), `${p.ratio.toFixed(2)}x`, fmtMs(p.oursMs - nodeFloor), p.identical === undefined ? 'n/a' : p.identical ? 'yes' : 'NO',
      p.goal ? `<= 1x: ${verdict(p.ratio <= 1)}` : 'info',
    ]),
  ], 2));

  // 2. in-process (Node)
  const script = await bundleColdCall();
  const inProc: InProcessTiming[] = [];
  for (const t of files) {
    const ops: OpName[] = t.raw ? ['indexBtf', 'rawDump', 'decodeBtf'] : ['readElf', 'readBtfSource'];
    for (const op of ops) inProc.push(timeInProcess(script, op, t.path, COLD, RUNS));
  }
  log(`\n2. in-process under Node, ms: cold = first call in a fresh node (median of ${COLD}), warm = median of ${RUNS}`);
  log(table([
    ['file', 'call', 'cold', 'warm'],
    ...inProc.map((r) => [files.find((t) => t.path === r.file)!.key, r.op === 'rawDump' ? 'indexBtf + formatBtfRawBytes' : r.op, fmtMs(median(r.coldMs)), fmtMs(r.warmMedianMs)]),
  ], 2));

  // 3. in the worker (Chromium)
  const vm = files.find((t) => t.raw);
  const chrome = vm ? await timeInChromium(vm.path, WORKERS) : 'no vmlinux BTF: the in-worker part is skipped.';
  const goals: string[] = procs.filter((p) => p.goal).map((p) => `${p.file}: ${p.title}, no slower: ${p.ratio.toFixed(2)}x -> ${verdict(p.ratio <= 1)}`);
  if (typeof chrome === 'string') {
    log(`\n3. ${chrome}`);
  } else {
    const stat = (xs: number[]): [string, string] => [fmtMs(xs[0]!), fmtMs(median(xs))];
    const browse = chrome.browse.map((w) => w.totalMs);
    const decode = chrome.decode.map((w) => w.totalMs);
    log(`\n3. in a Worker in ${chrome.browser}, vmlinux, ms: first = the page's first worker, median of ${WORKERS} fresh workers`);
    log(table([
      ['what', 'first', 'median', `vs ${GOAL_WORKER_MS} ms`],
      ['open type browser: indexBtf + 200 names + 50 typeAt', ...stat(browse), `goal: ${verdict(browse[0]! < GOAL_WORKER_MS && median(browse) < GOAL_WORKER_MS)}`],
      ['  of which indexBtf', ...stat(chrome.browse.map((w) => w.indexMs)), ''],
      ['  of which first page (names + typeAt)', ...stat(chrome.browse.map((w) => w.pageMs)), ''],
      ['decodeBtf (whole graph + loop checks)', ...stat(decode), `info: ${median(decode) < GOAL_WORKER_MS ? 'under' : 'over'}`],
    ]));
    goals.push(`type browser open in the worker < ${GOAL_WORKER_MS} ms: first ${fmtMs(browse[0]!)}, median ${fmtMs(median(browse))} -> ${verdict(browse[0]! < GOAL_WORKER_MS && median(browse) < GOAL_WORKER_MS)}`);
    goals.push(`(no goal) whole decodeBtf in the worker: median ${fmtMs(median(decode))} ms, ${median(decode) < GOAL_WORKER_MS ? 'under' : 'over'} ${GOAL_WORKER_MS} ms`);
  }
  log('\ngoals:');
  for (const g of goals) log(`  ${g}`);
  log(`  (a Node process costs ${fmtMs(nodeFloor)} ms before any work: below that no \`bpflc\` ratio can reach bpftool's)`);

  if (JSON_OUT) {
    console.log(JSON.stringify({
      env: { node: process.version, bpftool, llvmReadelf: readelf, date: new Date().toISOString(), runs: RUNS, coldRuns: COLD, workers: WORKERS },
      files: files.map((t) => ({ key: t.key, path: t.path, bytes: statSync(t.path).size, what: t.what })),
      nodeFloorMs: nodeFloor, processes: procs, inProcess: inProc, chromium: chrome, goals,
    }, null, 2));
  }
}

await main();
