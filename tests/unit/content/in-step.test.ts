// content/examples: every example has what content/README.md requires, meta.json agrees with the object,
// and build/ is in step with the sources: inputs hashed in the manifest equal the files, outputs equal the
// committed objects, and (when this machine has the same clang) a fresh build elsewhere is byte-identical.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildExample, exampleFileName, generateVmlinux, type ExampleManifest } from '../../../scripts/build-content.ts';
import { findOnPath, toolVersion } from '../../../scripts/build-content/toolchain.ts';
import { checkMetaAgainstObject, checkMetaShape, type ExampleMeta } from './example-meta.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLES = path.join(ROOT, 'content/examples');
const slugs = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const rebuild = (slug: string): string => `run npm run build-content ${slug}`;
/** Sources whose object depends on the running kernel's BTF. */
const usesVmlinux = (slug: string): boolean =>
  readdirSync(path.join(EXAMPLES, slug)).some((f) => /\.(c|h)$/.test(f) && /#include\s+"vmlinux\.h"/.test(readFileSync(path.join(EXAMPLES, slug, f), 'utf8')));

describe('content/examples', () => {
  it('has the required examples, slugs in kebab-case, distinct orders', () => {
    for (const s of ['minimal', 'hello-kprobe', 'ringbuf', 'subprog-loop', 'rejected']) expect(slugs).toContain(s);
    for (const s of slugs) expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const orders = slugs.map((s) => readJson<ExampleMeta>(path.join(EXAMPLES, s, 'meta.json')).order);
    expect(new Set(orders).size).toBe(orders.length);
  });
});

describe.each(slugs)('example %s', (slug) => {
  const dir = path.join(EXAMPLES, slug);
  const name = exampleFileName(slug);
  const metaPath = path.join(dir, 'meta.json');

  it('has the files content/README.md requires', () => {
    const required = [`${name}.bpf.c`, 'meta.json', `build/${name}.tmp.bpf.o`, `build/${name}.bpf.o`, `build/${name}.skel.h`, 'build/manifest.json'];
    const missing = required.filter((f) => !existsSync(path.join(dir, f)));
    expect(missing, `missing in content/examples/${slug} (${rebuild(slug)} for build/)`).toEqual([]);
    const loader = readJson<ExampleMeta>(metaPath).loader;
    if (loader !== null) expect(existsSync(path.join(dir, loader)), `loader ${loader} missing`).toBe(true);
  });

  it('meta.json is valid and agrees with the object', () => {
    const meta = readJson<Record<string, unknown>>(metaPath);
    expect(checkMetaShape(meta, slug)).toEqual([]);
    const obj = new Uint8Array(readFileSync(path.join(dir, `build/${name}.bpf.o`)));
    expect(checkMetaAgainstObject(meta as unknown as ExampleMeta, obj)).toEqual([]);
  });

  it('build/manifest.json is in step with the sources and the committed outputs', () => {
    const m = readJson<ExampleManifest>(path.join(dir, 'build/manifest.json'));
    expect(m.schema).toBe(1);
    expect(m.slug).toBe(slug);
    // Every source and local header is an input, and none changed since the build.
    const local = readdirSync(dir).filter((f) => /\.(c|h)$/.test(f)).sort();
    expect(Object.keys(m.inputs).filter((f) => f !== 'vmlinux.h').sort(), `sources added or removed: ${rebuild(slug)}`).toEqual(local);
    expect(m.inputs['vmlinux.h']).toMatch(/^[0-9a-f]{64}$/);
    for (const f of local) expect(sha256(path.join(dir, f)), `${slug}/${f} changed since the last build: ${rebuild(slug)}`).toBe(m.inputs[f]);
    // Steps: the seed's pipeline, all succeeded, nothing absolute, no compiler warnings.
    const ids = m.steps.map((s) => s.id);
    expect(ids.slice(0, 4)).toEqual(['vmlinux-h', 'bpf-compile', 'bpf-link', 'skeleton']);
    for (const s of m.steps) {
      expect(s.exitCode).toBe(0);
      expect(path.isAbsolute(s.cwd)).toBe(false);
      expect(s.argv.filter((a) => a.startsWith('/') && a !== '/sys/kernel/btf/vmlinux')).toEqual([]);
      for (const o of s.outputs) {
        if (!o.committed) continue;
        const file = path.join(ROOT, s.cwd, o.path);
        expect(sha256(file), `${path.relative(ROOT, file)} differs from its manifest: ${rebuild(slug)}`).toBe(o.sha256);
      }
    }
    expect(m.steps.find((s) => s.id === 'bpf-compile')?.stderr, 'clang warned').toBe('');
  });
});

// The real "in step" check: the same sources, built again in another folder, give the same bytes.
const manifests = Object.fromEntries(slugs.map((s) => [s, readJson<ExampleManifest>(path.join(EXAMPLES, s, 'build/manifest.json'))]));
const clangVersion = findOnPath('clang') ? toolVersion('clang') : null;
const buildable = slugs.filter((s) => manifests[s]?.tools.clang === clangVersion);
const canRebuild = clangVersion !== null && findOnPath('bpftool') !== null && existsSync('/sys/kernel/btf/vmlinux') && buildable.length > 0;

describe('content/examples rebuild', () => {
  it.skipIf(!canRebuild)(`a fresh build in another folder is byte-identical (${clangVersion ?? 'no clang'})`, async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'bpflc-content-'));
    try {
      const vmlinux = await generateVmlinux(tmp, () => {});
      const checked: string[] = [];
      const differing: string[] = [];
      for (const slug of buildable) {
        const committed = manifests[slug];
        if (!committed) continue;
        // An object that includes vmlinux.h depends on the kernel it was built on.
        if (usesVmlinux(slug) && committed.inputs['vmlinux.h'] !== vmlinux.sha256) continue;
        const dst = path.join(tmp, 'content/examples', slug);
        await mkdir(dst, { recursive: true });
        for (const f of readdirSync(path.join(EXAMPLES, slug)).filter((f) => /\.(c|h)$|^meta\.json$/.test(f))) {
          await copyFile(path.join(EXAMPLES, slug, f), path.join(dst, f));
        }
        const fresh = await buildExample(tmp, slug, vmlinux, { skipLoader: true, log: () => {} });
        for (const step of fresh.steps) {
          for (const o of step.outputs.filter((x) => x.committed)) {
            const want = committed.steps.find((s) => s.id === step.id)?.outputs.find((x) => x.path === o.path)?.sha256;
            if (want !== o.sha256) differing.push(`${slug}/${o.path}`);
          }
        }
        checked.push(slug);
      }
      expect(checked.length, 'no example could be rebuilt here').toBeGreaterThan(0);
      expect(differing, `a fresh build differs from the committed one: run npm run build-content`).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
