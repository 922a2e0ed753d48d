// Fuzzes the ELF reader with mutated copies of every available eBPF object (seeded, so a failure replays):
// random byte changes, truncation at every interesting boundary, and targeted values in header, section,
// symbol and relocation fields. For each input readElf, the lazy symbol/relocation decoding, summarizeElf
// and describeFile must not throw, must return well-formed values, and must take < 100 ms together (best of
// up to three timings, so a scheduler or GC pause on a busy machine is not counted against an input).
// FUZZ_ITERATIONS=N sets the random mutations per object (default 5000: ~240k inputs, ~25 s here);
// FUZZ_TRACE=file writes each input's description there before it runs, to name an input that hangs.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFile, readElf, sectionData, summarizeElf } from '@bpflc/sim';
import { availableObjects, shortName } from '../unit/elf/objects.ts';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 5000);
const LIMIT_MS = 100;

/** mulberry32: small, fast, seeded. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function hashName(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Where the structures of a (valid little- or big-endian) ELF64 object sit, for targeted mutations. */
interface Layout {
  le: boolean;
  shoff: number;
  shnum: number;
  sections: { hdr: number; offset: number; size: number; type: number; entsize: number }[];
}
function layout(b: Uint8Array): Layout {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[5] === 1;
  const shoff = Number(dv.getBigUint64(40, le));
  const shnum = dv.getUint16(60, le);
  const sections = Array.from({ length: shnum }, (_, i) => {
    const hdr = shoff + i * 64;
    return { hdr, type: dv.getUint32(hdr + 4, le), offset: Number(dv.getBigUint64(hdr + 24, le)), size: Number(dv.getBigUint64(hdr + 32, le)), entsize: Number(dv.getBigUint64(hdr + 56, le)) };
  });
  return { le, shoff, shnum, sections };
}

type Patch = { at: number; bytes: number[] };

/** Runs `fn` on `buf` with the patches applied in place, then restores the original bytes (no 600 KB copies). */
function withPatches<T>(buf: Uint8Array, patches: Patch[], fn: () => T): T {
  const saved = patches.map((p) => ({ at: p.at, bytes: Array.from(buf.subarray(p.at, p.at + p.bytes.length)) }));
  for (const p of patches) if (p.at >= 0 && p.at + p.bytes.length <= buf.length) buf.set(p.bytes, p.at);
  try {
    return fn();
  } finally {
    for (const s of saved.reverse()) buf.set(s.bytes, s.at);
  }
}

function encode(value: bigint, width: 1 | 2 | 4 | 8, le: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < width; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return le ? out : out.reverse();
}

