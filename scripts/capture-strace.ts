// node --import tsx scripts/capture-strace.ts [name…] [--events] [--list]
// Runs real loaders (the `minimal` skeleton binary, `bpftool prog loadall`, BCC under Debian's python3) under
// strace and stores what strace wrote in tests/golden/strace/<name>.strace, untouched, with a sidecar
// <name>.meta.json (exact strace command line, strace/bpftool/BCC versions, kernel, exit status, input hashes)
// and the loader's own stderr in <name>.stderr.txt (libbpf's messages, the verifier log of a rejected load).
// Then it parses every capture with sim/src/trace/strace-parse.ts into <name>.events.json, the expected events
// the golden test compares against (review them as a diff).
//   no name       capture everything in CAPTURES (needs root/CAP_BPF, bpffs, strace; BCC captures need
//                 python3-bpfcc and kernel headers and are skipped with a reason otherwise)
//   name…         only those captures
//   --events      capture nothing: only re-parse the existing .strace files into .events.json
//   --list        print the capture names and what each shows
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStrace } from '../sim/src/trace/strace-parse.ts';
import { straceArgv as straceCommand, traceCommand, type Traced } from '../real-backend/src/reference/run-under-strace.ts';
import { hostInfo } from './build-content/toolchain.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = 'tests/golden/strace';
/** One bpffs directory for every bpftool capture, so that pin paths are the same from run to run. */
const PIN_DIR = '/sys/fs/bpf/bpflc-strace';
const HEADERS_HINT =
  'BCC compiles at run time against kernel headers: apt-get install linux-headers-6.1.0-56-amd64 (the script links ' +
  '/lib/modules/$(uname -r)/{build,source} to it for the run and removes the links afterwards)';

interface CaptureSpec {
  name: string;
  what: string;
  argv: string[];
  /** Stop a long-running loader with a signal after this many ms (the skeleton loop runs until SIGINT). */
  stopAfterMs?: number;
  /** Run (untraced) before the traced command, e.g. to load and pin what it inspects. */
  setup?: string[];
  /** bpffs directories bpftool pins into: they must not exist before and are removed after. */
  pinDirs?: string[];
  bcc?: boolean;
  inputs: string[];
}

const obj = (slug: string): string => `content/examples/${slug}/build/${slug.replace(/-/g, '_')}.bpf.o`;
const loadall = (slug: string, suffix = ''): CaptureSpec => ({
  name: `bpftool-${slug}${suffix}`,
  what: `bpftool prog loadall of the ${slug} example object: libbpf (inside bpftool) loads BTF, maps and programs and pins the programs`,
  argv: ['bpftool', 'prog', 'loadall', obj(slug), PIN_DIR],
  pinDirs: [PIN_DIR],
  inputs: [obj(slug)],
});
const skel = (n: number): CaptureSpec => ({
  name: `minimal-skel-${n}`,
  what: 'the minimal example\'s skeleton loader (minimal.c): open, load, attach (tracepoint via perf_event_open + BPF_LINK_CREATE), ~1 s of run, SIGINT, destroy',
  argv: ['content/.cache/minimal/minimal'],
  stopAfterMs: 1000,
  inputs: [obj('minimal'), 'content/examples/minimal/minimal.c'],
});

export const CAPTURES: readonly CaptureSpec[] = [
  skel(1),
  skel(2),
  loadall('minimal', '-1'),
  loadall('minimal', '-2'),
  loadall('ringbuf'),
  loadall('subprog-loop'),
  loadall('xdp-count'),
  loadall('socket-filter'),
  loadall('raw-tp'),
  loadall('hello-kprobe'),
  {
    ...loadall('rejected'),
    what: 'bpftool prog loadall of the rejected example: BPF_PROG_LOAD fails with EACCES, libbpf retries with a verifier log (the log text is in the .stderr.txt: strace 6.1 prints log_buf on entry, before the kernel writes it)',
  },
  {
    name: 'bpftool-parallel',
    what: 'three bpftool prog loadall processes at once under one strace -f (ringbuf, subprog-loop, raw-tp): interleaved pids and calls split into "<unfinished ...>" / "<... resumed>" halves',
    argv: ['sh', '-c', ['ringbuf', 'subprog-loop', 'raw-tp'].map((s, i) => `bpftool prog loadall ${obj(s)} ${PIN_DIR}-${'abc'[i]}`).join(' & ') + '; wait'],
    pinDirs: ['a', 'b', 'c'].map((x) => `${PIN_DIR}-${x}`),
    inputs: ['ringbuf', 'subprog-loop', 'raw-tp'].map(obj),
  },
  {
    name: 'bpftool-prog-show',
    what: 'bpftool prog show of the minimal program (loaded and pinned beforehand, untraced): BPF_OBJ_GET, then BPF_OBJ_GET_INFO_BY_FD whose out-values strace prints as "jited_prog_len=0 => 70", the prog tag as a hex string',
    setup: ['bpftool', 'prog', 'loadall', obj('minimal'), PIN_DIR],
    argv: ['bpftool', 'prog', 'show', 'pinned', `${PIN_DIR}/handle_tp`],
    pinDirs: [PIN_DIR],
    inputs: [obj('minimal')],
  },
  {
    name: 'bcc-kprobe',
    what: 'BCC (python3-bpfcc) compiles and loads a kprobe program, then attach_kprobe fails: this kernel has no kprobes (the failing step is a tracefs write, not a traced call)',
    argv: ['/usr/bin/python3', `${OUT_DIR}/inputs/bcc_kprobe.py`],
    bcc: true,
    inputs: [`${OUT_DIR}/inputs/bcc_kprobe.py`],
  },
  {
    name: 'bcc-tracepoint',
    what: 'BCC loads a tracepoint program and attaches it the legacy way: perf_event_open + ioctl(PERF_EVENT_IOC_SET_BPF) + ioctl(PERF_EVENT_IOC_ENABLE), then cleans up',
    argv: ['/usr/bin/python3', `${OUT_DIR}/inputs/bcc_tracepoint.py`],
    bcc: true,
    inputs: [`${OUT_DIR}/inputs/bcc_tracepoint.py`],
  },
  {
    name: 'bcc-uprobe',
    what: 'BCC attaches a uprobe on libc getpid() through the uprobe perf PMU: perf_event_open with a type strace has no name for, then ioctl SET_BPF/ENABLE, ~1 s, cleanup',
    argv: ['/usr/bin/python3', `${OUT_DIR}/inputs/bcc_uprobe.py`],
    bcc: true,
    inputs: [`${OUT_DIR}/inputs/bcc_uprobe.py`],
  },
];

