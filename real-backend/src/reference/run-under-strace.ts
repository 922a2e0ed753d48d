// Runs a real loader (a libbpf skeleton binary, bpftool, BCC) under strace 6.1 and reads what strace wrote into
// TraceEvents with source 'reference' (stages and feature-probe notes from sim/src/trace/classify.ts). One
// implementation for the `--loader libbpf|bpftool` reference of `bpflc real` and for scripts/capture-strace.ts.
// A loader that never exits by itself (the skeleton loop runs until SIGINT) is stopped with SIGINT sent to the
// loader (not to strace, which would kill it) once its stdout matched `stopOn`, or after `stopAfterMs`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';
import { parseStrace, type StraceIssue, type StraceMetaLine } from '@bpflc/sim/trace/strace-parse';
import type { SyscallEvent } from '@bpflc/sim/trace/schema';
import { hasCap } from '../kernel/caps.ts';

/**
 * strace options: -f follows threads (BCC, libbpf helpers); -T adds each call's duration; -v prints whole structs
 * (every bpf_attr and perf_event_attr field, not "..."); -X abbrev keeps symbolic names (map_type=BPF_MAP_TYPE_ARRAY,
 * the UAPI spelling the TraceEvent args use); -s 4096 prints BTF blobs and strings up to 4 KiB before strace
 * truncates them with "..." (arrays such as insns are printed whole under -v).
 */
export const STRACE_OPTS = ['-f', '-T', '-v', '-X', 'abbrev', '-s', '4096', '-e', 'trace=bpf,perf_event_open,ioctl,close'] as const;

export const straceArgv = (straceFile: string, command: readonly string[]): string[] => ['strace', ...STRACE_OPTS, '-o', straceFile, '--', ...command];

export interface StopPolicy {
  /** SIGINT the loader this long after it started (also the fallback when `stopOn` never matches). */
  stopAfterMs: number;
  /** SIGINT the loader once its stdout (or stderr) matches this, after `runMs` more. */
  stopOn?: RegExp;
  runMs?: number;
}

export interface TraceCommandOptions {
  /** The traced command, argv[0] a path or a name on PATH. */
  command: readonly string[];
  straceFile: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stop?: StopPolicy;
  /** strace (and its tracee) get SIGKILL after this long. */
  timeoutMs?: number;
}

export interface Traced {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** How the loader was stopped, when a stop policy applied. */
  stopped?: string;
  timedOut?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The traced command's pid: strace's child, once it has exec'd the command (its comm is the command's name). */
