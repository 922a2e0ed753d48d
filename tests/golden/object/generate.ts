// Regenerates the ObjectSpec goldens (tests/golden/object/<object>.json) from OUR reader, and only after
// checking it against the real tools, recording each check's result in meta.json:
//   - libbpf's open phase (witness/libbpf-open.c linked against the installed libbpf 1.1.2): every program
//     and map field libbpf exposes;
//   - llvm-readelf -r: relocation counts of every code and .maps relocation section;
//   - when root: bpftool prog loadall under strace (what the kernel was asked to create, and what it holds).
// Any disagreement stops the run and nothing is written. Run from the repository root:
//   node --import tsx tests/golden/object/generate.ts
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { goldenObjects, HERE, predictedRefusal, readSpec, ROOT } from './objects.ts';
import { goldenText } from './golden-json.ts';
import { libbpfOpen, libbpfOpenWitness } from './witness/libbpf-open.ts';
import { checkRelocCounts, readelfRelocCounts, readelfVersion } from './witness/readelf-relocs.ts';
import { hasStrace, liveSkipReason, loadAll, possibleCpus } from './witness/bpftool-live.ts';
import { compareReadWithLive, compareWithLibbpfOpen, type Agreement } from './witness/compare.ts';
import { libbpfErrnoValue } from '@bpflc/sim';

const tool = (argv: string[]): string => {
  try {
    return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'not installed';
  }
};
const ratio = (a: Agreement): string => `${a.programs.agree}/${a.programs.total} programs, ${a.maps.agree}/${a.maps.total} maps`;

const witness = libbpfOpenWitness();
if (!witness.bin) throw new Error(witness.reason);
const readelf = readelfVersion();
if (!readelf) throw new Error('llvm-readelf is not installed (apt-get install llvm)');
const liveSkip = liveSkipReason();
const nCpus = liveSkip ? 0 : possibleCpus();

const problems: string[] = [];
const objects: Record<string, unknown> = {};
const texts = new Map<string, string>();
for (const o of goldenObjects()) {
  const r = readSpec(o.path);
  const entry: Record<string, unknown> = { golden: relative(HERE, o.golden), sha256: createHash('sha256').update(readFileSync(o.path)).digest('hex') };

  const w = libbpfOpen(witness.bin, o.path);
  const predicted = predictedRefusal(r);
  if (predicted.length) {
    if (!predicted.map(libbpfErrnoValue).includes(w.error)) problems.push(`${o.rel}: libbpf answered ${w.error}, the reader predicts ${predicted.join(' or ')}`);
    entry.libbpfOpen = `refused with ${w.error} (${predicted.join(' or ')}), as predicted`;
  } else if (w.error !== 0) {
    problems.push(`${o.rel}: libbpf refuses to open it (${w.error}) but the reader accepts it`);
  } else if (r.ok) {
    const a = compareWithLibbpfOpen(r.value, w);
    problems.push(...a.diffs.map((d) => `${o.rel}: libbpf open: ${d}`));
    entry.libbpfOpen = ratio(a);
  }

  if (r.ok) {
    const rc = checkRelocCounts(r.value, readelfRelocCounts(o.path));
    for (const c of rc.compared) if (c.readelf !== c.spec) problems.push(`${o.rel}: ${c.section}: llvm-readelf ${c.readelf}, spec ${c.spec}`);
    entry.relocations = `${rc.compared.filter((c) => c.readelf === c.spec).length}/${rc.compared.length} sections, ${rc.compared.reduce((n, c) => n + c.readelf, 0)} entries`;
  }

  if (!liveSkip) {
    const live = compareReadWithLive(readSpec(o.path, { mmapable: 'always' }), loadAll(o.path), nCpus);
    if (live.outcome === 'loaded-unexpectedly') problems.push(`${o.rel}: expected bpftool to refuse it, but it loaded`);
    for (const a of [live.bpftool, live.strace]) for (const d of a?.diffs ?? []) problems.push(`${o.rel}: live: ${d}`);
    entry.live = {
      outcome: live.outcome,
      ...(live.bpftool ? { bpftool: ratio(live.bpftool) } : {}),
      ...(live.strace ? { strace: ratio(live.strace) } : {}),
      ...(live.notAttempted.length ? { notAttempted: live.notAttempted } : {}),
    };
  }
  objects[o.rel] = entry;
  texts.set(o.golden, goldenText(r));
}

if (problems.length) {
  console.error(`Not writing goldens: ${problems.length} disagreements with the real tools:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
for (const [file, text] of texts) writeFileSync(file, text);
const meta = {
  schema: 1,
  generatedBy: 'tests/golden/object/generate.ts',
  reader: 'sim/src/object readObjectSpec (libbpf 1.1 rules)',
  checkedWith: {
    libbpf: `libbpf ${tool(['dpkg-query', '-W', '-f=${Version}', 'libbpf1'])} (bpf_object__open_file via witness/libbpf-open.c)`,
    llvmReadelf: `LLVM ${readelf}`,
    bpftool: liveSkip ? `not run: ${liveSkip}` : tool(['bpftool', 'version']),
    strace: liveSkip ? 'not run' : hasStrace() ? tool(['strace', '-V']) : 'not installed',
    kernel: tool(['uname', '-r']),
  },
  objects,
};
writeFileSync(join(HERE, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
console.log(`wrote ${texts.size} goldens and meta.json (${relative(ROOT, HERE)})`);
