// Builds tests/programs/c/<name>.bpf.c into tests/programs/build/c-<name>.bpf.o (one clang step each) and
// writes tests/programs/build/c-manifest.json. A source may ask for extra flags on a line near its top:
//   // cflags: -mcpu=v3
// The asm-*.o objects in the same folder belong to another build and are left alone.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_SCHEMA, type TestProgramEntry, type TestProgramsManifest } from './manifest.ts';
import { BuildError, runStep, sha256 } from './run-step.ts';
import { hostInfo, requireTools, toolVersions } from './toolchain.ts';
import { BPF_CFLAGS, type Log } from './example.ts';

export const PROGRAMS_DIR = 'tests/programs';
export const PROGRAMS_MANIFEST = 'build/c-manifest.json';

/** Reads `// cflags: -mcpu=v3 -DFOO` from the first 20 lines; every word must be a flag. */
export function parseCflags(source: string, file: string): string[] {
  const line = source.split('\n').slice(0, 20).find((l) => /^\s*\/\/\s*cflags:/.test(l));
  if (!line) return [];
  const flags = line.replace(/^\s*\/\/\s*cflags:/, '').trim().split(/\s+/).filter((w) => w !== '');
  const bad = flags.find((f) => !f.startsWith('-'));
  if (bad !== undefined) throw new BuildError(`${file}: "// cflags:" holds "${bad}", which is not a flag`);
  return flags;
}

export const programObject = (name: string): string => `build/c-${name}.bpf.o`;

export async function listTestPrograms(root: string): Promise<string[]> {
  const dir = path.join(root, PROGRAMS_DIR, 'c');
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith('.bpf.c')).map((f) => f.slice(0, -'.bpf.c'.length)).sort();
}

export async function buildTestPrograms(root: string, log: Log = console.log): Promise<TestProgramsManifest> {
  requireTools(['clang']);
  const names = await listTestPrograms(root);
  if (names.length === 0) throw new BuildError(`no ${PROGRAMS_DIR}/c/*.bpf.c to build`);
  const buildDir = path.join(root, PROGRAMS_DIR, 'build');
  await mkdir(buildDir, { recursive: true });
  // Drop objects whose source is gone; only ours (c-*), never the asm-*.o files.
  for (const f of await readdir(buildDir)) {
    const m = /^c-(.+)\.bpf\.o$/.exec(f);
    if (m?.[1] !== undefined && !names.includes(m[1])) await rm(path.join(buildDir, f));
  }

  // Headers shared by the sources (common.h): any change to one is a change to every program.
  const headers: Record<string, string> = {};
  for (const f of (await readdir(path.join(root, PROGRAMS_DIR, 'c'))).filter((f) => f.endsWith('.h')).sort()) {
    headers[`c/${f}`] = sha256(await readFile(path.join(root, PROGRAMS_DIR, 'c', f)));
  }

  const programs: TestProgramEntry[] = [];
  const failures: string[] = [];
  for (const name of names) {
    const source = `c/${name}.bpf.c`;
    const text = await readFile(path.join(root, PROGRAMS_DIR, source));
    const cflags = parseCflags(text.toString('utf8'), `${PROGRAMS_DIR}/${source}`);
    try {
      const step = await runStep(root, {
        id: `c-${name}`, stage: 'compile', cwd: PROGRAMS_DIR,
        argv: ['clang', ...BPF_CFLAGS, '-Wall', ...cflags, '-c', source, '-o', programObject(name)],
        outputs: [{ path: programObject(name), committed: true }],
      });
      programs.push({ name, source, inputs: { [source]: sha256(text), ...headers }, cflags, step });
      const out = step.outputs[0];
      log(`  [programs] ${`c-${name}`.padEnd(22)} ${cflags.join(' ') || '(default cpu)'}  (${step.durationMs} ms → ${out?.size ?? 0} B)`);
      if (step.stderr.trim() !== '') log(step.stderr.trimEnd());
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      failures.push(e.message);
    }
  }
  if (failures.length > 0) throw new BuildError(failures.join('\n\n'));

  const manifest: TestProgramsManifest = {
    schema: MANIFEST_SCHEMA,
    generatedBy: 'scripts/build-content.ts',
    host: hostInfo(),
    tools: toolVersions(['clang']),
    programs,
  };
  await writeFile(path.join(root, PROGRAMS_DIR, PROGRAMS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
