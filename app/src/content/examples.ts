// Examples come from content/examples/*/ through Vite: meta.json and manifests are bundled (small), sources and
// skeletons load on demand (?raw), objects are emitted as files (?url) and fetched as bytes for the sim worker.
import type { BuildManifest, ExampleMeta, ObjectKind } from './types.ts';

const metas = import.meta.glob<ExampleMeta>('../../../content/examples/*/meta.json', { eager: true, import: 'default' });
const manifests = import.meta.glob<BuildManifest>('../../../content/examples/*/build/manifest.json', {
  eager: true,
  import: 'default',
});
const sources = import.meta.glob<string>(
  ['../../../content/examples/*/*.c', '../../../content/examples/*/build/*.skel.h'],
  { query: '?raw', import: 'default' },
);
const objects = import.meta.glob<string>('../../../content/examples/*/build/*.o', {
  eager: true,
  query: '?url',
  import: 'default',
});

const dirOf = (slug: string): string => `../../../content/examples/${slug}/`;

export interface Example {
  meta: ExampleMeta;
  manifest: BuildManifest | null;
  /** File names (relative to the example folder) of the C sources present: `<name>.bpf.c`, then the loader. */
  sourceFiles: string[];
}

function collect(): Example[] {
  const list: Example[] = [];
  for (const [path, meta] of Object.entries(metas)) {
    const dir = path.slice(0, -'meta.json'.length);
    const manifest = manifests[`${dir}build/manifest.json`] ?? null;
    const bpf = `${meta.name}.bpf.c`;
    const files = [bpf, ...(meta.loader ? [meta.loader] : [])].filter((f) => `${dir}${f}` in sources);
    list.push({ meta, manifest, sourceFiles: files });
  }
  return list.sort((a, b) => a.meta.order - b.meta.order || a.meta.slug.localeCompare(b.meta.slug));
}

export const EXAMPLES: readonly Example[] = collect();

export function findExample(slug: string): Example | undefined {
  return EXAMPLES.find((e) => e.meta.slug === slug);
}

/** Loads a text file of the example: `minimal.bpf.c`, `minimal.c` or `build/minimal.skel.h`. */
export async function loadText(slug: string, file: string): Promise<string | null> {
  const load = sources[`${dirOf(slug)}${file}`];
  return load ? load() : null;
}

export function objectFile(meta: ExampleMeta, kind: ObjectKind): string {
  return kind === 'tmp' ? `build/${meta.name}.tmp.bpf.o` : `build/${meta.name}.bpf.o`;
}

export function skeletonFile(meta: ExampleMeta): string {
  return `build/${meta.name}.skel.h`;
}

export function objectUrl(meta: ExampleMeta, kind: ObjectKind): string | null {
  return objects[`${dirOf(meta.slug)}${objectFile(meta, kind)}`] ?? null;
}

/** Fetches an object's bytes; a missing file or a failed fetch is a message, not a throw. */
export async function fetchObject(
  meta: ExampleMeta,
  kind: ObjectKind,
): Promise<{ ok: true; bytes: ArrayBuffer } | { ok: false; message: string }> {
  const url = objectUrl(meta, kind);
  if (!url) return { ok: false, message: `${objectFile(meta, kind)} is not in content/examples/${meta.slug}/ — run npm run build-content.` };
  try {
    const res = await fetch(url);
    if (!res.ok) return { ok: false, message: `fetching ${objectFile(meta, kind)} failed: HTTP ${res.status}` };
    return { ok: true, bytes: await res.arrayBuffer() };
  } catch (e) {
    return { ok: false, message: `fetching ${objectFile(meta, kind)} failed: ${String(e)}` };
  }
}
