// Regenerates tests/golden/skel/ with the real bpftool (run: node --import tsx scripts/update-skel-goldens.ts):
// for every input of tests/golden/skel/inputs.ts, `bpftool gen skeleton X.o [name N]` into <key>.skel.h.gz (gzipped), or,
// when bpftool refuses the object, its last stderr line into <key>.error.txt. meta.json names bpftool's
// version and each input's sha256 (the header embeds the object, so a golden stays checkable after a rebuild).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { skelGoldenInputs } from '../tests/golden/skel/inputs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const goldDir = join(root, 'tests/golden/skel');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const version = execFileSync('bpftool', ['--version']).toString().trim().split('\n').map((l) => l.trim()).join('; ');
const inputs: Record<string, unknown> = {};
let accepted = 0;
let refused = 0;
for (const inp of skelGoldenInputs()) {
  const args = ['gen', 'skeleton', inp.path, ...(inp.name === undefined ? [] : ['name', inp.name])];
  // Run from the repo root with a relative path: the default skeleton name comes from the file name only.
  const r = spawnSync('bpftool', args, { cwd: root, maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`cannot run bpftool: ${r.error.message}; install it (apt-get install bpftool) to regenerate goldens`);
  const base = join(goldDir, inp.key);
  const entry: Record<string, unknown> = { path: inp.path, sha256: sha256(readFileSync(join(root, inp.path))), command: `bpftool ${args.join(' ')}` };
  if (inp.name !== undefined) entry['name'] = inp.name;
  if (r.status === 0) {
    // gzip: the headers embed each object as escaped text (about 4 bytes per byte); 8 MB raw, ~1 MB packed.
    writeFileSync(`${base}.skel.h.gz`, gzipSync(r.stdout, { level: 9 }));
    rmSync(`${base}.error.txt`, { force: true });
    entry['result'] = 'header';
    accepted++;
  } else {
    const lines = r.stderr.toString().trim().split('\n');
    writeFileSync(`${base}.error.txt`, `${lines[lines.length - 1]}\n`);
    rmSync(`${base}.skel.h.gz`, { force: true });
    entry['result'] = 'refused';
    entry['exitStatus'] = r.status;
    refused++;
  }
  inputs[inp.key] = entry;
}
writeFileSync(join(goldDir, 'meta.json'), `${JSON.stringify({ tool: version, generatedBy: 'scripts/update-skel-goldens.ts', inputs }, null, 2)}\n`);
process.stdout.write(`skel goldens: ${accepted} headers, ${refused} refused, by ${version}\n`);
