// The `compile` job: the client's source through the toolchain (buildSource): the request is validated again
// with parseBuildRequest, the cache folder is the agent's (never the client's), each step's start and end is
// streamed as `progress`, and cancel or disconnect aborts the running tool (its process group is killed).
// A build that ran and failed is an expected outcome: `done` with ok: false, the failing step and the parsed
// diagnostics. A refused request fails with invalid_request; a missing tool with unavailable.
import { MAX_LOAD_OBJECT_BYTES, type CompileResult } from '@bpflc/sim/protocol/messages';
import { buildSource, parseBuildRequest, type BuildEvent } from '../../toolchain/index.ts';
import { JobFailure, type JobContext, type JobHandler } from '../jobs.ts';

export interface CompileDeps {
  /** Where build products are cached: chosen by the agent. */
  cacheDir: string;
  timeoutMs?: number;
}

function reportProgress(ctx: JobContext, e: BuildEvent): void {
  if (e.kind === 'cache') {
    ctx.progress(e.hit ? `same sources and tools as an earlier build: served from the cache (${e.key.slice(0, 12)})` : `building (cache key ${e.key.slice(0, 12)})`, { stage: 'compile' });
    return;
  }
  const took = e.durationMs !== undefined ? ` in ${e.durationMs} ms` : '';
  ctx.progress(`${e.step}: ${e.state === 'start' ? 'running' : e.state}${took}`, { stage: e.stage });
}

export function compileHandler(deps: CompileDeps): JobHandler<'compile'> {
  return {
    timeoutMs: deps.timeoutMs ?? 5 * 60_000,
    run: async (req, ctx) => {
      const { kind: _kind, ...fields } = req;
      const valid = parseBuildRequest(fields);
      if (!valid.ok) throw new JobFailure('invalid_request', `${valid.error.field}: ${valid.error.message}`);
      const r = await buildSource({ ...valid.value, cacheDir: deps.cacheDir }, (e) => reportProgress(ctx, e), { signal: ctx.signal });
      if (r.ok) {
        const b = r.value;
        const art = (a: { sha256: string; size: number }) => ({ sha256: a.sha256, size: a.size });
        const result: CompileResult = {
          kind: 'compile', ok: true, name: b.name, key: b.key, cached: b.cached, mcpu: b.mcpu, tools: b.tools, durationMs: b.durationMs,
          steps: b.steps, diagnostics: b.diagnostics, markers: b.markers,
          artifacts: {
            tmpObject: art(b.artifacts.tmpObject), object: art(b.artifacts.object), skeleton: art(b.artifacts.skeleton),
            ...(b.artifacts.loader ? { loader: art(b.artifacts.loader) } : {}),
          },
          skeleton: b.skeleton,
          ...(b.object.length <= MAX_LOAD_OBJECT_BYTES ? { objectBase64: Buffer.from(b.object).toString('base64') } : {}),
        };
        return result;
      }
      const f = r.error;
      switch (f.kind) {
        case 'invalid-request':
          throw new JobFailure('invalid_request', `${f.field}: ${f.message}`);
        case 'tool-missing':
          throw new JobFailure('unavailable', f.message);
        case 'environment':
          throw new JobFailure('job_error', f.message);
        case 'step-failed':
          return { kind: 'compile', ok: false, name: valid.value.name, reason: f.reason, message: f.message, steps: f.steps, diagnostics: f.diagnostics, markers: f.markers };
      }
    },
  };
}
