// `bpflc inspect` end to end through the CLI's own entry (main(argv), with stdout and stderr captured): the
// text view, --json, and the exit codes and one-sentence errors for bad input (1) and bad usage (2); and the
// bin script's message when the bundle is missing (a real child process).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../real-backend/src/cli/main.ts';
import { repoRoot } from './objects.ts';

async function bpflc(...args: string[]): Promise<{ code: number; out: string; errText: string }> {
  let out = '';
  let errText = '';
  const spy1 = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const spy2 = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((errText += String(chunk)), true));
  const cwd = process.cwd();
  try {
    process.chdir(repoRoot); // paths are given relative to the checkout, as a learner types them there
    const code = await main(args);
    return { code, out, errText };
  } finally {
    process.chdir(cwd);
    spy1.mockRestore();
    spy2.mockRestore();
  }
}
const base = relative(repoRoot, join(repoRoot, 'tests', 'fixtures', 'elf', 'base.bpf.o'));

describe('bpflc inspect', () => {
  it('prints the file line, programs, maps, license, sections, symbols and relocations', async () => {
    const r = await bpflc('inspect', `./${base}`);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`./${base}: ELF 64-bit LSB relocatable, eBPF, version 1 (SYSV), with debug_info, not stripped`);
    expect(r.out).toMatch(/^ {2}tp\/syscalls\/sys_enter_write +\d+ +\d+ +\d+ +handle_tp +global +0 +\d+$/m);
    expect(r.out).toMatch(/^ {2}\.maps +BTF-defined maps +32 +counts \(32 B at 0x0\)$/m);
    expect(r.out).toContain('License: "Dual BSD/GPL"');
    expect(r.out).toMatch(/^ {4} +0x[0-9a-f]+ +\d+ +R_BPF_64_64 +counts +\.maps$/m);
    expect(r.out).toMatch(/^ {4} +0x[0-9a-f]+ +\d+ +R_BPF_64_32 +\.text +\.text$/m);
  });

  it('--json has stable keys and 64-bit values as decimal strings', async () => {
    const r = await bpflc('inspect', base, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort());
    expect(doc.schema).toBe(1);
    expect(doc.file).toBe(base);
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.header.machineName).toBe('EM_BPF');
    expect(doc.header.entry).toBe('0');
    const rel = doc.relocationSections.find((s: { target: string }) => s.target === 'tp/syscalls/sys_enter_write');
    const counts = rel.relocations.find((x: { symbol: string }) => x.symbol === 'counts');
    expect(typeof counts.offset).toBe('string');
    expect(counts.insnIndex).toBe(Number(counts.offset) / 8);
    expect(doc.license).toBe('Dual BSD/GPL');
    expect(doc.kernelVersion).toBeNull();
  });

  it('bad input: one sentence on stderr naming the file as given, exit 1', async () => {
    const wrong = relative(repoRoot, join(repoRoot, 'tests', 'fixtures', 'elf', 'machine-x86-64.o'));
    const r = await bpflc('inspect', wrong);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.errText).toBe(`bpflc inspect: ${wrong} (at byte 0x12): this is an x86-64 object (e_machine 62, EM_X86_64), not eBPF (EM_BPF, 247): compile the program with clang -target bpf.\n`);
    const missing = await bpflc('inspect', 'no/such.o');
    expect(missing.code).toBe(1);
    expect(missing.errText).toMatch(/^bpflc inspect: cannot read no\/such\.o: no such file; .*\.\n$/);
  });

  it('usage errors exit 2', async () => {
    expect((await bpflc('inspect')).code).toBe(2);
    expect((await bpflc('inspect', base, '--frob')).code).toBe(2);
    const unknown = await bpflc('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.errText).toMatch(/^bpflc: unknown command "frobnicate": the commands are inspect/);
  });

  it('bin/bpflc.mjs says how to build when the bundle is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpflc-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(join(repoRoot, 'real-backend', 'bin', 'bpflc.mjs'), join(dir, 'bin', 'bpflc.mjs'));
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'bpflc.mjs'), 'inspect', 'x.o'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('bpflc is not built: run `npm run build:cli` in the bpf-lifecycle checkout.\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
