// The eBPF objects the ELF tests run over: every built example and test program (made by other parts of
// the project with real clang and bpftool) plus this folder's own committed base objects, which are
// always there (tests/fixtures/elf/base*.bpf.o).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function objectsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.o'))
    .sort()
    .map((f) => join(dir, f));
}

/** Absolute paths: content/examples/*\/build/*.o, tests/programs/build/*.o, tests/fixtures/elf/base*.bpf.o. */
export function availableObjects(): string[] {
  const examples = join(repoRoot, 'content', 'examples');
  const fromExamples = existsSync(examples)
    ? readdirSync(examples)
        .sort()
        .flatMap((slug) => objectsIn(join(examples, slug, 'build')))
    : [];
  const programs = objectsIn(join(repoRoot, 'tests', 'programs', 'build'));
  const own = objectsIn(join(repoRoot, 'tests', 'fixtures', 'elf')).filter((p) => /base.*\.bpf\.o$/.test(p));
  return [...fromExamples, ...programs, ...own];
}

export const shortName = (p: string): string => relative(repoRoot, p);
