// `bpflc real <obj|.bpf.c> [--log-level 1|2] [--json|--strace]`: load an object into this kernel with the
// agent's own loader (real BPF_BTF_LOAD, BPF_MAP_CREATE, BPF_PROG_LOAD, ...), print what happened, then
// close everything (nothing is pinned, nothing outlives the command). A .bpf.c is compiled first with the
// real clang and bpftool (the toolchain stage, cached). Needs CAP_BPF (or root).
// e.g. `bpflc real content/examples/minimal/build/minimal.bpf.o --json` → the LifecycleResult of the load
// --attach: after the load, attach every accepted program (link mode; --attach-mode legacy for perf_event_open +
// PERF_EVENT_IOC_SET_BPF), run --duration seconds (default 2) printing bpf_printk lines, ring/perf buffer records
// and the maps at the end, then detach and unload (server/handlers/attach.ts does the work). Ctrl-C ends the run
// early and still detaches. Exit codes: 0 loaded (and attached, or the attach was refused because this machine or
// the agent lacks the mechanism: no kprobes, trampolines refused, not built yet; the refusal is printed),
// 1 the load failed, 2 usage, 3 an attach failed for another reason (an errno, an invalid target).
// --loader libbpf: instead of the agent, a real loader under strace is the witness (reference/): the example's
// own skeleton loader when a loader .c sits beside the source, else `bpftool prog loadall` (noted); same output
// modes; --compare prints the agent's trace aligned with the reference one (feature probes marked).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printStrace } from '@bpflc/sim/trace/strace-print';
import { hasCap, KernelSession } from '../kernel/index.ts';
import { formatSummary } from '../loader/summary.ts';
import { loadObject, toLifecycleResult, unload } from '../loader/index.ts';
import { buildSource, nameFromBpfFile } from '../toolchain/index.ts';
import { attachAndRun, DEFAULT_DURATION_SEC, type AttachRunResult } from '../server/handlers/attach.ts';
import { readObjectBytes } from './object-file.ts';
import { runReference } from '../reference/index.ts';
import { formatAlignment, formatReferenceSummary } from '../reference/summary.ts';
import { REAL_USAGE } from './commands.ts';


const CMD = 'bpflc real';

interface RealArgs {
  file: string;
  logLevel: 1 | 2;
  output: 'summary' | 'json' | 'strace';
  attach: boolean;
  attachMode: 'link' | 'legacy';
  durationSec: number;
  loader: 'agent' | 'libbpf';
  compare: boolean;
}

/** Refusals that say what this machine or the agent lacks, not that something went wrong: exit 0. */
const ENVIRONMENT_REFUSALS = new Set(['unavailable', 'trampoline-refused', 'later']);

function parseArgs(args: string[]): RealArgs | string {
  let logLevel: 1 | 2 = 1;
  let output: RealArgs['output'] = 'summary';
  const files: string[] = [];
  let attach = false;
  let attachMode: RealArgs['attachMode'] | undefined;
  let durationSec: number | undefined;
  let loader: RealArgs['loader'] = 'agent';
  let compare = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--attach') {
      attach = true;
    } else if (a === '--compare') {
      compare = true;
    } else if (a === '--loader' || a.startsWith('--loader=')) {
      const v = a.includes('=') ? a.slice('--loader='.length) : args[++i];
      if (v !== 'agent' && v !== 'libbpf') return `${CMD}: --loader wants agent (the agent's own loader) or libbpf (a real loader under strace), got ${v === undefined ? 'nothing' : JSON.stringify(v)}.`;
      loader = v;
    } else if (a === '--attach-mode' || a.startsWith('--attach-mode=')) {
      const v = a.includes('=') ? a.slice('--attach-mode='.length) : args[++i];
      if (v !== 'link' && v !== 'legacy') return `${CMD}: --attach-mode wants link (BPF_LINK_CREATE) or legacy (PERF_EVENT_IOC_SET_BPF), got ${v === undefined ? 'nothing' : JSON.stringify(v)}.`;
      attachMode = v;
    } else if (a === '--duration' || a.startsWith('--duration=')) {
      const v = a.includes('=') ? a.slice('--duration='.length) : args[++i];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n) || n <= 0 || n > 3600) return `${CMD}: --duration wants seconds in (0, 3600], got ${v === undefined ? 'nothing' : JSON.stringify(v)}.`;
      durationSec = n;
    } else if (a === '--json' || a === '--strace') {
      const want = a === '--json' ? 'json' : 'strace';
      if (output !== 'summary' && output !== want) return `${CMD}: --json and --strace cannot be combined. Usage: ${REAL_USAGE}`;
      output = want;
    } else if (a === '--log-level' || a.startsWith('--log-level=')) {
      const v = a.includes('=') ? a.slice('--log-level='.length) : args[++i];
      if (v !== '1' && v !== '2') return `${CMD}: --log-level wants 1 (the verdict path) or 2 (every instruction), got ${v === undefined ? 'nothing' : JSON.stringify(v)}.`;
      logLevel = v === '1' ? 1 : 2;
    } else if (a.startsWith('-')) {
      return `${CMD}: unknown option ${a}. Usage: ${REAL_USAGE}`;
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) return `${CMD}: expected one object (.o) or source (.bpf.c), got ${files.length}. Usage: ${REAL_USAGE}`;
  if (!attach && (attachMode !== undefined || durationSec !== undefined)) return `${CMD}: --attach-mode and --duration go with --attach. Usage: ${REAL_USAGE}`;
  if (loader === 'libbpf' && attach) return `${CMD}: --attach goes with the agent's loader; the libbpf skeleton loader attaches by itself. Usage: ${REAL_USAGE}`;
  if (compare && loader !== 'libbpf') return `${CMD}: --compare goes with --loader libbpf. Usage: ${REAL_USAGE}`;
  if (compare && output !== 'summary') return `${CMD}: --compare prints text; leave out --json/--strace. Usage: ${REAL_USAGE}`;
  return { file: files[0]!, logLevel, output, attach, attachMode: attachMode ?? 'link', durationSec: durationSec ?? DEFAULT_DURATION_SEC, loader, compare };
}

