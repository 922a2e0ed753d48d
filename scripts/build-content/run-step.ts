// Runs one toolchain command as a build step: argument array (no shell), timed, outputs hashed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StageId } from '../../sim/src/lifecycle/stages.ts';
import type { StepOutput, StepRecord } from './manifest.ts';

/** A build that cannot go on: a missing tool, a failing command. The message is meant for a person. */
export class BuildError extends Error {
  constructor(message: string, readonly step?: StepRecord) {
    super(message);
    this.name = 'BuildError';
  }
}

export interface StepSpec {
  id: string;
  stage: StageId;
  argv: string[];
  /** Relative to the repository root. */
  cwd: string;
  /** Files the command writes, relative to cwd. */
  outputs: { path: string; committed: boolean }[];
  /** When set, stdout is the product: it is written to this file (relative to cwd), not kept as text. */
  stdoutTo?: string;
}

const STEP_TIMEOUT_MS = 120_000;

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export async function sha256File(file: string): Promise<string> {
  return sha256(await readFile(file));
}

interface Exit {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
  durationMs: number;
}

function spawnCollect(argv: string[], cwd: string): Promise<Exit> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('empty argv');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_TIMEOUT_MS });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => errOut.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new BuildError(`${cmd} not found: run scripts/system-deps`));
      else reject(new BuildError(`${cmd} could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(errOut),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    });
  });
}

/** Runs the step in root/spec.cwd. Throws BuildError (carrying the record) when it exits non-zero. */
export async function runStep(root: string, spec: StepSpec): Promise<StepRecord> {
  const absCwd = path.join(root, spec.cwd);
  const exit = await spawnCollect(spec.argv, absCwd);
  let stdout = exit.stdout.toString('utf8');
  if (spec.stdoutTo !== undefined && exit.code === 0) {
    await writeFile(path.join(absCwd, spec.stdoutTo), exit.stdout);
    stdout = `→ ${spec.stdoutTo}`;
  }
  const record: StepRecord = {
    id: spec.id,
    stage: spec.stage,
    tool: path.basename(spec.argv[0] ?? ''),
    argv: spec.argv,
    cwd: spec.cwd,
    durationMs: exit.durationMs,
    exitCode: exit.code,
    stdout,
    stderr: exit.stderr.toString('utf8'),
    outputs: [],
  };
  if (exit.code !== 0) {
    throw new BuildError(`${spec.id} failed (exit ${exit.code}) in ${spec.cwd}:\n$ ${spec.argv.join(' ')}\n${record.stderr.trimEnd()}`, record);
  }
  record.outputs = await Promise.all(spec.outputs.map((o) => describeOutput(absCwd, o)));
  return record;
}

async function describeOutput(absCwd: string, o: { path: string; committed: boolean }): Promise<StepOutput> {
  const bytes = await readFile(path.join(absCwd, o.path));
  return { path: o.path, sha256: sha256(bytes), size: bytes.length, committed: o.committed };
}
