// One type as C (formatTypeC, what the type browser shows) against the same definition in the whole-file
// dump `bpftool btf dump file /sys/kernel/btf/vmlinux format c` (bpftool 7.1.0, run live): every 8th named
// struct, union and enum of this kernel, plus task_struct. Left out of the comparison, with a count: names
// that occur twice in the kernel (vmlinux.h's block could be either) and blocks in which bpftool renamed
// something to X___N (whole-file name deduplication, which one type alone does not do).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTypeC, indexBtf, typeNameAt, type BtfIndex } from '@bpflc/sim';
import { VMLINUX } from './inputs.ts';

const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const KIND_WORD: Record<number, string> = { 4: 'struct', 5: 'union', 6: 'enum', 19: 'enum' };

/** "struct X" → its block in vmlinux.h ("struct X {\n...\n};\n"). */
function blocks(header: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^((struct|union|enum) (\w+) \{\n[\s\S]*?^\}(?: __attribute__\(\(packed\)\))?;\n)/gm;
  for (const m of header.matchAll(re)) out.set(`${m[2]} ${m[3]}`, m[1]!);
  return out;
}

describe.skipIf(!existsSync(VMLINUX) || !hasBpftool)('one type as C vs bpftool format c (vmlinux)', () => {
  it('matches the definition bpftool prints for it', { timeout: 120_000 }, () => {
    const r = indexBtf(new Uint8Array(readFileSync(VMLINUX)));
    if (!r.ok) throw new Error(r.error.message);
    const ix: BtfIndex = r.value;
    const dump = spawnSync('bpftool', ['btf', 'dump', 'file', VMLINUX, 'format', 'c'], { maxBuffer: 1 << 30, encoding: 'utf8' });
    expect(dump.status).toBe(0);
    const want = blocks(dump.stdout);
    const seen = new Map<string, number>();
    for (let id = 1; id < ix.count; id++) {
      const w = KIND_WORD[ix.kinds[id]!];
      const name = typeNameAt(ix, id);
      if (w && name) seen.set(`${w} ${name}`, (seen.get(`${w} ${name}`) ?? 0) + 1);
    }
    let compared = 0;
    let twice = 0;
    let renamed = 0;
    let sample = 0;
    for (let id = 1; id < ix.count; id++) {
      const w = KIND_WORD[ix.kinds[id]!];
      const name = typeNameAt(ix, id);
      if (!w || !name) continue;
      if (name !== 'task_struct' && sample++ % 8 !== 0) continue;
      const key = `${w} ${name}`;
      if (seen.get(key)! > 1) { twice++; continue; }
      const block = want.get(key);
      if (block === undefined) continue; // an enum bpftool prints inline only, never on its own
      if (/\w___\d+\b/.test(block)) { renamed++; continue; }
      const got = formatTypeC(ix, id);
      expect(got.ok ? got.value : got.error.message, key).toBe(block);
      compared++;
    }
    console.log(`formatTypeC: ${compared} definitions identical to bpftool's; left out ${twice} with duplicate names, ${renamed} with X___N renames`);
    expect(compared).toBeGreaterThan(500);
  });

  it('explains kinds that have no definition of their own', () => {
    const r = indexBtf(new Uint8Array(readFileSync(VMLINUX)));
    if (!r.ok) throw new Error(r.error.message);
    const ptr = Array.from({ length: r.value.count }, (_, i) => i).find((i) => r.value.kinds[i] === 2)!;
    const got = formatTypeC(r.value, ptr);
    expect(got.ok ? '' : got.error.message).toBe('PTR has no C definition of its own: it appears only inside declarations.');
  });
});
