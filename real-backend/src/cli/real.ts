// `bpflc real <obj|.bpf.c> [--log-level 1|2] [--json|--strace]`: load an object into this kernel with the
// agent's own loader (real BPF_BTF_LOAD, BPF_MAP_CREATE, BPF_PROG_LOAD, ...), print what happened, then
// close everything (nothing is pinned, nothing outlives the command). A .bpf.c is compiled first with the
// real clang and bpftool (the toolchain stage, cached). Needs CAP_BPF (or root).
// e.g. `bpflc real content/examples/minimal/build/minimal.bpf.o --json` → the LifecycleResult of the load
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printStrace } from '@bpflc/sim/trace/strace-print';
import { hasCap, KernelSession } from '../kernel/index.ts';
import { formatSummary } from '../loader/summary.ts';
import { loadObject, toLifecycleResult, unload } from '../loader/index.ts';
import { buildSource, nameFromBpfFile } from '../toolchain/index.ts';
import { readObjectBytes } from './object-file.ts';

export const REAL_USAGE = 'bpflc real <obj|.bpf.c> [--log-level 1|2] [--json|--strace]';
export const REAL_SUMMARY = 'load the object into this kernel with the agent\'s loader: every syscall, verdicts, verifier logs, xlated and jited images';

const CMD = 'bpflc real';

interface RealArgs {
  file: string;
  logLevel: 1 | 2;
  output: 'summary' | 'json' | 'strace';
}

function parseArgs(args: string[]): RealArgs | string {
  let logLevel: 1 | 2 = 1;
  let output: RealArgs['output'] = 'summary';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json' || a === '--strace') {
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
  return { file: files[0]!, logLevel, output };
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
  const obj = await objectOf(a.file);
  if (!obj.ok) {
    process.stderr.write(`${obj.message}\n`);
    return 1;
  }
  const s = new KernelSession();
  const r = await loadObject(s, obj.bytes, { logLevel: a.logLevel, path: obj.name });
  if (r.ok) unload(s, r.value);
  const result = toLifecycleResult(r.ok ? r.value : r.error, s.events, a.file);
  if (a.output === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (a.output === 'strace') process.stdout.write(printStrace(s.events.filter((e) => e.kind === 'syscall')));
  else if (r.ok) process.stdout.write(formatSummary(r.value, s.events, `${CMD}: ${a.file} (sha256 ${r.value.sha256.slice(0, 12)}…) on Linux ${r.value.kernelRelease}, agent loader, verifier log level ${a.logLevel}`));
  if (!r.ok) {
    process.stderr.write(`${CMD}: ${a.file}: ${r.error.message}.\n`);
    return 1;
  }
  return r.value.programs.every((p) => p.verdict === 'accepted') ? 0 : 1;
}
