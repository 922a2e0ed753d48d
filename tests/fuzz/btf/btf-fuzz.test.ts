// Seeded mutation fuzzing of the BTF decoder, both printers and the .BTF.ext decoder: whatever the bytes,
// the result is a value (never a throw) and comes back in < 100 ms. Corpus: the hand-made good blobs,
// the .BTF/.BTF.ext of the committed objects. FUZZ_ITERATIONS (default 3000) and FUZZ_SEED override.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBtf, decodeBtfExt, formatBtfC, formatBtfRawBytes, formatRawRecord, indexBtf, readElf, referrersOf, sectionData, typeAt } from '@bpflc/sim';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const ITER = Number(process.env.FUZZ_ITERATIONS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_b7f);
const LIMIT_MS = 100;

/** mulberry32: small, seedable, good enough to pick mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seed { name: string; btf: Uint8Array; ext?: Uint8Array }

function corpus(): Seed[] {
  const out: Seed[] = [];
  const good = join(root, 'tests/fixtures/btf/good');
  for (const f of readdirSync(good).filter((n) => n.endsWith('.btf')).sort()) out.push({ name: f, btf: new Uint8Array(readFileSync(join(good, f))) });
  const dirs = ['tests/fixtures/btf/objects', 'tests/programs/build', ...(existsSync(join(root, 'content/examples')) ? readdirSync(join(root, 'content/examples')).map((d) => `content/examples/${d}/build`) : [])];
  for (const d of dirs) {
    if (!existsSync(join(root, d))) continue;
    for (const f of readdirSync(join(root, d)).filter((n) => n.endsWith('.o')).sort()) {
      const elf = readElf(new Uint8Array(readFileSync(join(root, d, f))));
      if (!elf.ok) continue;
      const btf = elf.value.sections.find((s) => s.name === '.BTF');
      const ext = elf.value.sections.find((s) => s.name === '.BTF.ext');
      if (!btf) continue;
      const seed: Seed = { name: `${d}/${f}`, btf: sectionData(elf.value, btf).slice() };
      if (ext) seed.ext = sectionData(elf.value, ext).slice();
      out.push(seed);
    }
  }
  return out;
}

const INTERESTING = [0, 1, 2, 3, 4, 7, 8, 12, 16, 24, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  let b = src.slice();
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * Math.max(1, b.length));
    switch (Math.floor(r() * 8)) {
      case 0: // bit flip
        if (b.length) b[at] = b[at]! ^ (1 << Math.floor(r() * 8));
        break;
      case 1: // interesting byte
        if (b.length) b[at] = INTERESTING[Math.floor(r() * 13)]! & 0xff;
        break;
      case 2: // interesting u32 at an aligned offset (ids, lengths, offsets, info words)
      case 3: {
        const off = at & ~3;
        if (off + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(off, INTERESTING[Math.floor(r() * INTERESTING.length)]!, r() < 0.5);
        break;
      }
      case 4: // small delta on a u32 (off-by-one ids and lengths)
        if ((at & ~3) + 4 <= b.length) {
          const dv = new DataView(b.buffer, b.byteOffset);
          dv.setUint32(at & ~3, (dv.getUint32(at & ~3, true) + (r() < 0.5 ? 1 : -1)) >>> 0, true);
        }
        break;
      case 5: // truncate
        b = b.slice(0, at);
        break;
      case 6: { // delete or duplicate a chunk
        const len = 1 + Math.floor(r() * 16);
        b = r() < 0.5 ? Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + len)]) : Uint8Array.from([...b.subarray(0, at), ...b.subarray(at, at + len), ...b.subarray(at)]);
        break;
      }
      default: // header field (hdr_len, type/str offsets and lengths)
        if (b.length >= 24) new DataView(b.buffer, b.byteOffset).setUint32(4 + 4 * Math.floor(r() * 5), Math.floor(r() * (b.length + 64)), true);
    }
  }
  return b;
}

describe(`BTF fuzz (${ITER} mutations, seed ${SEED})`, () => {
  const seeds = corpus();
  it('has a corpus', () => expect(seeds.length).toBeGreaterThan(2));

  it('never throws, stays under 100 ms per input', { timeout: Math.max(120_000, ITER * 50) }, () => {
    const r = rng(SEED);
    let okCount = 0;
    let errCount = 0;
    let slowest = 0;
    let slowestName = '';
    /**
     * Index and browse (raw print, every type on demand, referrers: the raw CLI's and the type browser's path),
     * decode, print both ways, decode the .BTF.ext: returns whether the BTF decoded. The index accepts all the
     * decoder accepts, and where it refuses the decoder refuses with the same error.
     */
    const runOne = (btfBytes: Uint8Array, extBytes: Uint8Array | undefined): boolean => {
      const ix = indexBtf(btfBytes);
      if (ix.ok) {
        formatBtfRawBytes(ix.value);
        for (let id = 0; id < ix.value.count; id++) typeAt(ix.value, id);
        formatRawRecord(ix.value, ix.value.count - 1);
        referrersOf(ix.value, 1);
      }
      const d = decodeBtf(btfBytes);
      if (!ix.ok) expect(d).toEqual(ix);
      else if (d.ok) expect(d.value.index.count).toBe(ix.value.count);
      if (!d.ok) {
        expect(d.error.kind).toBe('btf-error');
        expect(d.error.offset).toBeGreaterThanOrEqual(0);
        return false;
      }
      formatBtfRawBytes(d.value);
      formatBtfC(d.value);
      if (extBytes) decodeBtfExt(extBytes, d.value);
      return true;
    };
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const timed = (btfBytes: Uint8Array, extBytes: Uint8Array | undefined): number => {
      const t0 = performance.now();
      runOne(btfBytes, extBytes);
      return performance.now() - t0;
    };
    for (let i = 0; i < ITER; i++) {
      const seed = seeds[Math.floor(r() * seeds.length)]!;
      const mutateExt = seed.ext !== undefined && r() < 0.3;
      const btfBytes = mutateExt ? seed.btf : mutate(seed.btf, r);
      const extBytes = mutateExt ? mutate(seed.ext!, r) : seed.ext;
      const t0 = performance.now();
      try {
        if (runOne(btfBytes, extBytes)) okCount++;
        else errCount++;
      } catch (e) {
        throw new Error(`iteration ${i} (seed ${seed.name}) threw: ${e instanceof Error ? e.stack : String(e)}`);
      }
      let ms = performance.now() - t0;
      // A slow input is run once more to warm up, then timed again: the best of up to five tells the input's own
      // cost from a GC pause, a cold JIT or a busy machine (other test files share the CPUs).
      if (ms > LIMIT_MS) {
        runOne(btfBytes, extBytes);
        for (let k = 0; k < 5 && ms > LIMIT_MS / 2; k++) {
          Atomics.wait(pause, 0, 0, 50); // let a concurrent burst (another test file, a GC) pass
          ms = Math.min(ms, timed(btfBytes, extBytes));
        }
      }
      if (ms > slowest) {
        slowest = ms;
        slowestName = `iteration ${i} (${seed.name})`;
      }
    }
    console.log(`btf fuzz: ${ITER} inputs, ${okCount} decoded, ${errCount} rejected; slowest ${slowest.toFixed(1)} ms at ${slowestName}`);
    expect(slowest).toBeLessThan(LIMIT_MS);
  });
});
