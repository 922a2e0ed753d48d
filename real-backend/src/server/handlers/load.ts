// The `load` job: one object (a committed example or bytes the client sent) through the agent's loader, each
// syscall streamed as an `event`, the LifecycleResult in `done`. Step mode pauses before every call (step-gate.ts).
// Everything the load opened is closed before the job ends: the loader's own unload (recorded, stage detach), and
// the job's cleanup scope for whatever a failure left behind. Without privileges the job fails at once with the
// status's reasons. Left out: keeping the fds for a later attach job (see the TODO below).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';
import { MAX_LOAD_OBJECT_BYTES, type LoadRequest } from '@bpflc/sim/protocol/messages';
import { EXAMPLE_SLUG } from '@bpflc/sim/protocol/parse';
import type { AgentStatus } from '@bpflc/sim/protocol/status';
import { loadObject, toLifecycleResult, unload } from '../../loader/index.ts';
import { kernelSessionFor } from '../job-kit.ts';
import { JobFailure, type JobHandler } from '../jobs.ts';
import { DEFAULT_PAUSE_MS, stepGate } from './step-gate.ts';

export interface LoadDeps {
  status(): AgentStatus;
  /** content/examples of the checkout the agent runs from. */
  examplesDir: string;
  /** Step mode: longest wait for one `go`. */
  pauseMs?: number;
  /** Whole job (a step-mode load may pause many times). */
  timeoutMs?: number;
}

export interface LoadInput {
  bytes: Uint8Array;
  /** File name for libbpf's object name, e.g. "minimal.bpf.o". */
  file?: string;
  /** Shown in the result, e.g. "content/examples/minimal/build/minimal.bpf.o". */
  shownPath?: string;
}

/** The example's folder must be one of those under examplesDir; its object is build/<slug with _ for ->.bpf.o. */
export function readExample(examplesDir: string, slug: string): Result<LoadInput, string> {
  let folders: string[];
  try {
    folders = readdirSync(examplesDir).filter((f) => statSync(join(examplesDir, f)).isDirectory());
  } catch (e) {
    return err(`the agent has no examples folder (${examplesDir}: ${(e as Error).message})`);
  }
  if (!EXAMPLE_SLUG.test(slug) || !folders.includes(slug)) return err(`no example named ${JSON.stringify(slug.slice(0, 80))}: the examples are ${folders.sort().join(', ')}`);
  const file = `${slug.replaceAll('-', '_')}.bpf.o`;
  const path = join(examplesDir, slug, 'build', file);
  if (!existsSync(path)) return err(`example ${slug} has no build/${file}: run npm run build:content`);
  return ok({ bytes: new Uint8Array(readFileSync(path)), file, shownPath: `content/examples/${slug}/build/${file}` });
}

export function decodeObject(b64: string): Result<LoadInput, string> {
  const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  if (bytes.length === 0) return err('the object is empty');
  if (bytes.length > MAX_LOAD_OBJECT_BYTES) return err(`the object is ${bytes.length} bytes; at most ${MAX_LOAD_OBJECT_BYTES} are accepted`);
  return ok({ bytes });
}

function inputOf(req: LoadRequest, examplesDir: string): Result<LoadInput, string> {
  if (req.example !== undefined) return readExample(examplesDir, req.example);
  if (req.objectBase64 !== undefined) return decodeObject(req.objectBase64);
  return err('give exactly one of example and objectBase64');
}

export function loadHandler(deps: LoadDeps): JobHandler<'load'> {
  return {
    timeoutMs: deps.timeoutMs ?? 60 * 60_000,
    run: async (req, ctx) => {
      const real = deps.status().real;
      if (!real.available) throw new JobFailure('unavailable', `real loads are not possible on this agent: ${real.reasons.join('; ')}`);
      const input = inputOf(req, deps.examplesDir);
      if (!input.ok) throw new JobFailure('invalid_request', input.error);
      const { bytes, file, shownPath } = input.value;
      // TODO(attach): an attach job of the same client will need this load's program and map fds. Then take the
      // session with { keep: true } (the client's scope closes it), skip the unload below, and register the
      // LoadedObject under this job's id for the attach handler to find. Until then nothing outlives the job.
      const s = kernelSessionFor(ctx);
      ctx.progress(`loading ${shownPath ?? `the client's object`} (${bytes.length} bytes, verifier log level ${req.logLevel})${req.step ? ', step mode: pausing before each syscall' : ''}`, { stage: 'open' });
      const r = await loadObject(s, bytes, {
        logLevel: req.logLevel,
        ...(file !== undefined ? { path: file } : {}),
        ...(req.step ? { beforeSyscall: stepGate(ctx, deps.pauseMs ?? DEFAULT_PAUSE_MS) } : {}),
      });
      if (r.ok) unload(s, r.value);
      return { kind: 'load', result: toLifecycleResult(r.ok ? r.value : r.error, s.events, shownPath) };
    },
  };
}
