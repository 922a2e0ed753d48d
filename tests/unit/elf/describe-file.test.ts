// describeFile against the real `file -b` (file-5.44 here): every available object, variants made now with
// the real tools (llvm-strip, llvm-objcopy, clang for an x86-64 control), and a few hundred seeded header
// and section-table mutations of the base object, whose lines must match too (ELF input only: non-ELF
// input is only "data" to describeFile, and machines with extra magic sub-rules are left out).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFile } from '@bpflc/sim';
import { FILE_MACHINES_WITH_SUBRULES } from '@bpflc/sim/elf/file-machines';
import { availableObjects, repoRoot, shortName } from './objects.ts';

function has(cmd: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const fileVersion = has('file') ? execFileSync('file', ['--version'], { encoding: 'utf8' }).split('\n')[0] : undefined;
if (!fileVersion) console.warn('tests/unit/elf/describe-file: `file` is not installed, so describeFile is not compared with it (apt-get install file).');

/** `file -b` for many paths in one run, one line each. */
function fileLines(paths: string[]): string[] {
  return execFileSync('file', ['-b', ...paths], { encoding: 'utf8', maxBuffer: 16 << 20 }).split('\n').slice(0, paths.length);
}

const tmp = mkdtempSync(join(tmpdir(), 'bpflc-describe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const base = join(repoRoot, 'tests', 'fixtures', 'elf', 'base.bpf.o');

describe.skipIf(!fileVersion)(`describeFile vs ${fileVersion ?? 'file (not installed)'}`, () => {
  it('every available object', () => {
    const objects = availableObjects();
    const real = fileLines(objects);
    const mine = objects.map((p) => describeFile(new Uint8Array(readFileSync(p))));
    expect(mine.map((l, i) => `${shortName(objects[i] as string)}: ${l}`)).toEqual(real.map((l, i) => `${shortName(objects[i] as string)}: ${l}`));
  });

  it('stripped, debug-stripped, debug-only and x86-64 variants made by the real tools', () => {
    const made: string[] = [];
    const run = (out: string, cmd: string, args: string[]) => {
      if (!has(cmd)) return;
      execFileSync(cmd, args, { stdio: 'ignore' });
      made.push(out);
    };
    run(join(tmp, 'strip-all.o'), 'llvm-strip', ['-o', join(tmp, 'strip-all.o'), base]);
    run(join(tmp, 'strip-debug.o'), 'llvm-strip', ['-g', '-o', join(tmp, 'strip-debug.o'), base]);
    run(join(tmp, 'only-debug.o'), 'llvm-objcopy', ['--only-keep-debug', base, join(tmp, 'only-debug.o')]);
    writeFileSync(join(tmp, 'x.c'), 'int f(int x) { return x + 1; }\n');
    run(join(tmp, 'x86-64.o'), 'clang', ['-g', '-c', join(tmp, 'x.c'), '-o', join(tmp, 'x86-64.o')]);
    run(join(tmp, 'i386.o'), 'clang', ['-m32', '-c', join(tmp, 'x.c'), '-o', join(tmp, 'i386.o')]);
    expect(made.length).toBeGreaterThan(0);
    const real = fileLines(made);
    expect(made.map((p) => describeFile(new Uint8Array(readFileSync(p))))).toEqual(real);
  });

  it('400 seeded mutations of the header and section table', () => {
    const src = new Uint8Array(readFileSync(base));
    const shoff = Number(new DataView(src.buffer, src.byteOffset).getBigUint64(40, true));
    let seed = 20240611;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    const cases: Uint8Array[] = [];
    for (let k = 0; k < 400; k++) {
      const b = new Uint8Array(src);
      const mode = k % 4;
      if (mode === 0) b[rnd(64)] = rnd(256); // an ELF header byte
      else if (mode === 1) b[shoff + rnd(b.length - shoff)] = rnd(256); // a section header byte
      else if (mode === 2) b[[16, 17, 18, 19, 20, 58, 59, 60, 61, 62, 63][rnd(11)] as number] = rnd(256); // fields `file` reads
      else {
        cases.push(b.slice(0, rnd(b.length))); // cut anywhere
        continue;
      }
      cases.push(b);
    }
    const paths = cases.map((c, i) => {
      const p = join(tmp, `m${i}.o`);
      writeFileSync(p, c);
      return p;
    });
    const real = fileLines(paths);
    const diffs: string[] = [];
    let compared = 0;
    cases.forEach((c, i) => {
      const elf = c.length >= 4 && c[0] === 0x7f && c[1] === 0x45 && c[2] === 0x4c && c[3] === 0x46;
      const machine = c.length >= 20 ? new DataView(c.buffer, c.byteOffset).getUint16(18, c[5] === 1) : -1;
      if (!elf || FILE_MACHINES_WITH_SUBRULES.has(machine)) return;
      compared++;
      const mine = describeFile(c);
      if (mine !== real[i]) diffs.push(`m${i}.o: file says ${JSON.stringify(real[i])}, describeFile ${JSON.stringify(mine)}`);
    });
    expect(compared).toBeGreaterThan(300);
    expect(diffs).toEqual([]);
  });
});
