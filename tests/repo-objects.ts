// The eBPF objects committed in the repository that tests, goldens and benchmarks run over: every example's
// build (content/examples/*/build/*.o) and every test program (tests/programs/build/*.o), in a stable order.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute paths of the `.o` files directly in dir, sorted; [] when dir does not exist. */
export function objectsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.o')).sort().map((f) => join(dir, f));
}

/** Paths relative to the repository root, examples first, then test programs. */
export function repoObjects(): string[] {
  const examples = join(REPO_ROOT, 'content', 'examples');
  const fromExamples = existsSync(examples)
    ? readdirSync(examples).sort().flatMap((slug) => objectsIn(join(examples, slug, 'build')))
    : [];
  return [...fromExamples, ...objectsIn(join(REPO_ROOT, 'tests', 'programs', 'build'))].map((p) => relative(REPO_ROOT, p));
}
