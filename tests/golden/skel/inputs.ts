// The objects the skeleton goldens cover: every committed eBPF object (tests/repo-objects.ts: examples, test
// programs) and the BTF and ELF fixture objects. Shared by scripts/update-skel-goldens.ts and
// skel-golden.test.ts. A key is the path with '/' → '__'.
import { fixtureObjects, repoObjects } from '../../repo-objects.ts';

export interface SkelGoldenInput {
  key: string;
  /** Relative to the repo root. */
  path: string;
  /** bpftool's `name N`, when the case is about naming. */
  name?: string;
}

export function skelGoldenInputs(): SkelGoldenInput[] {
  const paths = [...repoObjects(), ...fixtureObjects('btfObjects'), ...fixtureObjects('btfBad'), ...fixtureObjects('elf')];
  const out: SkelGoldenInput[] = paths.map((path) => ({ key: path.replace(/\//g, '__'), path }));
  // `name N`: bpftool takes the name as given (no sanitizing, no '.o' rule).
  out.push({ key: 'named__minimal', path: 'content/examples/minimal/build/minimal.bpf.o', name: 'my_skel' });
  out.push({ key: 'named__subprog_loop', path: 'content/examples/subprog-loop/build/subprog_loop.bpf.o', name: 'loop2' });
  return out;
}

/**
 * Deliberately malformed ELF fixtures that libbpf's libelf-based reader still opens but sim's ELF reader
 * refuses (it checks section 0, overlaps and sh_link that libelf does not). Known gap, not a skeleton rule.
 */
export const ELF_STRICTER_THAN_LIBELF = new Set([
  'tests__fixtures__elf__section0-not-null.o',
  'tests__fixtures__elf__section-over-header-table.o',
  'tests__fixtures__elf__rel-link-not-symtab.o',
  'tests__fixtures__elf__overlapping-sections.o',
]);

/** The embedded object, read back from a skeleton's `__elf_bytes` string literal (`\xNN`, `\0`, `\`-newline). */
export function elfBytesFromSkeleton(text: string): Uint8Array | undefined {
  const m = /\*sz = (\d+);\n\treturn \(const void \*\)"\\\n([\s\S]*?)";\n\}/.exec(text);
  if (!m) return undefined;
  const body = m[2]!.replace(/\\\n/g, '');
  const out = new Uint8Array(Number(m[1]));
  let n = 0;
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') return undefined;
    if (body[i + 1] === '0') {
      out[n++] = 0;
      i += 2;
    } else if (body[i + 1] === 'x') {
      out[n++] = parseInt(body.slice(i + 2, i + 4), 16);
      i += 4;
    } else return undefined;
  }
  return n === out.length ? out : undefined;
}
