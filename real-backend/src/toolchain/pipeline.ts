// The agent's compile stage: edited or example source → the seed's steps (clang, bpftool gen object, bpftool
// gen skeleton, cc of the loader) in a fresh temp folder laid out as the content build lays out an example
//   <tmp>/.cache/vmlinux.h → the cached header        <tmp>/work/<name>/<name>.bpf.c, <name>.c, build/
// so the command lines (and, for the same sources and clang, the objects) equal the committed ones. Products
// go to the cache under a hash of sources, tool versions, command lines and vmlinux.h; the temp folder goes.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';
import { cacheKey, defaultCacheDir, readEntry, writeEntry, type CacheEntry } from './cache.ts';
import { markersFor, parseDiagnostics, type Diagnostic, type EditorMarker } from './diagnostics.ts';
import { runStep, sha256, type StepFailure, type StepLimits } from './run-step.ts';
import type { StepProgress, StepRecord } from './step-record.ts';
import { bpfObjectPaths, pipelineSteps, type Mcpu } from './steps.ts';
import { requireTools, type ToolInfo, type ToolMissing, type ToolName } from './tools.ts';
import { DEFAULT_MAX_SOURCE_BYTES, parseBuildRequest, type BuildRequest, type InvalidRequest } from './validate.ts';
import { ensureVmlinux, VMLINUX_IN_BUILD, type VmlinuxHeader } from './vmlinux.ts';

export interface BuildSourceInput extends BuildRequest {
  /** Where products are kept (defaultCacheDir() when absent). Set by the agent, never by a client. */
  cacheDir?: string;
}

export interface BuildLimits extends StepLimits {
  maxSourceBytes: number;
}

/** Per step: 30 s, 256 KiB of captured text per stream, 16 MiB per file; sources up to 256 KiB. */
export const DEFAULT_BUILD_LIMITS: BuildLimits = {
  timeoutMs: 30_000,
  maxCaptureBytes: 256 << 10,
  maxFileBytes: 16 << 20,
  maxSourceBytes: DEFAULT_MAX_SOURCE_BYTES,
};

export interface BuildOptions {
  limits?: Partial<BuildLimits>;
  /** Abort when the client goes away: the running tool's process group is killed. */
  signal?: AbortSignal;
}

export type BuildEvent = StepProgress | { kind: 'cache'; hit: boolean; key: string };

export interface Artifact {
  /** Absolute path in the cache entry (stays after the build). */
  path: string;
  sha256: string;
  size: number;
}

export type BuildDiagnostic = Diagnostic & { step: string };

export interface BuildResult {
  /** The cache key: sha256 over sources, tool versions and binaries, command lines and vmlinux.h. */
  key: string;
  /** True when served from the cache; steps and durationMs are then those of the build that made it. */
  cached: boolean;
  name: string;
  mcpu: Mcpu | null;
  /** Tool → version line, as the manifests say it. */
  tools: Record<string, string>;
  /** File → sha256 of every input (the sources and vmlinux.h). */
  inputs: Record<string, string>;
  /** vmlinux-h first (when the kernel has BTF), then the seed's steps, each with its exact command line. */
  steps: StepRecord[];
  diagnostics: BuildDiagnostic[];
  /** Source file name → markers for the editor. */
  markers: Record<string, EditorMarker[]>;
  artifacts: { tmpObject: Artifact; object: Artifact; skeleton: Artifact; loader?: Artifact };
  /** clang's object (compile stage). */
  tmpObject: Uint8Array;
  /** bpftool gen object's output: what a loader loads. */
  object: Uint8Array;
  skeleton: string;
  builtAt: string;
  /** Wall time of the build that made the products. */
  durationMs: number;
  /** On a cache hit: the time it took to find and check the entry. */
  lookupMs?: number;
}

export interface BuildStepFailure extends StepFailure {
  /** Every step that ran, the failing one last. */
  steps: StepRecord[];
  diagnostics: BuildDiagnostic[];
  markers: Record<string, EditorMarker[]>;
}

export interface EnvironmentFailure {
  kind: 'environment';
  message: string;
}

export type BuildFailure = InvalidRequest | ToolMissing | BuildStepFailure | EnvironmentFailure;

type StoredMeta = Omit<BuildResult, 'cached' | 'lookupMs' | 'artifacts' | 'tmpObject' | 'object' | 'skeleton'> & {
  files: { tmpObject: string; object: string; skeleton: string; loader?: string };
};

