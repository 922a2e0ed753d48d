// The objects the ObjectSpec tests cover: every committed object (tests/repo-objects.ts: the built examples
// and the test programs) and this folder's own fixtures (fixtures/*.bpf.o, built by fixtures/build.ts),
// each with the golden file it is checked against when it has one.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readObjectSpec, type LibbpfErrno, type ObjectError, type ObjectSpec, type ReadObjectOptions, type Result } from '@bpflc/sim';
import { fixtureObjects, PROGRAMS_DIR, repoObjects, repoPath } from '../../repo-objects.ts';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..', '..');

export interface GoldenObject {
  /** Absolute path of the .o */
  path: string;
  /** Repository-relative path, e.g. 'content/examples/minimal/build/minimal.bpf.o'. */
  rel: string;
  /** The golden JSON next to this file, e.g. tests/golden/object/minimal.bpf.o.json. */
  golden: string;
}

/**
 * Objects with a committed golden: the examples, the C test programs (tests/programs/build/c-*.o) and the
 * fixtures. Other objects there (the assembler's asm-*.o, still changing) are compared with libbpf and the
 * kernel live, without a golden, so their rebuilds do not churn this folder.
 */
export function goldenObjects(): GoldenObject[] {
  return allObjects().filter((o) => !o.rel.startsWith(`${PROGRAMS_DIR}/`) || /\/c-[^/]*\.o$/.test(o.rel));
}

/** Every object the witnesses run over (goldenObjects plus the rest of tests/programs/build). */
export function allObjects(): GoldenObject[] {
  const rels = [...repoObjects(), ...fixtureObjects('objectSpec')];
  return rels.map((rel) => ({ path: repoPath(rel), rel, golden: join(HERE, `${basename(rel)}.json`) }));
}

/** readObjectSpec on a file, named as libbpf names it (from its path). */
export function readSpec(path: string, opts: ReadObjectOptions = {}): Result<ObjectSpec, ObjectError> {
  return readObjectSpec(new Uint8Array(readFileSync(path)), { path, ...opts });
}

/** The same, for tests that need a spec: throws when the reader refuses the object. */
export function specOf(path: string, opts: ReadObjectOptions = {}): ObjectSpec {
  const r = readSpec(path, opts);
  if (!r.ok) throw new Error(`${relative(ROOT, path)}: step ${r.error.step}, byte ${r.error.offset}: ${r.error.message}`);
  return r.value;
}

/** The errors libbpf may answer bpf_object__open() with, by the reader's account; [] when it should open. */
export function predictedRefusal(r: Result<ObjectSpec, ObjectError>): LibbpfErrno[] {
  const warnings = r.ok ? r.value.warnings : (r.error.warnings ?? []);
  const refusals = warnings.flatMap((w) => (w.kind === 'libbpf-refuses' && w.libbpfErrno ? [w.libbpfErrno] : []));
  return r.ok ? refusals : [...refusals, r.error.libbpfErrno];
}