/** The object's bytes and the file name libbpf would derive the object name from. */
async function objectOf(file: string): Promise<{ ok: true; bytes: Uint8Array; name: string } | { ok: false; message: string }> {
  if (!file.endsWith('.bpf.c')) {
    const r = readObjectBytes(CMD, file);
    return r.ok ? { ok: true, bytes: r.bytes, name: path.basename(file) } : r;
  }
  const name = nameFromBpfFile(path.basename(file));
  if (!name.ok) return { ok: false, message: `${CMD}: ${name.error.message}.` };
  let bpfSource: string;
  try {
    bpfSource = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, message: `${CMD}: cannot read ${file}: ${(e as Error).message}; check the path.` };
  }
  const built = await buildSource({ name: name.value, bpfSource });
  if (!built.ok) {
    const e = built.error;
    const detail = 'diagnostics' in e && e.diagnostics.length > 0 ? `\n${e.diagnostics.map((d) => `  ${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`).join('\n')}` : '';
    return { ok: false, message: `${CMD}: building ${file} failed: ${e.message}${detail}` };
  }
  return { ok: true, bytes: built.value.object, name: `${name.value}.bpf.o` };
}

export async function runReal(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    process.stderr.write(`${a}\n`);
    return 2;
  }
  if (!hasCap('CAP_BPF') && !hasCap('CAP_SYS_ADMIN')) {
    process.stderr.write(`${CMD}: this process lacks CAP_BPF (and CAP_SYS_ADMIN), so the kernel would refuse every bpf() call with EPERM; run it as root, or use \`bpflc sim\` for the simulated load.\n`);
    return 1;
  }
  if (a.loader === 'libbpf') return runWithReference(a);
  const obj = await objectOf(a.file);
  if (!obj.ok) {
    process.stderr.write(`${obj.message}\n`);
    return 1;
  }
  const s = new KernelSession();
  const r = await loadObject(s, obj.bytes, { logLevel: a.logLevel, path: obj.name });
  const loadedOk = r.ok && r.value.programs.every((p) => p.verdict === 'accepted');
  let ar: AttachRunResult | undefined;
  if (r.ok && a.attach) {
    if (a.output === 'summary') {
      process.stdout.write(formatSummary(r.value, s.events, `${CMD}: ${a.file} (sha256 ${r.value.sha256.slice(0, 12)}…) on Linux ${r.value.kernelRelease}, agent loader, verifier log level ${a.logLevel}`));
      const ids = [...r.value.programs.filter((p) => p.id !== undefined).map((p) => `prog ${p.name} ${p.id}`), ...r.value.maps.filter((m) => m.id !== undefined).map((m) => `map ${m.name} ${m.id}`)];
      process.stdout.write(`\nkernel ids: ${ids.join(', ')}\n`);
    }
    ar = await runAttached(s, r.value, a);
  }
  if (r.ok) unload(s, r.value);
  const result = { ...toLifecycleResult(r.ok ? r.value : r.error, s.events, a.file), ...(ar ? { attach: ar.attach, run: ar.run } : {}) };
  if (a.output === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (a.output === 'strace') process.stdout.write(printStrace(s.events.filter((e) => e.kind === 'syscall')));
  else if (r.ok && !ar) process.stdout.write(formatSummary(r.value, s.events, `${CMD}: ${a.file} (sha256 ${r.value.sha256.slice(0, 12)}…) on Linux ${r.value.kernelRelease}, agent loader, verifier log level ${a.logLevel}`));
  else if (ar) process.stdout.write('detached and unloaded: every fd closed, nothing pinned\n');
  if (!r.ok) {
    process.stderr.write(`${CMD}: ${a.file}: ${r.error.message}.\n`);
    return 1;
  }
  if (!loadedOk) return 1;
  if (ar?.attach.some((x) => x.error !== undefined && !ENVIRONMENT_REFUSALS.has(x.errorKind ?? ''))) return 3;
  return 0;
}

