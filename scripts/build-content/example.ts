// One example's pipeline, as the seed runs it: clang → bpftool gen object → bpftool gen skeleton → cc loader.
// Reproducibility: clang runs in the example folder with relative paths and -fdebug-compilation-dir=., so
// DWARF and BTF carry no absolute path and the objects are byte-identical in any checkout folder.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_SCHEMA, type ExampleManifest, type StepRecord } from './manifest.ts';
import { pipelineSteps, VMLINUX_BTF, vmlinuxStep } from '../../real-backend/src/toolchain/steps.ts';
import { BuildError, runStep, sha256File } from './run-step.ts';
import { hostInfo, requireTools, toolVersions, type Tool } from './toolchain.ts';

/** The flags every eBPF compile gets, before -c (the seed's command, minus its machine-specific paths). */
export { BPF_CFLAGS } from '../../real-backend/src/toolchain/steps.ts';

export const EXAMPLES_DIR = 'content/examples';
export const CACHE_DIR = 'content/.cache';

export interface Vmlinux {
  step: StepRecord;
  sha256: string;
}

export type Log = (line: string) => void;

export interface BuildOptions {
  /** Skip the user-space loader (the in-step test only compares committed objects). */
  skipLoader?: boolean;
  log?: Log;
}

/** `minimal` → `minimal`, `hello-kprobe` → `hello_kprobe` (file names carry it; bpftool derives the skeleton name). */
export const exampleFileName = (slug: string): string => slug.replace(/-/g, '_');

export async function listExamples(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, EXAMPLES_DIR), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Writes content/.cache/vmlinux.h from the running kernel's BTF (a bpftool step, recorded). */
export async function generateVmlinux(root: string, log: Log = console.log): Promise<Vmlinux> {
  if (!existsSync(VMLINUX_BTF)) {
    throw new BuildError(`${VMLINUX_BTF} is missing: this kernel was built without CONFIG_DEBUG_INFO_BTF, so vmlinux.h cannot be generated`);
  }
  requireTools(['bpftool']);
  await mkdir(path.join(root, CACHE_DIR), { recursive: true });
  const step = await runStep(root, vmlinuxStep('.', `${CACHE_DIR}/vmlinux.h`));
  const out = step.outputs[0];
  if (!out) throw new BuildError('vmlinux-h produced no output');
  log(`  vmlinux.h       ${step.argv.join(' ')} > ${CACHE_DIR}/vmlinux.h  (${step.durationMs} ms, sha256 ${out.sha256.slice(0, 12)}…)`);
  return { step, sha256: out.sha256 };
}

interface ExampleMeta {
  loader: string | null;
}

async function readLoader(dir: string): Promise<string | null> {
  const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as Partial<ExampleMeta>;
  return typeof meta.loader === 'string' ? meta.loader : null;
}

/** Builds content/examples/<slug>/build/ from scratch and writes its manifest.json. */
export async function buildExample(root: string, slug: string, vmlinux: Vmlinux, opts: BuildOptions = {}): Promise<ExampleManifest> {
  const log = opts.log ?? console.log;
  const cwd = `${EXAMPLES_DIR}/${slug}`;
  const dir = path.join(root, cwd);
  const name = exampleFileName(slug);
  const source = `${name}.bpf.c`;
  if (!existsSync(path.join(dir, source))) throw new BuildError(`${cwd}/${source} is missing (an example needs <name>.bpf.c, see content/README.md)`);
  const loader = opts.skipLoader ? null : await readLoader(dir);
  const tools: Tool[] = loader ? ['clang', 'bpftool', 'cc'] : ['clang', 'bpftool'];
  requireTools(tools);

  // Inputs: the sources, any header next to them, and vmlinux.h (whether or not a source includes it,
  // it was on the include path).
  const inputs: Record<string, string> = {};
  const localFiles = (await readdir(dir)).filter((f) => f.endsWith('.c') || f.endsWith('.h')).sort();
  for (const f of localFiles) inputs[f] = await sha256File(path.join(dir, f));
  inputs['vmlinux.h'] = vmlinux.sha256;

  await rm(path.join(dir, 'build'), { recursive: true, force: true });
  await mkdir(path.join(dir, 'build'), { recursive: true });

  // The loader is not committed: it goes to the git-ignored cache, next to vmlinux.h.
  const loaderOutDir = `../../.cache/${slug}`;
  if (loader) await mkdir(path.join(dir, loaderOutDir), { recursive: true });
  const specs = pipelineSteps({ name, cwd, includeDir: '../../.cache', loader, loaderOutDir });

  const steps: StepRecord[] = [vmlinux.step];
  for (const spec of specs) {
    const step = await runStep(root, spec);
    steps.push(step);
    const sizes = step.outputs.map((o) => `${o.path} ${o.size} B`).join(', ');
    log(`  [${slug}] ${step.id.padEnd(14)} ${step.argv.join(' ')}  (${step.durationMs} ms → ${sizes})`);
    if (step.stderr.trim() !== '') log(indent(step.stderr));
  }

  const manifest: ExampleManifest = {
    schema: MANIFEST_SCHEMA,
    slug,
    generatedBy: 'scripts/build-content.ts',
    host: hostInfo(),
    tools: toolVersions(tools),
    inputs,
    steps,
  };
  await writeFile(path.join(dir, 'build', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

const indent = (text: string): string => text.trimEnd().split('\n').map((l) => `      ${l}`).join('\n');
