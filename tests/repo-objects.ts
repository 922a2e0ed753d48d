// The eBPF objects committed in the repository that tests, goldens and benchmarks run over: every example's
// build (content/examples/*/build/*.o) and every test program (tests/programs/build/*.o), in a stable order,
// plus the fixture folders that only some test families cover (BTF, ELF, ObjectSpec fixtures). The one place
// that lists them: callers pick a view here instead of reading directories themselves.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute paths of the files directly in dir whose name ends with suffix, sorted; [] when dir does not exist. */
export function filesIn(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f));
}

/** Absolute paths of the `.o` files directly in dir, sorted; [] when dir does not exist. */
export function objectsIn(dir: string): string[] {
  return filesIn(dir, '.o');
}

const rel = (abs: string): string => relative(REPO_ROOT, abs);

/** content/examples/<slug>/build/*.o, slugs in order, relative to the repository root. */
export function exampleObjects(): string[] {
  const examples = join(REPO_ROOT, 'content', 'examples');
  if (!existsSync(examples)) return [];
  return readdirSync(examples).sort().flatMap((slug) => objectsIn(join(examples, slug, 'build'))).map(rel);
}

/** Where the test programs are built (scripts/build-content/test-programs.ts), relative to the root. */
export const PROGRAMS_DIR = 'tests/programs/build';

/** tests/programs/build/*.o (C test programs c-*.bpf.o and assembler ones asm-*.o), relative to the root. */
export function programObjects(): string[] {
  return objectsIn(join(REPO_ROOT, PROGRAMS_DIR)).map(rel);
}

/** Paths relative to the repository root, examples first, then test programs. */
export function repoObjects(): string[] {
  return [...exampleObjects(), ...programObjects()];
}

/**
 * Committed fixture folders of single test families, relative to the root. Their objects are deliberately
 * odd (malformed ELF, hand-made BTF), so they are not part of repoObjects(); a caller adds the ones it covers.
 */
export const FIXTURE_DIRS = {
  /** clang-built objects with chosen BTF (scripts/make-btf-fixtures.ts). */
  btfObjects: 'tests/fixtures/btf/objects',
  /** Objects with broken BTF. */
  btfBad: 'tests/fixtures/btf/bad',
  /** Raw .BTF blobs (not ELF): tests/fixtures/btf/good/*.btf. */
  btfGood: 'tests/fixtures/btf/good',
  /** ELF reader fixtures: base objects and malformed variants. */
  elf: 'tests/fixtures/elf',
  /** ObjectSpec fixtures (tests/golden/object/fixtures/build.ts). */
  objectSpec: 'tests/golden/object/fixtures',
} as const;
export type FixtureDir = keyof typeof FIXTURE_DIRS;

/** The `.o` files of one fixture folder, relative to the root, sorted. */
export function fixtureObjects(dir: FixtureDir): string[] {
  return objectsIn(join(REPO_ROOT, FIXTURE_DIRS[dir])).map(rel);
}

/** The files of one fixture folder ending with suffix (e.g. '.btf'), relative to the root, sorted. */
export function fixtureFiles(dir: FixtureDir, suffix: string): string[] {
  return filesIn(join(REPO_ROOT, FIXTURE_DIRS[dir]), suffix).map(rel);
}

/** A repository-relative path made absolute. */
export const repoPath = (relPath: string): string => join(REPO_ROOT, relPath);
