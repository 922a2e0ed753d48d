// The objects and raw BTF files that have bpftool goldens in tests/golden/btf/, shared by
// scripts/update-btf-goldens.ts (which makes them) and btf-golden.test.ts (which checks against them).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BtfInput {
  /** Golden key, e.g. 'examples/minimal/minimal.bpf.o'; golden files are <key>.raw.txt, <key>.c.txt, <key>.core.txt. */
  key: string;
  /** Path relative to the repository root. */
  path: string;
}

const list = (root: string, dir: string, suffix: string): string[] =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith(suffix)).sort() : [];

export function btfGoldenInputs(root: string): BtfInput[] {
  const out: BtfInput[] = [];
  for (const ex of list(root, 'content/examples', '')) {
    for (const f of list(root, `content/examples/${ex}/build`, '.o')) out.push({ key: `examples/${ex}/${f}`, path: `content/examples/${ex}/build/${f}` });
  }
  for (const f of list(root, 'tests/programs/build', '.o')) out.push({ key: `programs/${f}`, path: `tests/programs/build/${f}` });
  for (const f of list(root, 'tests/fixtures/btf/objects', '.o')) out.push({ key: `fixtures/objects/${f}`, path: `tests/fixtures/btf/objects/${f}` });
  for (const f of list(root, 'tests/fixtures/btf/good', '.btf')) out.push({ key: `fixtures/good/${f}`, path: `tests/fixtures/btf/good/${f}` });
  return out;
}

/** `bpftool -d gen min_core_btf` stderr → the local spec line of every CO-RE relocation, "<sec> #<i>: <spec>". */
export function coreSpecLines(stderr: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^libbpf: prog '(.*)': relo #(\d+): (<.*)$/.exec(line);
    if (!m) continue;
    const key = `${m[1]} #${m[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`${key}: ${m[3]}`);
  }
  return out;
}

export const VMLINUX = '/sys/kernel/btf/vmlinux';
