#!/usr/bin/env node
// The `bpflc` command: runs the esbuild bundle made by `npm run build:cli` (scripts/build-cli.mjs).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bpflc.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('bpflc is not built: run `npm run build:cli` in the bpf-lifecycle checkout.\n');
  process.exit(1);
}
const { runCli } = await import(pathToFileURL(bundle).href);
await runCli();
