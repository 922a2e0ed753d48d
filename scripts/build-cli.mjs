// Bundles the bpflc CLI (real-backend/src/cli/main.ts, which imports @bpflc/sim as TypeScript) into ES modules:
// real-backend/dist/bpflc.mjs (the dispatcher) and one chunk per command loaded on demand (dist/chunks/), so
// `bpflc` starts with plain node (no tsx, no TypeScript at run time) and a command loads only its own code.
// Run by `npm run build:cli` (and by `npm ci`/`npm install` through the root "prepare" script).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'real-backend/src/cli/main.ts');
const outdir = join(root, 'real-backend/dist');
const outfile = join(outdir, 'bpflc.mjs');

const t0 = performance.now();
try {
  // Chunk names carry content hashes: clear the old ones so dist/ holds one build.
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  const result = await build({
    entryPoints: [entry],
    outdir,
    entryNames: 'bpflc',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: 'linked',
    // Native or optional packages stay outside the bundle and load from node_modules at run time.
    packages: 'bundle',
    external: ['koffi'],
    // Bundled CommonJS dependencies may call require(): give the ES module one.
    banner: { js: "import { createRequire as __bpflcCreateRequire } from 'node:module'; const require = __bpflcCreateRequire(import.meta.url);" },
    logLevel: 'warning',
    metafile: true,
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.mjs'));
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const entryBytes = outputs.find(([, o]) => o.entryPoint)?.[1].bytes ?? 0;
  const allBytes = outputs.reduce((a, [, o]) => a + o.bytes, 0);
  console.log(`build-cli: wrote ${relative(root, outfile)} (${kib(entryBytes)}) + ${outputs.length - 1} chunks (${kib(allBytes)} in all) in ${(performance.now() - t0).toFixed(0)} ms`);
} catch (e) {
  console.error(`build-cli: esbuild could not bundle ${relative(root, entry)}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
