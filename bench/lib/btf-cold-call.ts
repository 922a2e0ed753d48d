// Entry of the cold measurement: bundled by btf-in-process.ts and run in a fresh `node` (no tsx, no JIT warmed
// by earlier calls). Usage: node cold.mjs <op> <file>; prints {"ms": <wall time of the one call>}.
import { readFileSync } from 'node:fs';
import { OPS, isOpName } from './btf-ops.ts';

const [op, file] = process.argv.slice(2);
if (!isOpName(op) || !file) throw new Error(`usage: cold.mjs <${Object.keys(OPS).join('|')}> <file>`);
const bytes = new Uint8Array(readFileSync(file));
const t0 = performance.now();
OPS[op](bytes);
console.log(JSON.stringify({ ms: performance.now() - t0 }));
