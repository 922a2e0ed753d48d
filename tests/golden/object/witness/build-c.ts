// Builds a small C witness against the installed libbpf once per source version: the binary lives in the
// temp directory under a name that carries the source's hash, and is compiled to a private name first and
// renamed, so parallel test workers neither collide nor leave copies behind.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export function buildLibbpfTool(src: string): { bin?: string; reason?: string } {
  if (!existsSync('/usr/include/bpf/libbpf.h')) return { reason: 'libbpf-dev is not installed (apt-get install libbpf-dev)' };
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16);
  const bin = join(tmpdir(), `bpflc-${basename(src, '.c')}-${hash}`);
  if (existsSync(bin)) return { bin };
  const tmp = `${bin}.${process.pid}.tmp`;
  try {
    execFileSync('cc', ['-O1', '-Wall', src, '-o', tmp, '-lbpf'], { stdio: 'pipe' });
    renameSync(tmp, bin);
    return { bin };
  } catch (e) {
    return { reason: `cannot compile ${basename(src)} with cc against libbpf: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
