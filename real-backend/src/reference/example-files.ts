// Which sources belong to an object or .bpf.c given on the command line, the way content/examples/<slug>/ lays
// them out: <slug>/<name>.bpf.c, <slug>/<name>.c (meta.json "loader"), <slug>/build/<name>.bpf.o.
// e.g. content/examples/minimal/build/minimal.bpf.o → { name: "minimal", bpfSource: …/minimal.bpf.c,
//      loaderSource: …/minimal.c, object: …/minimal.bpf.o }
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ExampleFiles {
  /** The build name: <name>.bpf.c, <name>.c, minimal_bpf__open for "minimal". */
  name: string;
  /** Paths, or null when that file is not there. */
  bpfSource: string | null;
  loaderSource: string | null;
  object: string | null;
}

function metaOf(dir: string): { name?: unknown; loader?: unknown } | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { name?: unknown; loader?: unknown };
  } catch {
    return null;
  }
}

const existing = (p: string): string | null => (existsSync(p) ? p : null);

export function exampleFiles(file: string): ExampleFiles {
  const base = path.basename(file);
  if (base.endsWith('.bpf.c')) {
    const name = base.slice(0, -'.bpf.c'.length);
    const dir = path.dirname(file);
    const meta = metaOf(dir);
    const loader = typeof meta?.loader === 'string' ? path.join(dir, meta.loader) : path.join(dir, `${name}.c`);
    return { name, bpfSource: file, loaderSource: existing(loader), object: null };
  }
  const name = base.replace(/(\.bpf)?\.o$/, '');
  const objDir = path.dirname(file);
  const dir = path.basename(objDir) === 'build' ? path.dirname(objDir) : objDir;
  const meta = metaOf(dir);
  const srcName = typeof meta?.name === 'string' ? meta.name : name;
  const loader = meta === null ? path.join(dir, `${srcName}.c`) : typeof meta.loader === 'string' ? path.join(dir, meta.loader) : null;
  return {
    name: srcName,
    bpfSource: existing(path.join(dir, `${srcName}.bpf.c`)),
    loaderSource: loader === null ? null : existing(loader),
    object: file,
  };
}
