// The objects the skeleton goldens cover: every committed eBPF object (examples, test programs, BTF and ELF
// fixtures). Shared by scripts/update-skel-goldens.ts and skel.test.ts. A key is the path with '/' → '__'.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SkelGoldenInput {
  key: string;
  /** Relative to the repo root. */
  path: string;
  /** bpftool's `name N`, when the case is about naming. */
  name?: string;
}

const DIRS = ['content/examples/*/build', 'tests/programs/build', 'tests/fixtures/btf/objects', 'tests/fixtures/btf/bad', 'tests/fixtures/elf'];

function expand(root: string, pattern: string): string[] {
  const parts = pattern.split('/');
  let dirs = [''];
  for (const p of parts) {
    if (p !== '*') {
      dirs = dirs.map((d) => (d ? `${d}/${p}` : p));
      continue;
    }
    dirs = dirs.flatMap((d) => {
      try {
        return readdirSync(join(root, d), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${d}/${e.name}`);
      } catch {
        return [];
      }
    });
  }
  return dirs;
}

export function skelGoldenInputs(root: string): SkelGoldenInput[] {
  const out: SkelGoldenInput[] = [];
  for (const pattern of DIRS) {
    for (const dir of expand(root, pattern)) {
      let names: string[];
      try {
        names = readdirSync(join(root, dir)).filter((n) => n.endsWith('.o')).sort();
      } catch {
        continue;
      }
      for (const n of names) out.push({ key: `${dir}/${n}`.replace(/\//g, '__'), path: `${dir}/${n}` });
    }
  }
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
