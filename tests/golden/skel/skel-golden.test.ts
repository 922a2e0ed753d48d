// `bpflc skel` (generateSkeleton) vs `bpftool gen skeleton` 7.1.0, byte for byte: the committed goldens made
// by scripts/update-skel-goldens.ts (each header embeds its object, so the input is read back from the
// golden itself and a rebuilt object cannot make it stale) and, when bpftool is installed, its live output
// for the objects as they are now. Objects bpftool refuses must be refused here too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSkeleton } from '@bpflc/sim';
import { ELF_STRICTER_THAN_LIBELF, elfBytesFromSkeleton, skelGoldenInputs } from './inputs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
interface MetaEntry { path: string; sha256: string; result: 'header' | 'refused'; name?: string }
const meta = JSON.parse(readFileSync(join(here, 'meta.json'), 'utf8')) as { tool: string; inputs: Record<string, MetaEntry> };
const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const utf8 = new TextEncoder();

const tally = { golden: { same: 0, total: 0 }, live: { same: 0, total: 0 } };

describe(`skeleton goldens (${meta.tool})`, () => {
  it('cover every object the inputs list, and name the tool', () => {
    expect(meta.tool).toMatch(/^bpftool v7\.1\.0/);
    const keys = skelGoldenInputs().map((i) => i.key);
    for (const k of keys) expect(meta.inputs[k], `no golden for ${k}: run scripts/update-skel-goldens.ts`).toBeDefined();
  });

  for (const [key, m] of Object.entries(meta.inputs)) {
    const opts = m.name === undefined ? { path: m.path } : { path: m.path, name: m.name };
    if (m.result === 'header') {
      it(`${key}: identical header`, () => {
        tally.golden.total++;
        const want = gunzipSync(readFileSync(join(here, `${key}.skel.h.gz`)));
        const bytes = elfBytesFromSkeleton(want.toString('latin1'));
        expect(bytes, 'the golden\'s __elf_bytes literal reads back').toBeDefined();
        expect(sha256(bytes!)).toBe(m.sha256);
        const r = generateSkeleton(bytes!, opts);
        if (ELF_STRICTER_THAN_LIBELF.has(key)) {
          // Known gap: sim's ELF reader refuses this malformed file; libbpf's libelf does not look.
          expect(r.ok).toBe(false);
          return;
        }
        if (!r.ok) throw new Error(r.error.message);
        expect(Buffer.from(utf8.encode(r.value.text)).equals(want), 'byte-identical to bpftool').toBe(true);
        tally.golden.same++;
      });
    } else {
      it(`${key}: refused, as bpftool refuses it`, (ctx) => {
        const abs = join(root, m.path);
        if (!existsSync(abs)) return ctx.skip();
        const bytes = new Uint8Array(readFileSync(abs));
        if (sha256(bytes) !== m.sha256) return ctx.skip(); // rebuilt since the golden: the live test covers it
        tally.golden.total++;
        const r = generateSkeleton(bytes, opts);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/^failed to open BPF object file: /);
        tally.golden.same++;
      });
    }
  }
});

describe.skipIf(!hasBpftool)('skeletons vs live bpftool', () => {
  for (const inp of skelGoldenInputs()) {
    it(`${inp.key}`, () => {
      const args = ['gen', 'skeleton', inp.path, ...(inp.name === undefined ? [] : ['name', inp.name])];
      const live = spawnSync('bpftool', args, { cwd: root, maxBuffer: 1 << 28 });
      const r = generateSkeleton(new Uint8Array(readFileSync(join(root, inp.path))), inp.name === undefined ? { path: inp.path } : { path: inp.path, name: inp.name });
      if (ELF_STRICTER_THAN_LIBELF.has(inp.key)) {
        expect(r.ok).toBe(false);
        return;
      }
      tally.live.total++;
      if (live.status !== 0) {
        expect(r.ok, `bpftool refuses: ${live.stderr.toString().trim()}`).toBe(false);
      } else {
        if (!r.ok) throw new Error(`bpftool accepts, we refuse: ${r.error.message}`);
        expect(Buffer.from(utf8.encode(r.value.text)).equals(live.stdout)).toBe(true);
      }
      tally.live.same++;
    });
  }
});

afterAll(() => {
  const known = ELF_STRICTER_THAN_LIBELF.size;
  console.log(`skel agreement with bpftool 7.1.0: goldens ${tally.golden.same}/${tally.golden.total} identical or equally refused (the ${known} others: malformed ELF fixtures libelf opens and sim's ELF reader refuses), live ${tally.live.same}/${tally.live.total}${hasBpftool ? '' : ' (bpftool not installed)'}`);
});