function tracedChild(stracePid: number, command: string): number | null {
  try {
    const kids = readFileSync(`/proc/${stracePid}/task/${stracePid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const k of kids) {
      if (readFileSync(`/proc/${k}/comm`, 'utf8').trim() === path.basename(command).slice(0, 15)) return Number(k);
    }
  } catch {
    // strace or its child is gone already: nothing to signal
  }
  return null;
}

/** Spawns strace (argument array, no shell) on the command and waits for it, stopping the loader per `stop`. */
export async function traceCommand(o: TraceCommandOptions): Promise<Traced> {
  const argv = straceArgv(o.straceFile, o.command);
  const child = spawn(argv[0]!, argv.slice(1), { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let matchedAt: number | null = null;
  const look = (): void => {
    if (matchedAt === null && o.stop?.stopOn !== undefined && (o.stop.stopOn.test(stdout) || o.stop.stopOn.test(stderr))) matchedAt = Date.now();
  };
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString('utf8')), look()));
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString('utf8')), look()));
  let exited = false;
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on('error', (e) => ((stderr += `\n${e.message}`), (exited = true), resolve({ code: null, signal: null })));
    child.on('close', (code, signal) => ((exited = true), resolve({ code, signal })));
  });
  let timedOut = false;
  const timeout = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), o.timeoutMs ?? 60_000);
  let stopped: string | undefined;
  if (o.stop !== undefined && child.pid !== undefined) {
    const t0 = Date.now();
    let loader: number | null = null;
    for (let i = 0; i < 250 && loader === null && !exited; i++) {
      await sleep(20);
      loader = tracedChild(child.pid, o.command[0]!);
    }
    const runMs = o.stop.runMs ?? 0;
    while (!exited) {
      const now = Date.now();
      if (matchedAt !== null && now - matchedAt >= runMs) {
        stopped = `SIGINT to the loader ${runMs} ms after it printed ${String(o.stop.stopOn)}`;
        break;
      }
      if (now - t0 >= o.stop.stopAfterMs) {
        stopped = `SIGINT to the loader ${o.stop.stopAfterMs} ms after it started`;
        break;
      }
      await sleep(10);
    }
    if (!exited && stopped !== undefined) {
      try {
        if (loader !== null) process.kill(loader, 'SIGINT');
        else stopped = 'the loader was not found to signal';
      } catch (e) {
        stopped = `could not signal the loader (${e instanceof Error ? e.message : String(e)})`;
      }
    } else {
      stopped = 'the loader exited by itself';
    }
  }
  const r = await done;
  clearTimeout(timeout);
  return { ...r, stdout, stderr, ...(stopped !== undefined ? { stopped } : {}), ...(timedOut ? { timedOut } : {}) };
}

/** "strace -- version 6.1", or null when strace is not installed. */
export function straceVersion(): string | null {
  const r = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout.split('\n')[0] ?? '').trim() : null;
}

export type ReferenceFailure =
  | { kind: 'no-strace'; message: string }
  | { kind: 'not-root'; message: string }
  | { kind: 'build'; message: string; diagnostics: string[] }
  | { kind: 'no-loader'; message: string }
  | { kind: 'setup'; message: string }
  | { kind: 'strace'; message: string; stderr: string };

/** What one traced run gave: the parsed calls and everything needed to reproduce or judge it. */
export interface ReferenceRun {
  events: SyscallEvent[];
  issues: StraceIssue[];
  meta: StraceMetaLine[];
  /** strace's text, untouched. */
  straceText: string;
  stdout: string;
  stderr: string;
  exit: { code: number | null; signal: string | null };
  stopped?: string;
  strace: { version: string; argv: string[] };
  command: string[];
  durationMs: number;
}

/** Why a reference run cannot happen here, or null when it can (root with CAP_BPF, strace installed). */
export function referencePrecondition(): ReferenceFailure | null {
  if (process.getuid?.() !== 0) return { kind: 'not-root', message: 'a reference loader needs root (CAP_BPF to load, ptrace for strace): run it as root' };
  if (!hasCap('CAP_BPF') && !hasCap('CAP_SYS_ADMIN')) return { kind: 'not-root', message: 'this process is root but lacks CAP_BPF (and CAP_SYS_ADMIN): the loader\'s bpf() calls would fail with EPERM' };
  if (straceVersion() === null) return { kind: 'no-strace', message: 'strace is not installed: run scripts/system-deps (or apt-get install strace)' };
  return null;
}

export interface RunUnderStraceOptions {
  command: readonly string[];
  /** The loader's working directory (a fresh temp dir when absent, removed after). */
  cwd?: string;
  stop?: StopPolicy;
  timeoutMs?: number;
}

/** Runs the command under strace in a temp dir and parses the capture (source 'reference'). */
export async function runUnderStrace(o: RunUnderStraceOptions): Promise<Result<ReferenceRun, ReferenceFailure>> {
  const pre = referencePrecondition();
  if (pre !== null) return err(pre);
  const version = straceVersion()!;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bpflc-ref-'));
  try {
    const straceFile = path.join(tmp, 'trace.strace');
    const t0 = Date.now();
    const t = await traceCommand({
      command: o.command,
      straceFile,
      cwd: o.cwd ?? tmp,
      env: { ...process.env, LC_ALL: 'C' },
      ...(o.stop !== undefined ? { stop: o.stop } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
    const durationMs = Date.now() - t0;
    if (!readdirSync(tmp).includes('trace.strace')) {
      return err({ kind: 'strace', message: `strace wrote no trace (exit ${t.code ?? t.signal})${t.timedOut ? ' after the timeout' : ''}`, stderr: t.stderr });
    }
    const straceText = readFileSync(straceFile, 'utf8');
    const parsed = parseStrace(straceText, { source: 'reference' });
    // strace reports a command it cannot start ("strace: Can't stat 'x'") on its stderr and exits 1 with an empty trace.
    if (parsed.events.length === 0 && parsed.meta.length === 0 && t.code !== 0) {
      return err({ kind: 'strace', message: `strace could not run ${o.command[0]} (exit ${t.code ?? t.signal})`, stderr: t.stderr });
    }
    return ok({
      events: parsed.events,
      issues: parsed.issues,
      meta: parsed.meta,
      straceText,
      stdout: t.stdout,
      stderr: t.stderr,
      exit: { code: t.code, signal: t.signal },
      ...(t.stopped !== undefined ? { stopped: t.stopped } : {}),
      strace: { version, argv: straceArgv(straceFile, o.command) },
      command: [...o.command],
      durationMs,
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