/** Attach, run, detach; in summary mode each attach, printk line and record is printed as it arrives. */
async function runAttached(s: KernelSession, loaded: Parameters<typeof attachAndRun>[1], a: RealArgs): Promise<AttachRunResult> {
  const live = a.output === 'summary';
  const out = (t: string): void => void (live && process.stdout.write(`${t}\n`));
  let notedEcho = 0;
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const ar = await attachAndRun(s, loaded, {
      mode: a.attachMode,
      durationSec: a.durationSec,
      signal: abort.signal,
      onNote: (t) => out(`note: ${t}`),
      onAttach: (x) => {
        if (x.error !== undefined) process.stderr.write(`${CMD}: ${x.program}: attach refused${x.errno ? ` (${x.errno})` : ''}: ${x.error}\n`);
        else out(`attached: ${x.program} → ${x.target} via ${x.via === 'link' ? 'BPF_LINK_CREATE' : x.via === 'legacy' ? 'perf_event_open + PERF_EVENT_IOC_SET_BPF' : 'BPF_RAW_TRACEPOINT_OPEN'}${x.linkId !== undefined ? ` (link id ${x.linkId})` : ''}`);
        if (x.error === undefined && live && /write/.test(x.target ?? '') && !(notedEcho++)) out(`note: the lines this command prints are write(2) calls of its own pid too, so each one fires ${x.program} again`);
      },
      onPrintk: (l) => out(`printk: ${l.comm}-${l.pid} [${String(l.cpu).padStart(3, '0')}] ${l.ts.toFixed(6)}: ${l.msg}`),
      onRecord: (x) => out(`${x.source} ${x.map}${x.cpu !== undefined ? ` cpu ${x.cpu}` : ''}: ${x.data.length / 2} bytes ${x.data.slice(0, 96)}${x.data.length > 96 ? '…' : ''}`),
    });
    if (ar.attach.some((x) => !x.error)) out(`ran ${a.durationSec} s${abort.signal.aborted ? ' (stopped early by a signal)' : ''}: ${ar.run.printk.length} printk line(s), ${ar.run.records.length} record(s)`);
    for (const m of ar.run.maps) {
      out(`map ${m.name} (${m.type}): ${m.error ?? `${m.entries.length} entr${m.entries.length === 1 ? 'y' : 'ies'}${m.truncated ? ' (truncated)' : ''}`}`);
      for (const e of m.entries.slice(0, 16)) out(`  ${e.key}: ${Array.isArray(e.value) ? e.value.join(' | ') : e.value}`);
    }
    return ar;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `--loader libbpf`: the reference loader under strace; with --compare, the agent loads the same object too. */
async function runWithReference(a: RealArgs): Promise<number> {
  const r = await runReference(a.file);
  if (!r.ok) {
    const e = r.error;
    process.stderr.write(`${CMD}: ${a.file}: ${e.message}${e.kind === 'build' && e.diagnostics.length > 0 ? `\n${e.diagnostics.map((d) => `  ${d}`).join('\n')}` : ''}${e.kind === 'strace' && e.stderr ? `\n${e.stderr.trim()}` : ''}\n`);
    return 1;
  }
  const ref = r.value;
  if (a.output === 'json') process.stdout.write(`${JSON.stringify(ref, null, 2)}\n`);
  else if (a.output === 'strace') process.stdout.write(printStrace(ref.trace.filter((e) => e.kind === 'syscall')));
  else process.stdout.write(formatReferenceSummary(ref, `${CMD}: ${a.file} (sha256 ${ref.object.sha256.slice(0, 12)}…) on Linux ${ref.kernel}, reference loader ${ref.loader} under strace`));
  if (a.compare) {
    const obj = await objectOf(a.file);
    if (!obj.ok) {
      process.stderr.write(`${obj.message}\n`);
      return 1;
    }
    const s = new KernelSession();
    const agent = await loadObject(s, obj.bytes, { logLevel: a.logLevel, path: obj.name });
    if (agent.ok) unload(s, agent.value);
    process.stdout.write(`\n${formatAlignment(s.events, ref.trace)}`);
  }
  return ref.programs.length > 0 && ref.programs.every((p) => p.verdict === 'accepted') ? 0 : 1;
}
