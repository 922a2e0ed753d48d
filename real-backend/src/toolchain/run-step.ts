// Runs one toolchain command as a recorded step: an argument array (no shell), a fixed environment, a time
// limit that kills the whole process group (gcc runs cc1/as/collect2/ld under it), caps on captured text and
// on the files it writes; outputs hashed. Used by the content build (scripts/build-content) and the agent.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';
import type { StageId } from '@bpflc/sim/lifecycle/stages';
import type { OnProgress, StepOutput, StepRecord } from './step-record.ts';
import { missingToolMessage, TOOL_TABLE, type ToolName } from './tools.ts';

export interface StepSpec {
  id: string;
  stage: StageId;
  /** argv[0] is the tool's bare name (what the record shows); RunOptions.exe may say where it lives. */
  argv: readonly string[];
  /** Relative to RunOptions.root. */
  cwd: string;
  /** Files the command writes, relative to cwd. */
  outputs: readonly { path: string; committed: boolean }[];
  /** When set, stdout is the product: it streams to this file (relative to cwd) and is not kept as text. */
  stdoutTo?: string;
}

export interface StepLimits {
  /** Wall-clock limit; past it the process group gets SIGKILL. */
  timeoutMs: number;
  /** Captured stdout/stderr text kept per stream; the rest is dropped and the record says `truncated`. */
  maxCaptureBytes: number;
  /** Largest file a step may write (stdoutTo or an output); past it the step fails. */
  maxFileBytes: number;
}

export const DEFAULT_STEP_LIMITS: StepLimits = { timeoutMs: 120_000, maxCaptureBytes: 1 << 20, maxFileBytes: 64 << 20 };

export interface RunOptions {
  /** Absolute folder that spec.cwd is relative to. */
  root: string;
  /** Absolute path of the executable to run for argv[0] (else argv[0] is looked up on SAFE_PATH). */
  exe?: string;
  limits?: Partial<StepLimits>;
  /** TMPDIR for the tool (gcc's temporaries); os.tmpdir() when not set. */
  tmpDir?: string;
  /** Aborting kills the process group (the client that asked for the build went away). */
  signal?: AbortSignal;
  onProgress?: OnProgress;
}

export type StepFailureReason = 'exit' | 'signal' | 'timeout' | 'aborted' | 'output-limit' | 'spawn-failed' | 'missing-output' | 'write-failed';

export interface StepFailure {
  kind: 'step-failed';
  reason: StepFailureReason;
  record: StepRecord;
  /** One sentence for a person, then the command and the tool's own message. */
  message: string;
}

/**
 * The environment every tool gets, and nothing else: compiler variables such as CCC_OVERRIDE_OPTIONS, CPATH,
 * C_INCLUDE_PATH, COMPILER_PATH or GCC_EXEC_PREFIX would otherwise change flags and include paths behind the
 * command line the record shows. LC_ALL=C keeps diagnostics in English with ASCII quotes (the parser expects it).
 */
export const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export async function sha256File(file: string): Promise<string> {
  return sha256(await readFile(file));
}

// Process groups still running: killed if this process exits first, so no compiler outlives the agent.
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const g of liveGroups) killGroup(g);
    });
  }
  liveGroups.add(pid);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

