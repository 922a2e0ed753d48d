// bpflc's llvm printer against llvm-objdump 14: for every object in the repo, the whole `llvm-objdump -d`
// text must equal the golden file made by the real tool (scripts/update-goldens.ts disasm), and, when
// llvm-objdump 14 is installed, its live output too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readElf } from '../../../sim/src/elf/index.ts';
import { llvmObjdump } from '../../../sim/src/disasm/llvm-objdump.ts';
import { repoObjects } from '../../repo-objects.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;


const live = (() => {
  const v = spawnSync('llvm-objdump', ['--version'], { encoding: 'utf8' });
  return v.status === 0 && /LLVM version 14\.0\.6/.test(v.stdout);
})();

function ours(obj: string): string {
  const elf = readElf(new Uint8Array(readFileSync(join(ROOT, obj))));
  if (!elf.ok) throw new Error(`${obj}: ${elf.error.message}`);
  const r = llvmObjdump(elf.value, obj);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const objects = repoObjects();

describe('bpflc disasm == llvm-objdump -d (LLVM 14.0.6)', () => {
  it('finds the objects and the opcode sweeps', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(objects).toContain('tests/programs/build/asm-opcode-sweep.o');
    expect(objects).toContain('tests/programs/build/asm-opcode-sweep-eb.o');
  });

  for (const obj of objects) {
    it(obj, () => {
      const base = join(ROOT, 'tests/golden/disasm/llvm', `${obj}.objdump`);
      expect(existsSync(`${base}.txt`), `no golden for ${obj}: run node --import tsx scripts/update-goldens.ts disasm`).toBe(true);
      const meta = JSON.parse(readFileSync(`${base}.meta.json`, 'utf8')) as { objectSha256: string; tool: string };
      const sha = createHash('sha256').update(readFileSync(join(ROOT, obj))).digest('hex');
      expect(meta.objectSha256, `${obj} changed since its golden was made: run scripts/update-goldens.ts disasm`).toBe(sha);
      expect(meta.tool).toBe('LLVM version 14.0.6');
      const text = ours(obj);
      expect(text).toBe(readFileSync(`${base}.txt`, 'utf8'));
      if (live) {
        const r = spawnSync('llvm-objdump', ['-d', obj], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
        expect(r.status).toBe(0);
        expect(text).toBe(r.stdout);
      }
    });
  }
});
