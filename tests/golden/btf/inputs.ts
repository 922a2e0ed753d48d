// The objects and raw BTF files that have bpftool goldens in tests/golden/btf/, shared by
// scripts/update-btf-goldens.ts (which makes them) and btf-golden.test.ts (which checks against them):
// every repository object (tests/repo-objects.ts), then the BTF fixtures (objects and raw .btf blobs).
import { exampleObjects, fixtureFiles, fixtureObjects, FIXTURE_DIRS, programObjects, PROGRAMS_DIR } from '../../repo-objects.ts';

export interface BtfInput {
  /** Golden key, e.g. 'examples/minimal/minimal.bpf.o'; golden files are <key>.raw.txt, <key>.c.txt, <key>.core.txt. */
  key: string;
  /** Path relative to the repository root. */
  path: string;
}

/** A path under dir (relative to the root) as a golden key: keyPrefix + what follows dir. */
const keyed = (dir: string, keyPrefix: string) => (path: string): BtfInput => ({ key: keyPrefix + path.slice(dir.length + 1), path });

export function btfGoldenInputs(): BtfInput[] {
  return [
    // content/examples/<slug>/build/<f> → examples/<slug>/<f>
    ...exampleObjects().map((path) => ({ key: path.replace(/^content\/examples\/([^/]+)\/build\//, 'examples/$1/'), path })),
    ...programObjects().map(keyed(PROGRAMS_DIR, 'programs/')),
    ...fixtureObjects('btfObjects').map(keyed(FIXTURE_DIRS.btfObjects, 'fixtures/objects/')),
    ...fixtureFiles('btfGood', '.btf').map(keyed(FIXTURE_DIRS.btfGood, 'fixtures/good/')),
  ];
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
