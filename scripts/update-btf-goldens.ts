// Regenerates tests/golden/btf/ with the real bpftool (run: node --import tsx scripts/update-btf-goldens.ts):
// for every input of tests/golden/btf/inputs.ts (the committed objects of tests/repo-objects.ts and the BTF
// fixtures tests/fixtures/btf/objects/*.o, good/*.btf): `bpftool btf dump file X format raw|c` into
// <key>.raw.txt / <key>.c.txt, and the CO-RE local specs libbpf prints under `bpftool -d gen min_core_btf`
// into <key>.core.txt.
// meta.json names bpftool's version, each input's sha256, and hashes of this kernel's vmlinux dumps
// (the multi-MB dumps themselves are not committed).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VMLINUX, btfGoldenInputs, coreSpecLines } from '../tests/golden/btf/inputs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const goldDir = join(root, 'tests/golden/btf');
const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

function bpftool(args: string[]): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('bpftool', args, { maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`cannot run bpftool: ${r.error.message}; install it (apt-get install bpftool) to regenerate goldens`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

const version = execFileSync('bpftool', ['--version']).toString().trim().split('\n').map((l) => l.trim()).join('; ');
const tmp = mkdtempSync(join(tmpdir(), 'btf-goldens-'));
const inputs: Record<string, unknown> = {};
try {
  for (const inp of btfGoldenInputs()) {
    const abs = join(root, inp.path);
    const base = join(goldDir, inp.key);
    mkdirSync(dirname(base), { recursive: true });
    const entry: Record<string, unknown> = { path: inp.path, sha256: sha256(readFileSync(abs)) };
    for (const fmt of ['raw', 'c'] as const) {
      const r = bpftool(['btf', 'dump', 'file', abs, 'format', fmt]);
      if (r.status === 0) {
        writeFileSync(`${base}.${fmt}.txt`, r.stdout);
        rmSync(`${base}.${fmt}.error.txt`, { force: true });
      } else {
        // The absolute path would make the golden depend on where the checkout lives.
        writeFileSync(`${base}.${fmt}.error.txt`, `exit ${r.status}\n${r.stderr.split(abs).join(inp.path)}`);
        rmSync(`${base}.${fmt}.txt`, { force: true });
      }
      entry[fmt] = r.status === 0 ? 'ok' : `bpftool exit ${r.status}`;
    }
    rmSync(`${base}.core.txt`, { force: true });
    if (inp.path.endsWith('.o') && existsSync(VMLINUX)) {
      const r = bpftool(['-d', 'gen', 'min_core_btf', VMLINUX, join(tmp, 'min.btf'), abs]);
      const lines = coreSpecLines(r.stderr);
      if (lines.length) {
        writeFileSync(`${base}.core.txt`, `${lines.join('\n')}\n`);
        entry.core = lines.length;
      }
    }
    inputs[inp.key] = entry;
  }
  const meta: Record<string, unknown> = {
    generatedBy: 'scripts/update-btf-goldens.ts',
    tool: version,
    inputs,
  };
  if (existsSync(VMLINUX)) {
    const raw = bpftool(['btf', 'dump', 'file', VMLINUX, 'format', 'raw']);
    const c = bpftool(['btf', 'dump', 'file', VMLINUX, 'format', 'c']);
    meta.vmlinux = {
      kernelRelease: release(),
      btfSha256: sha256(readFileSync(VMLINUX)),
      rawSha256: sha256(raw.stdout),
      cSha256: sha256(c.stdout),
      rawLines: raw.stdout.toString().split('\n').length - 1,
      cLines: c.stdout.toString().split('\n').length - 1,
    };
  }
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]))
      : v;
  writeFileSync(join(goldDir, 'meta.json'), `${JSON.stringify(sortKeys(meta), null, 2)}\n`);
  console.log(`update-btf-goldens: ${Object.keys(inputs).length} inputs with ${version}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