/** One input through everything a caller may do with it; returns the elapsed ms. Throws only on a bug. */
function exercise(input: Uint8Array): { ms: number; rejected: boolean; problem?: string } {
  const t0 = performance.now();
  const r = readElf(input);
  let problem: string | undefined;
  if (r.ok) {
    const elf = r.value;
    for (const s of elf.sections) sectionData(elf, s);
    for (const t of elf.symbolTables) if (t.symbols.length !== t.count) problem = 'symbol count mismatch';
    for (const rs of elf.relocationSections) if (rs.relocations.length !== rs.count) problem = 'relocation count mismatch';
    summarizeElf(elf);
  } else {
    const e = r.error;
    if (e.kind !== 'elf-error' || !Number.isInteger(e.offset) || e.offset < 0 || e.offset > input.length) problem = `bad error offset ${e.offset}`;
    else if (typeof e.message !== 'string' || e.message.length < 20 || /undefined|NaN|\[object|internal error/.test(e.message)) problem = `bad error message ${JSON.stringify(e.message)}`;
  }
  // describeFile answers "data" only for non-ELF input; for ELF input that word would mean its catch-all fired.
  const line = describeFile(input);
  const elfMagic = input.length >= 4 && input[0] === 0x7f && input[1] === 0x45 && input[2] === 0x4c && input[3] === 0x46;
  if (typeof line !== 'string' || (elfMagic && !line.startsWith('ELF'))) problem = `describeFile said ${JSON.stringify(line)}`;
  return { ms: performance.now() - t0, rejected: !r.ok, problem };
}

const objects = availableObjects();
const totals = { inputs: 0, rejected: 0, maxMs: 0, slowest: '' };
afterAll(() => {
  console.log(`elf fuzz: ${totals.inputs} inputs over ${objects.length} objects, ${totals.rejected} rejected with an ElfError, slowest ${totals.maxMs.toFixed(1)} ms (${totals.slowest})`);
});

describe(`ELF fuzz (${ITERATIONS} random mutations per object, ${objects.length} objects)`, () => {
  it('has objects to mutate', () => expect(objects.length).toBeGreaterThan(0));

  for (const path of objects) {
    it(shortName(path), () => {
      const src = new Uint8Array(readFileSync(path));
      const buf = new Uint8Array(src);
      const L = layout(src);
      const rnd = prng(hashName(shortName(path)));
      let max = 0;
      let slowest = '';
      let count = 0;
      const problems: string[] = [];
      const run = (what: string, input: Uint8Array) => {
        if (process.env.FUZZ_TRACE) writeFileSync(process.env.FUZZ_TRACE, what);
        const first = exercise(input);
        const { rejected, problem } = first;
        let ms = first.ms;
        // Wall time on a shared machine includes preemption and GC pauses: a slow input is timed again
        // (up to twice) and keeps its best time, so only a truly slow input fails the limit.
        for (let again = 0; again < 2 && ms >= LIMIT_MS; again++) ms = Math.min(ms, exercise(input).ms);
        count++;
        totals.inputs++;
        if (rejected) totals.rejected++;
        if (ms > totals.maxMs) [totals.maxMs, totals.slowest] = [ms, `${shortName(path)} ${what}`.slice(0, 160)];
        if (ms > max) [max, slowest] = [ms, what];
        if (problem && problems.length < 5) problems.push(`${what}: ${problem}`);
      };
      const big = (): bigint => [0n, 1n, BigInt(src.length), BigInt(src.length - 1), BigInt(src.length + 1), 0xffffffffn, 0x7fffffffn, 1n << 53n, 1n << 63n, 0xffffffffffffffffn, BigInt(rnd(2 ** 30))][rnd(11)] as bigint;

      // 1. Truncation at every interesting boundary (views, no copies).
      const cuts = new Set<number>([0, 1, 3, 4, 5, 15, 16, 17, 52, 63, 64, 65, L.shoff, L.shoff + 1, src.length - 1]);
      for (const s of L.sections) for (const c of [s.hdr, s.hdr + 24, s.hdr + 63, s.offset, s.offset + 1, s.offset + s.size - 1, s.offset + s.size]) cuts.add(c);
      for (const c of cuts) if (c >= 0 && c <= src.length) run(`cut at ${c}`, src.subarray(0, c));

      // 2. Targeted fields: ELF header, each section header, symbol and relocation entries.
      const header: [number, 1 | 2 | 4 | 8][] = [[4, 1], [5, 1], [6, 1], [7, 1], [16, 2], [18, 2], [20, 4], [32, 8], [40, 8], [52, 2], [54, 2], [56, 2], [58, 2], [60, 2], [62, 2]];
      const shdr: [number, 1 | 2 | 4 | 8][] = [[0, 4], [4, 4], [8, 8], [24, 8], [32, 8], [40, 4], [44, 4], [56, 8]];
      const targeted = (): Patch[] => {
        const pick = rnd(4);
        if (pick === 0) {
          const [at, w] = header[rnd(header.length)]!;
          return [{ at, bytes: encode(big(), w, L.le) }];
        }
        const sec = L.sections[rnd(L.sections.length)]!;
        if (pick === 1 || L.shnum === 0) {
          const [f, w] = shdr[rnd(shdr.length)]!;
          return [{ at: sec.hdr + f, bytes: encode(big(), w, L.le) }];
        }
        // An entry of a symbol (type 2) or relocation (type 9) table.
        const tables = L.sections.filter((s) => (pick === 2 ? s.type === 2 : s.type === 9) && s.entsize > 0 && s.size >= s.entsize);
        const t = tables[rnd(tables.length)];
        if (!t) return [{ at: rnd(src.length), bytes: [rnd(256)] }];
        const entry = t.offset + rnd(t.size / t.entsize) * t.entsize;
        const fields: [number, 1 | 2 | 4 | 8][] = pick === 2 ? [[0, 4], [4, 1], [5, 1], [6, 2], [8, 8], [16, 8]] : [[0, 8], [8, 4], [12, 4]];
        const [f, w] = fields[rnd(fields.length)]!;
        return [{ at: entry + f, bytes: encode(big(), w, L.le) }];
      };

      // 3. Random bytes anywhere, one to eight of them, sometimes single bit flips.
      const random = (): Patch[] =>
        Array.from({ length: 1 + rnd(8) }, () => {
          const at = rnd(src.length);
          return { at, bytes: [rnd(3) === 0 ? (src[at]! ^ (1 << rnd(8))) : rnd(256)] };
        });

      for (let i = 0; i < ITERATIONS; i++) {
        const patches = i % 2 === 0 ? targeted() : random();
        withPatches(buf, patches, () => run(`mutation ${i} ${JSON.stringify(patches)}`, rnd(8) === 0 ? buf.subarray(0, rnd(buf.length + 1)) : buf));
      }

      expect(problems).toEqual([]);
      expect(count).toBeGreaterThan(ITERATIONS);
      expect(max, `slowest of ${count} inputs: ${slowest}`).toBeLessThan(LIMIT_MS);
    });
  }
});
