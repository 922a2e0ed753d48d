// Bundles the bpflc CLI (real-backend/src/cli/main.ts, which imports @bpflc/sim as TypeScript) into one ES module,
// real-backend/dist/bpflc.mjs, so `bpflc` starts with plain node: no tsx, no TypeScript at run time.
// Run by `npm run build:cli` (and by `npm ci`/`npm install` through the root "prepare" script).
import { build } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'real-backend/src/cli/main.ts');
const outfile = join(root, 'real-backend/dist/bpflc.mjs');

const t0 = performance.now();
try {
  const result = await build({
    entryPoints: [entry],
    outfile,
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
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`build-cli: wrote ${relative(root, outfile)} (${(bytes / 1024).toFixed(0)} KiB) in ${(performance.now() - t0).toFixed(0)} ms`);
} catch (e) {
  console.error(`build-cli: esbuild could not bundle ${relative(root, entry)}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
