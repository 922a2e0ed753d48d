// Finds the checkout this code runs from (source via tsx, or the esbuild bundle in real-backend/dist), so the
// CLI can locate app/dist and content/ wherever the repository was cloned.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'bpf-lifecycle') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the bpf-lifecycle checkout above ${from}`);
  }
}
