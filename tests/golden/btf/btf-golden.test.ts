// `bpflc btf` output vs bpftool 7.1.0: the committed goldens (made by scripts/update-btf-goldens.ts) and,
// when bpftool is installed, its live output; plus the CO-RE local specs libbpf prints for each relocation.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatBtfC, formatBtfRawBytes, readBtfSource, type BtfSource } from '@bpflc/sim';
import { btfGoldenInputs } from './inputs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const meta = JSON.parse(readFileSync(join(here, 'meta.json'), 'utf8')) as { tool: string; inputs: Record<string, { sha256: string }> };
const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function load(path: string): BtfSource {
  const r = readBtfSource(new Uint8Array(readFileSync(join(root, path))));
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return r.value;
}

const cText = (src: BtfSource): string => {
  const c = formatBtfC(src.btf, src.pointerSize === undefined ? {} : { pointerSize: src.pointerSize });
  if (!c.ok) throw new Error(c.error.message);
  return c.value.text;
};

const inputs = btfGoldenInputs();

describe(`BTF goldens (${meta.tool})`, () => {
  it('every committed object and BTF fixture has a golden (else run scripts/update-btf-goldens.ts)', () => {
    const missing = inputs.filter((i) => !meta.inputs[i.key]).map((i) => i.path);
    expect(missing).toEqual([]);
    expect(inputs.length).toBeGreaterThan(5);
  });

  describe.each(inputs.filter((i) => meta.inputs[i.key]))('$key', ({ key, path }) => {
    const gold = (ext: string): string | undefined => {
      const p = join(here, `${key}.${ext}`);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    };

    // bpftool refused the file (e.g. an object assembled without BTF): we must refuse it too.
    const refused = gold('raw.error.txt');
    it.skipIf(refused === undefined)(`is refused, as bpftool refuses it (${refused?.split('\n')[1] ?? ''})`, () => {
      const r = readBtfSource(new Uint8Array(readFileSync(join(root, path))));
      expect(r.ok).toBe(false);
    });

    it.skipIf(refused !== undefined)('format raw is byte-identical to the bpftool golden', () => {
      const g = gold('raw.txt');
      expect(g).toBeDefined();
      expect(text(formatBtfRawBytes(load(path).btf))).toBe(g);
    });

    it.skipIf(refused !== undefined)('format c is byte-identical to the bpftool golden', () => {
      const g = gold('c.txt');
      expect(g).toBeDefined();
      expect(cText(load(path))).toBe(g);
    });

    it.skipIf(!hasBpftool || refused !== undefined)('both formats match live bpftool', () => {
      const abs = join(root, path);
      const raw = spawnSync('bpftool', ['btf', 'dump', 'file', abs, 'format', 'raw'], { maxBuffer: 1 << 26 });
      const c = spawnSync('bpftool', ['btf', 'dump', 'file', abs, 'format', 'c'], { maxBuffer: 1 << 26 });
      const src = load(path);
      expect(Buffer.from(formatBtfRawBytes(src.btf)).equals(raw.stdout)).toBe(true);
      expect(cText(src)).toBe(c.stdout.toString());
    });

    const core = gold('core.txt');
    it.skipIf(core === undefined)('CO-RE access strings resolve to the specs libbpf prints', () => {
      const src = load(path);
      expect(src.extError).toBeUndefined();
      const lines = (src.ext?.coreRelos ?? []).flatMap((s) => s.records.map((r, i) => `${s.secName} #${i}: ${r.access.spec}`));
      expect(`${lines.join('\n')}\n`).toBe(core);
    });
  });
});
