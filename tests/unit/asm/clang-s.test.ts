// `clang -S` output (without -g) of the C test programs, assembled by us and by clang's own assembler
// (clang -c on the same .s): every section (type, flags, size, bytes) and every relocation must agree.
// Live: needs clang; a program clang cannot compile without -g (CO-RE) or whose .s clang cannot assemble
// back itself (LLVM 14 prints some instructions its parser refuses) is skipped with clang's reason.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sectionData, type ElfFile } from '@bpflc/sim';
import { hex, loadElf, mustAssemble, repoRoot, toolVersion } from './helpers.ts';

const clang = toolVersion('clang');
const dir = join(repoRoot, 'tests', 'programs', 'c');
const sources = readdirSync(dir).filter((f) => f.endsWith('.bpf.c')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'bpflc-asm-clang-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): string | undefined {
  try {
    execFileSync('clang', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    return undefined;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e).split('\n').find((l) => l.includes('error')) ?? 'clang failed';
  }
}

const relocs = (elf: ElfFile): string[] =>
  elf.relocationSections.flatMap((rs) => rs.relocations.map((r) => `${rs.targetName}+${r.offset} ${r.typeName} ${r.symbol?.name || r.symbol?.sectionName}`));

describe.skipIf(!clang)(`clang -S output assembles as clang -c assembles it (${clang ?? 'clang not installed'})`, () => {
  for (const f of sources) {
    it(f, (ctx) => {
      const cflags = /cflags: (.*)/.exec(readFileSync(join(dir, f), 'utf8'))?.[1]?.trim().split(/\s+/) ?? [];
      const s = join(tmp, f.replace(/\.c$/, '.s'));
      const o = join(tmp, f.replace(/\.c$/, '.o'));
      const why = run(['-O2', '-target', 'bpf', ...cflags, '-S', f, '-o', s]) ?? run(['-target', 'bpf', ...cflags, '-c', s, '-o', o]);
      if (why) return ctx.skip(`clang: ${why.trim()}`);
      const theirs = loadElf(o);
      const ours = mustAssemble(readFileSync(s, 'utf8')).elfFile;
      for (const sec of theirs.sections) {
        if (sec.typeName !== 'SHT_PROGBITS' && sec.typeName !== 'SHT_NOBITS') continue;
        const mine = ours.sections.find((x) => x.name === sec.name);
        if (!mine && sec.size === 0) continue; // clang keeps an empty .text in every object
        expect([mine?.typeName, mine?.flagLetters, mine?.size, mine?.entsize], sec.name).toEqual([sec.typeName, sec.flagLetters, sec.size, sec.entsize]);
        expect(hex(sectionData(ours, mine!)), sec.name).toBe(hex(sectionData(theirs, sec)));
      }
      expect(relocs(ours)).toEqual(relocs(theirs));
    });
  }
});
