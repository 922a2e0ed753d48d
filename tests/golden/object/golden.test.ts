// ObjectSpec goldens: our reader's output for every example, C test program and fixture, compared with the
// committed JSON (regenerate with `node --import tsx tests/golden/object/generate.ts`, which checks the
// reader against libbpf, llvm-readelf and, as root, bpftool + the kernel before writing). Relocation counts
// are checked against llvm-readelf here too, so a golden cannot drift from the real tool unnoticed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { goldenObjects, HERE, readSpec } from './objects.ts';
import { goldenText } from './golden-json.ts';
import { checkRelocCounts, readelfRelocCounts, readelfVersion } from './witness/readelf-relocs.ts';

const REGEN = 'regenerate: node --import tsx tests/golden/object/generate.ts';
const objects = goldenObjects();
const meta = JSON.parse(readFileSync(`${HERE}/meta.json`, 'utf8')) as { objects: Record<string, { sha256: string }> };

describe('ObjectSpec goldens', () => {
  it('cover every object, each at the bytes it was generated from', () => {
    expect(objects.length).toBeGreaterThanOrEqual(30);
    for (const o of objects) {
      const sha = createHash('sha256').update(readFileSync(o.path)).digest('hex');
      expect(meta.objects[o.rel]?.sha256, `${o.rel} changed or is new since the goldens were made: ${REGEN}`).toBe(sha);
    }
  });

  it('fixtures are the objects fixtures/build.ts made from the committed sources', () => {
    const m = JSON.parse(readFileSync(`${HERE}/fixtures/manifest.json`, 'utf8')) as { objects: { source: string; sourceSha256: string; output: string; outputSha256: string }[] };
    const sha = (f: string): string => createHash('sha256').update(readFileSync(`${HERE}/fixtures/${f}`)).digest('hex');
    expect(m.objects.length).toBeGreaterThanOrEqual(2);
    for (const f of m.objects) {
      expect(sha(f.source), `${f.source} changed: node --import tsx tests/golden/object/fixtures/build.ts`).toBe(f.sourceSha256);
      expect(sha(f.output), `${f.output} is not what build.ts made`).toBe(f.outputSha256);
    }
  });

  for (const o of objects) {
    it(o.rel, () => {
      expect(existsSync(o.golden), `${o.golden} is missing: ${REGEN}`).toBe(true);
      expect(goldenText(readSpec(o.path))).toBe(readFileSync(o.golden, 'utf8'));
    });
  }
});

const llvm = readelfVersion();
if (!llvm) console.warn('tests/golden/object: llvm-readelf is not installed, so relocation counts are not compared (apt-get install llvm).');

describe.skipIf(!llvm)(`relocation counts vs llvm-readelf -r (LLVM ${llvm ?? 'missing'})`, () => {
  let sections = 0;
  let agree = 0;
  let entries = 0;
  for (const o of objects) {
    it(o.rel, () => {
      const r = readSpec(o.path);
      if (!r.ok) return; // refused by the reader (and by libbpf, see libbpf-open.test.ts): nothing recorded
      const check = checkRelocCounts(r.value, readelfRelocCounts(o.path));
      for (const c of check.compared) {
        sections++;
        entries += c.readelf;
        if (c.readelf === c.spec) agree++;
      }
      expect(check.compared.filter((c) => c.readelf !== c.spec)).toEqual([]);
      for (const i of check.ignored) expect(i.section).toMatch(/^\.rel(\.BTF|\.BTF\.ext|\.debug_.*)$/);
    });
  }
  afterAll(() => console.log(`relocations: ${agree}/${sections} relocation sections (${entries} entries) agree with llvm-readelf -r`));
});