const inFlight = new Map<string, Promise<Result<BuildResult, BuildFailure>>>();
const msSince = (t0: bigint): number => Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;

/** Builds one program (and its loader) or returns the cached products of an identical build. */
export async function buildSource(
  input: BuildSourceInput,
  onProgress: (e: BuildEvent) => void = () => {},
  opts: BuildOptions = {},
): Promise<Result<BuildResult, BuildFailure>> {
  const t0 = process.hrtime.bigint();
  const limits: BuildLimits = { ...DEFAULT_BUILD_LIMITS, ...opts.limits };
  const { cacheDir = defaultCacheDir(), ...request } = input;
  const req = parseBuildRequest(request, limits.maxSourceBytes);
  if (!req.ok) return req;
  const { name, bpfSource, loaderSource, mcpu } = req.value;

  const toolNames: ToolName[] = loaderSource !== undefined ? ['clang', 'bpftool', 'cc'] : ['clang', 'bpftool'];
  const tools = await requireTools(toolNames);
  if (!tools.ok) return tools;

  const vm = await ensureVmlinux(cacheDir, { exe: tools.value.bpftool?.path, onProgress, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (!vm.ok) return err({ ...vm.error, steps: [vm.error.record], diagnostics: [], markers: {} });

  const plan = pipelineSteps({
    name,
    cwd: `work/${name}`,
    includeDir: '../../.cache',
    loader: loaderSource !== undefined ? `${name}.c` : null,
    loaderOutDir: 'build',
    extraCflags: mcpu ? [`-mcpu=${mcpu}`] : [],
  });
  const inputs: Record<string, string> = { [`${name}.bpf.c`]: sha256(bpfSource) };
  if (loaderSource !== undefined) inputs[`${name}.c`] = sha256(loaderSource);
  if (vm.value) inputs['vmlinux.h'] = vm.value.sha256;
  const toolParts = Object.fromEntries(Object.values<ToolInfo>(tools.value).map((t) => [t.name, { version: t.version, binary: t.fingerprint }]));
  const key = cacheKey({ name, inputs, tools: toolParts, argv: plan.map((s) => s.argv) });

  const hit = await readEntry<StoredMeta>(cacheDir, key);
  onProgress({ kind: 'cache', hit: hit !== null, key });
  if (hit !== null) return ok(await fromEntry(hit, true, msSince(t0)));

  // Two clients asking for the same build share one run.
  const running = inFlight.get(key);
  if (running) return running;
  const meta: RunContext['meta'] = {
    key, name, mcpu: mcpu ?? null, inputs, builtAt: new Date().toISOString(),
    tools: Object.fromEntries(Object.values<ToolInfo>(tools.value).map((t) => [t.name, t.version])),
  };
  const ctx: RunContext = { cacheDir, plan, tools: tools.value, vmlinux: vm.value, limits, onProgress, t0, bpfSource, loaderSource, meta };
  if (opts.signal) ctx.signal = opts.signal;
  const job = runBuild(ctx);
  inFlight.set(key, job);
  try {
    return await job;
  } finally {
    inFlight.delete(key);
  }
}

interface RunContext {
  cacheDir: string;
  plan: ReturnType<typeof pipelineSteps>;
  tools: Partial<Record<ToolName, ToolInfo>>;
  vmlinux: VmlinuxHeader | null;
  limits: BuildLimits;
  signal?: AbortSignal;
  onProgress: (e: BuildEvent) => void;
  t0: bigint;
  bpfSource: string;
  loaderSource: string | undefined;
  meta: Omit<StoredMeta, 'steps' | 'diagnostics' | 'markers' | 'files' | 'durationMs'>;
}

async function runBuild(c: RunContext): Promise<Result<BuildResult, BuildFailure>> {
  const { name } = c.meta;
  let root: string;
  try {
    root = await mkdtemp(path.join(os.tmpdir(), 'bpflc-build-'));
  } catch (e) {
    return err({ kind: 'environment', message: `cannot create a temp folder in ${os.tmpdir()}: ${(e as Error).message}` });
  }
  try {
    const cwd = path.join(root, 'work', name);
    await mkdir(path.join(cwd, 'build'), { recursive: true });
    await writeFile(path.join(cwd, `${name}.bpf.c`), c.bpfSource);
    if (c.loaderSource !== undefined) await writeFile(path.join(cwd, `${name}.c`), c.loaderSource);
    if (c.vmlinux) {
      await mkdir(path.join(root, path.dirname(VMLINUX_IN_BUILD)), { recursive: true });
      await symlink(c.vmlinux.file, path.join(root, VMLINUX_IN_BUILD));
    }

    const steps: StepRecord[] = c.vmlinux ? [c.vmlinux.step] : [];
    const diagnostics: BuildDiagnostic[] = [];
    const { maxSourceBytes: _unused, ...stepLimits } = c.limits;
    for (const spec of c.plan) {
      const exe = c.tools[spec.argv[0] as ToolName]?.path;
      const r = await runStep(spec, {
        root, tmpDir: root, limits: stepLimits, onProgress: c.onProgress,
        ...(exe ? { exe } : {}), ...(c.signal ? { signal: c.signal } : {}),
      });
      const record = r.ok ? r.value : r.error.record;
      steps.push(record);
      const stepCwd = path.join(root, spec.cwd);
      diagnostics.push(...parseDiagnostics(record.stderr).map((d) => ({ ...relativeTo(stepCwd, d), step: spec.id })));
      if (!r.ok) return err({ ...r.error, steps, diagnostics, markers: markersBySource(name, diagnostics) });
    }

    const paths = bpfObjectPaths(name);
    const files: StoredMeta['files'] = { tmpObject: `${name}.tmp.bpf.o`, object: `${name}.bpf.o`, skeleton: `${name}.skel.h` };
    const sources: Record<string, string> = {
      [files.tmpObject]: path.join(cwd, paths.tmpObject),
      [files.object]: path.join(cwd, paths.object),
      [files.skeleton]: path.join(cwd, paths.skeleton),
    };
    if (c.loaderSource !== undefined) {
      files.loader = name;
      sources[name] = path.join(cwd, 'build', name);
    }
    const meta: StoredMeta = { ...c.meta, steps, diagnostics, markers: markersBySource(name, diagnostics), files, durationMs: msSince(c.t0) };
    let entry: CacheEntry<StoredMeta>;
    try {
      entry = await writeEntry(c.cacheDir, c.meta.key, meta, sources);
    } catch (e) {
      return err({ kind: 'environment', message: `cannot write the build cache in ${c.cacheDir}: ${(e as Error).message}` });
    }
    return ok(await fromEntry(entry, false));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * ld names source files by their DWARF path, which is absolute (the temp folder): diagnostics name files as
 * the editor knows them, relative to the step's cwd. (The record's stderr stays as the tool printed it.)
 */
function relativeTo(cwd: string, d: Diagnostic): Diagnostic {
  const rel = (f: string): string => (f.startsWith(`${cwd}/`) ? f.slice(cwd.length + 1) : f);
  const out: Diagnostic = { ...d, file: d.file === null ? null : rel(d.file) };
  if (d.includedFrom) out.includedFrom = d.includedFrom.map((s) => ({ ...s, file: rel(s.file) }));
  if (d.notes) out.notes = d.notes.map((n) => relativeTo(cwd, n));
  return out;
}

const BPF_SIDE = new Set(['bpf-compile', 'bpf-link', 'skeleton']);

function markersBySource(name: string, diags: readonly BuildDiagnostic[]): Record<string, EditorMarker[]> {
  const bpfFile = `${name}.bpf.c`;
  const loaderFile = `${name}.c`;
  return {
    [bpfFile]: markersFor(diags.filter((d) => BPF_SIDE.has(d.step)), bpfFile),
    [loaderFile]: markersFor(diags.filter((d) => d.step.startsWith('loader-')), loaderFile),
  };
}

async function fromEntry(entry: CacheEntry<StoredMeta>, cached: boolean, lookupMs?: number): Promise<BuildResult> {
  const { files, ...meta } = entry.meta;
  const artifact = (file: string): Artifact => {
    const f = entry.files[file];
    if (!f) throw new Error(`cache entry ${entry.dir} lacks ${file}`);
    return { path: f.path, sha256: f.sha256, size: f.size };
  };
  const tmpObject = artifact(files.tmpObject);
  const object = artifact(files.object);
  const skeleton = artifact(files.skeleton);
  const result: BuildResult = {
    ...meta,
    cached,
    artifacts: { tmpObject, object, skeleton, ...(files.loader ? { loader: artifact(files.loader) } : {}) },
    tmpObject: new Uint8Array(await readFile(tmpObject.path)),
    object: new Uint8Array(await readFile(object.path)),
    skeleton: await readFile(skeleton.path, 'utf8'),
  };
  if (lookupMs !== undefined) result.lookupMs = lookupMs;
  return result;
}