const roundMs = (ns: bigint): number => Math.round(Number(ns) / 1e5) / 10;

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(b: Buffer): void {
    const room = this.cap - this.size;
    if (b.length > room) this.truncated = true;
    const keep = b.length > room ? b.subarray(0, Math.max(room, 0)) : b;
    if (keep.length > 0) {
      this.chunks.push(keep);
      this.size += keep.length;
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: NodeJS.ErrnoException | null;
  timedOut: boolean;
  aborted: boolean;
  overFileLimit: boolean;
  fileError: Error | null;
  durationMs: number;
}

const toolName = (argv0: string): string => path.basename(argv0);
const isKnownTool = (t: string): t is ToolName => Object.hasOwn(TOOL_TABLE, t);

/** Runs the step in root/spec.cwd. Every way it can go wrong is a StepFailure carrying the record so far. */
export async function runStep(spec: StepSpec, opts: RunOptions): Promise<Result<StepRecord, StepFailure>> {
  const limits = { ...DEFAULT_STEP_LIMITS, ...opts.limits };
  const absCwd = path.resolve(opts.root, spec.cwd);
  const [argv0, ...args] = spec.argv;
  if (argv0 === undefined) throw new Error(`step ${spec.id}: empty argv`);
  opts.onProgress?.({ kind: 'progress', step: spec.id, stage: spec.stage, state: 'start' });

  const stdout = new Capture(limits.maxCaptureBytes);
  const stderr = new Capture(limits.maxCaptureBytes);
  const fileOut = spec.stdoutTo === undefined ? null : path.resolve(absCwd, spec.stdoutTo);
  const exit = await spawnStep(opts.exe ?? argv0, args, absCwd, opts, limits, stdout, stderr, fileOut);

  const record: StepRecord = {
    id: spec.id,
    stage: spec.stage,
    tool: toolName(argv0),
    argv: [...spec.argv],
    cwd: spec.cwd,
    durationMs: exit.durationMs,
    exitCode: exit.code ?? (exit.signal ? 128 + (os.constants.signals[exit.signal] ?? 0) : 127),
    stdout: spec.stdoutTo !== undefined ? `→ ${spec.stdoutTo}` : stdout.text(),
    stderr: stderr.text(),
    outputs: [],
  };
  if (exit.signal) record.signal = exit.signal;
  if (exit.timedOut) record.timedOut = true;
  const truncated = [...(stdout.truncated ? ['stdout' as const] : []), ...(stderr.truncated ? ['stderr' as const] : [])];
  if (truncated.length > 0) record.truncated = truncated;

  const fail = async (reason: StepFailureReason, why: string): Promise<Result<StepRecord, StepFailure>> => {
    if (fileOut !== null) await unlink(fileOut).catch(() => {});
    opts.onProgress?.({ kind: 'progress', step: spec.id, stage: spec.stage, state: 'failed', durationMs: record.durationMs });
    const tail = record.stderr.trimEnd();
    const message = `${spec.id} failed: ${why}\n$ ${spec.argv.join(' ')}${tail ? `\n${tail}` : ''}`;
    return err({ kind: 'step-failed', reason, record, message });
  };

  const tool = record.tool;
  if (exit.spawnError) {
    const e = exit.spawnError;
    const why = e.code === 'ENOENT' && isKnownTool(tool) ? missingToolMessage(tool) : `${tool} could not start (${e.code ?? e.message})`;
    return fail('spawn-failed', why);
  }
  // Checked before the exit status: a tool that exits 0 as its group is killed still counts as killed.
  if (exit.aborted) return fail('aborted', 'the build was cancelled; its process group was killed');
  if (exit.timedOut) return fail('timeout', `${tool} ran past the ${limits.timeoutMs} ms limit; its process group was killed`);
  if (exit.fileError) return fail('write-failed', `could not write ${spec.stdoutTo}: ${exit.fileError.message}`);
  if (exit.overFileLimit) return fail('output-limit', `${tool} wrote more than ${limits.maxFileBytes} bytes to ${spec.stdoutTo}`);
  if (exit.signal) return fail('signal', `${tool} was killed by ${exit.signal}`);
  if (exit.code !== 0) return fail('exit', `${tool} exited with status ${exit.code}`);

  const outputs: StepOutput[] = [];
  for (const o of spec.outputs) {
    const file = path.resolve(absCwd, o.path);
    const st = await stat(file).catch(() => null);
    if (st === null) return fail('missing-output', `${tool} exited 0 but did not write ${o.path}`);
    if (st.size > limits.maxFileBytes) return fail('output-limit', `${o.path} is ${st.size} bytes, more than the ${limits.maxFileBytes} allowed`);
    const bytes = await readFile(file);
    outputs.push({ path: o.path, sha256: sha256(bytes), size: bytes.length, committed: o.committed });
  }
  record.outputs = outputs;
  opts.onProgress?.({ kind: 'progress', step: spec.id, stage: spec.stage, state: 'done', durationMs: record.durationMs });
  return ok(record);
}

function spawnStep(
  file: string,
  args: readonly string[],
  cwd: string,
  opts: RunOptions,
  limits: StepLimits,
  stdout: Capture,
  stderr: Capture,
  fileOut: string | null,
): Promise<Exit> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const exit: Exit = { code: null, signal: null, spawnError: null, timedOut: false, aborted: false, overFileLimit: false, fileError: null, durationMs: 0 };
    const env = { PATH: SAFE_PATH, LC_ALL: 'C', LANG: 'C', TMPDIR: opts.tmpDir ?? os.tmpdir() };
    if (opts.signal?.aborted) {
      exit.aborted = true;
      resolve(exit);
      return;
    }
    // detached: the child leads a new process group, so a kill reaches its own children too.
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    const stop = (): void => {
      if (pid !== undefined) killGroup(pid);
    };

    let sink: WriteStream | null = null;
    let written = 0;
    if (fileOut !== null) {
      sink = createWriteStream(fileOut);
      sink.on('error', (e) => {
        exit.fileError = e;
        stop();
      });
    }
    child.stdout.on('data', (b: Buffer) => {
      if (sink === null) return stdout.push(b);
      written += b.length;
      if (written > limits.maxFileBytes) {
        exit.overFileLimit = true;
        stop();
      } else {
        sink.write(b);
      }
    });
    child.stderr.on('data', (b: Buffer) => stderr.push(b));

    const timer = setTimeout(() => {
      exit.timedOut = true;
      stop();
    }, limits.timeoutMs);
    const onAbort = (): void => {
      exit.aborted = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) liveGroups.delete(pid);
      exit.durationMs = roundMs(process.hrtime.bigint() - started);
      if (sink === null) resolve(exit);
      else sink.end(() => resolve(exit));
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      exit.spawnError = e;
      finish();
    });
    child.on('close', (code, signal) => {
      exit.code = code;
      exit.signal = signal;
      finish();
    });
  });
}
