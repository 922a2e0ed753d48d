// Bad inputs (tests/fixtures/asm/bad/*.s): each file ends with the exact errors it must give, one
// "# expect: LINE:COL: message" comment per error, in order; the assembler must give those and no others.
// Then `bpflc asm` itself: clang-style "file.s:LINE:COL: error: message" on stderr and exit 1, an object and
// exit 0 on good input, a warning when an objdump line's bytes disagree with its edited text.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { assemble, readElf } from '@bpflc/sim';
import { runAsm } from '../../../real-backend/src/cli/asm.ts';
import { repoRoot } from './helpers.ts';

const bad = join(repoRoot, 'tests', 'fixtures', 'asm', 'bad');
const files = readdirSync(bad).filter((f) => f.endsWith('.s')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'bpflc-asm-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hand-made bad inputs give exactly their errors', () => {
  it('has the fixtures', () => expect(files.length).toBeGreaterThanOrEqual(20));
  for (const f of files) {
    it(f, () => {
      const src = readFileSync(join(bad, f), 'utf8');
      const expected = src.split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));
      expect(expected.length, 'the fixture names its errors').toBeGreaterThan(0);
      const r = assemble(src);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual(expected);
    });
  }
});

describe('warnings', () => {
  it('says when a call stays inside a program section, which libbpf refuses', () => {
    const r = assemble('\t.section socket\nf:\n\tcall g\n\texit\ng:\n\tr0 = 0\n\texit\n');
    expect(r.ok && r.value.warnings).toEqual([
      { line: 3, column: 7, message: "'g' is called inside program section 'socket': the kernel accepts that, but libbpf 1.x loads subprograms only from .text (put 'g' after '.text')" },
    ]);
  });
});

async function run(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((c: unknown) => (err.push(String(c)), true));
  const code = await runAsm(args);
  vi.restoreAllMocks();
  return { code, err: err.join('') };
}
afterEach(() => vi.restoreAllMocks());

describe('bpflc asm', () => {
  it('prints errors as file:line:col: error: message, the line and a caret, and exits 1', async () => {
    const path = join(bad, 'bad-register.s');
    const out = join(tmp, 'never.o');
    const r = await run([path, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${path}:3:7: error: expected a register (r0-r10) after '=', found 'r11'\n\tr0 = r11\n\t     ^\n1 error generated; nothing was written.\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('writes the object and exits 0', async () => {
    const out = join(tmp, 'sock.o');
    const r = await run([join(repoRoot, 'tests', 'fixtures', 'asm', 'socket-zero.s'), '-o', out]);
    expect(r).toEqual({ code: 0, err: '' });
    const elf = readElf(new Uint8Array(readFileSync(out)));
    expect(elf.ok && elf.value.sections.map((s) => s.name)).toEqual(['', '.strtab', 'socket', 'license', '.symtab']);
  });

  it('warns, and assembles the text, when an objdump line was edited but its bytes were not', async () => {
    const src = join(tmp, 'edited.s');
    writeFileSync(src, 'Disassembly of section socket:\n\n0000000000000000 <f>:\n       0:\tb7 00 00 00 00 00 00 00\tr0 = 2\n       1:\t95 00 00 00 00 00 00 00\texit\n');
    const out = join(tmp, 'edited.o');
    const r = await run([src, '-o', out, '--target', 'bpfel']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${src}:4:35: warning: the bytes column (b7 00 00 00 00 00 00 00) disassembles to 'r0 = 0', not to this line's text; the text was assembled (b7 00 00 00 02 00 00 00)`);
    expect(readFileSync(out).includes(Buffer.from('b700000002000000', 'hex'))).toBe(true);
  });

  it('refuses bad arguments with exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a.s', '--target', 'mips'])).code).toBe(2);
    expect((await run(['a.s', '--frobnicate'])).code).toBe(2);
  });
});
