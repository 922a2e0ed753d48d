// The eBPF objects the ELF tests run over: every built example and test program (made by other parts of
// the project with real clang and bpftool) plus this folder's own committed base objects, which are
// always there (tests/fixtures/elf/base*.bpf.o).
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { objectsIn, repoObjects } from '../../repo-objects.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Absolute paths: content/examples/*\/build/*.o, tests/programs/build/*.o, tests/fixtures/elf/base*.bpf.o. */
export function availableObjects(): string[] {
  const own = objectsIn(join(repoRoot, 'tests', 'fixtures', 'elf')).filter((p) => /base.*\.bpf\.o$/.test(p));
  return [...repoObjects().map((p) => join(repoRoot, p)), ...own];
}

export const shortName = (p: string): string => relative(repoRoot, p);