function run(argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function sha256File(rel: string): string {
  return createHash('sha256').update(readFileSync(path.join(ROOT, rel))).digest('hex');
}

function dpkgVersion(pkg: string): string | null {
  const r = run(['dpkg-query', '-W', '-f', '${Version}', pkg]);
  return r.status === 0 && r.stdout !== '' ? r.stdout : null;
}

function ensureBpffs(): void {
  if (run(['mountpoint', '-q', '/sys/fs/bpf']).status !== 0) {
    const m = run(['mount', '-t', 'bpf', 'bpf', '/sys/fs/bpf']);
    if (m.status !== 0) throw new Error(`cannot mount bpffs on /sys/fs/bpf: ${m.stderr.trim()}`);
  }
}

/** BCC looks for headers under /lib/modules/<release>/{build,source}; link Debian's split header packages there. */
function prepareBccHeaders(): { ok: true; cleanup: () => void; headers: string } | { ok: false; why: string } {
  if (run(['/usr/bin/python3', '-c', 'import bcc']).status !== 0) return { ok: false, why: 'python3-bpfcc is not installed (apt-get install -y python3-bpfcc)' };
  const modDir = `/lib/modules/${os.release()}`;
  if (existsSync(`${modDir}/build`)) return { ok: true, cleanup: () => {}, headers: `${modDir}/build (already present)` };
  const src = existsSync('/usr/src') ? readdirSync('/usr/src') : [];
  const arch = src.filter((d) => /^linux-headers-.*-amd64$/.test(d)).sort().pop();
  const common = arch?.replace(/-amd64$/, '-common');
  if (arch === undefined || common === undefined || !src.includes(common)) return { ok: false, why: HEADERS_HINT };
  const createdDir = !existsSync(modDir);
  mkdirSync(modDir, { recursive: true });
  symlinkSync(`/usr/src/${arch}`, `${modDir}/build`);
  symlinkSync(`/usr/src/${common}`, `${modDir}/source`);
  return {
    ok: true,
    headers: `/usr/src/${arch} + /usr/src/${common} (${dpkgVersion(arch) ?? '?'}), linked from ${modDir} for the run`,
    cleanup: () => {
      rmSync(`${modDir}/build`);
      rmSync(`${modDir}/source`);
      if (createdDir) rmSync(modDir, { recursive: true });
    },
  };
}

async function capture(spec: CaptureSpec, versions: Record<string, string | null>): Promise<string> {
  const missing = spec.inputs.filter((f) => !existsSync(path.join(ROOT, f)));
  if (spec.argv[0]!.startsWith('content/.cache/') && !existsSync(path.join(ROOT, spec.argv[0]!))) missing.push(spec.argv[0]!);
  if (missing.length > 0) return `skipped: missing ${missing.join(', ')} (run npm run build-content minimal)`;
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', PYTHONDONTWRITEBYTECODE: '1' };
  const pinDirs = spec.pinDirs ?? [];
  if (pinDirs.length > 0) ensureBpffs();
  const stale = pinDirs.filter((d) => existsSync(d));
  if (stale.length > 0) return `skipped: ${stale.join(', ')} exists (another run?); remove it first`;
  let cleanup = (): void => {};
  let headers: string | undefined;
  if (spec.bcc) {
    const h = prepareBccHeaders();
    if (!h.ok) return `skipped: ${h.why}`;
    cleanup = h.cleanup;
    headers = h.headers;
  }
  if (spec.setup !== undefined) {
    const r = run(spec.setup);
    if (r.status !== 0) {
      cleanup();
      for (const d of pinDirs) if (existsSync(d)) rmSync(d, { recursive: true });
      return `skipped: setup ${spec.setup.join(' ')} failed: ${r.stderr.trim()}`;
    }
  }
  const straceFile = `${OUT_DIR}/${spec.name}.strace`;
  // strace options and the SIGINT stop live in real-backend/src/reference/run-under-strace.ts (one implementation).
  const straceArgv = straceCommand(straceFile, spec.argv);
  let t: Traced;
  try {
    t = await traceCommand({
      command: spec.argv,
      straceFile,
      cwd: ROOT,
      env,
      timeoutMs: 120_000,
      ...(spec.stopAfterMs !== undefined ? { stop: { stopAfterMs: spec.stopAfterMs } } : {}),
    });
  } finally {
    cleanup();
    for (const d of pinDirs) if (existsSync(d)) rmSync(d, { recursive: true });
  }
  writeFileSync(path.join(ROOT, OUT_DIR, `${spec.name}.stderr.txt`), t.stderr);
  const meta = {
    schema: 1,
    name: spec.name,
    what: spec.what,
    generatedBy: 'scripts/capture-strace.ts',
    strace: { version: versions.strace, argv: straceArgv },
    command: spec.argv,
    ...(spec.setup !== undefined ? { setupUntraced: spec.setup } : {}),
    cwd: '.',
    ...(pinDirs.length > 0 ? { pinDirs: pinDirs.map((d) => `${d} (removed after the run)`) } : {}),
    ...(spec.stopAfterMs !== undefined ? { stop: t.stopped ?? 'the loader was not found to signal' } : {}),
    ...(headers !== undefined ? { kernelHeaders: headers } : {}),
    exit: { code: t.code, signal: t.signal },
    stdout: t.stdout,
    files: { strace: `${spec.name}.strace`, stderr: `${spec.name}.stderr.txt`, events: `${spec.name}.events.json` },
    host: hostInfo(),
    tools: spec.bcc
      ? { python3: versions.python3, 'python3-bpfcc': versions.bcc, strace: versions.strace }
      : { bpftool: versions.bpftool, strace: versions.strace, ...(spec.argv[0]!.startsWith('content/') ? { libbpf: versions.libbpf } : {}) },
    inputs: Object.fromEntries(spec.inputs.map((f) => [f, sha256File(f)])),
    capturedAt: new Date().toISOString().slice(0, 10),
  };
  writeFileSync(path.join(ROOT, OUT_DIR, `${spec.name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
  return `captured (exit ${t.code ?? t.signal})`;
}

/** Sorted object keys, recursively (STYLE.md: goldens with sorted keys). */
function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]));
  }
  return x;
}

/**
 * The expected events of a capture as JSON: a header, then one event per line (sorted keys), so that a change in
 * the parser shows in a review as the lines of the events it changed.
 */
export function eventsGolden(name: string, events: readonly unknown[], issues: readonly unknown[]): string {
  const head = JSON.stringify({ capture: `${name}.strace`, generatedBy: 'scripts/capture-strace.ts --events', issues: sortKeys(issues) });
  const lines = events.map((e) => JSON.stringify(sortKeys(e)));
  return `${head.slice(0, -1)},\n"events": [\n${lines.join(',\n')}\n]}\n`;
}

/** .strace → .events.json: the parser's events and issues, the expected output the golden test checks. */
export function writeEvents(name: string): string {
  const text = readFileSync(path.join(ROOT, OUT_DIR, `${name}.strace`), 'utf8');
  const parsed = parseStrace(text, { source: 'reference' });
  writeFileSync(path.join(ROOT, OUT_DIR, `${name}.events.json`), eventsGolden(name, parsed.events, parsed.issues));
  return `${parsed.events.length} events, ${parsed.issues.length} issues`;
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--list')) {
    for (const c of CAPTURES) console.log(`${c.name.padEnd(24)} ${c.what}`);
    return 0;
  }
  const names = args.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !CAPTURES.some((c) => c.name === n));
  if (unknown.length > 0) {
    console.error(`no such capture: ${unknown.join(', ')} (see --list)`);
    return 2;
  }
  const chosen = names.length > 0 ? CAPTURES.filter((c) => names.includes(c.name)) : CAPTURES;
  mkdirSync(path.join(ROOT, OUT_DIR), { recursive: true });
  if (!args.includes('--events')) {
    if (run(['strace', '-V']).status !== 0) {
      console.error('strace not found: apt-get install strace');
      return 1;
    }
    const bpftool = run(['bpftool', 'version']).stdout;
    const versions = {
      strace: firstLine(run(['strace', '-V']).stdout),
      bpftool: firstLine(bpftool),
      libbpf: dpkgVersion('libbpf1') ?? null,
      python3: firstLine(run(['/usr/bin/python3', '--version']).stdout),
      bcc: dpkgVersion('python3-bpfcc'),
    };
    for (const spec of chosen) console.log(`${spec.name.padEnd(24)} ${await capture(spec, versions)}`);
  }
  for (const spec of chosen) {
    if (existsSync(path.join(ROOT, OUT_DIR, `${spec.name}.strace`))) console.log(`${spec.name.padEnd(24)} ${writeEvents(spec.name)}`);
  }
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
