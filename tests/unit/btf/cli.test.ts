// `bpflc btf`: argument handling, ELF vs raw BTF input, and the one-sentence errors with exit codes.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBtf } from '../../../real-backend/src/cli/btf.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fx = (p: string): string => join(root, 'tests/fixtures/btf', p);
const golden = (p: string): string => readFileSync(join(root, 'tests/golden/btf', p), 'utf8');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const text = (c: unknown): string => (typeof c === 'string' ? c : new TextDecoder().decode(c as Uint8Array));
  vi.spyOn(process.stdout, 'write').mockImplementation((c: unknown) => (out.push(text(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: unknown) => (err.push(text(c)), true));
  const code = await runBtf(args);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err: err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('bpflc btf', () => {
  it('prints an object as format raw by default and as C with --format c', async () => {
    const raw = await run([fx('objects/layout.bpf.o')]);
    expect(raw).toMatchObject({ code: 0, err: '' });
    expect(raw.out).toBe(golden('fixtures/objects/layout.bpf.o.raw.txt'));
    const c = await run([fx('objects/layout.bpf.o'), '--format=c']);
    expect(c.out).toBe(golden('fixtures/objects/layout.bpf.o.c.txt'));
  });

  it('reads raw BTF files (magic at offset 0), big-endian included', async () => {
    const r = await run(['--format', 'c', fx('good/kinds-be-long4.btf')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(golden('fixtures/good/kinds-be-long4.btf.c.txt'));
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect(await run([fx('objects/layout.bpf.o'), '--format', 'json'])).toMatchObject({ code: 2, err: expect.stringContaining('--format wants raw or c, got "json"') });
    expect(await run([fx('objects/layout.bpf.o'), '-j'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option -j') });
  });

  it('explains unreadable, BTF-less and malformed inputs in one sentence with exit code 1', async () => {
    expect(await run([fx('missing.o')])).toMatchObject({ code: 1, err: expect.stringMatching(/cannot read .*missing\.o: no such file/) });
    expect(await run([fx('bad/no-btf.bpf.o')])).toMatchObject({ code: 1, err: expect.stringContaining("no '.BTF' section: compile with clang -g") });
    const truncated = await run([fx('bad/be-truncated-type.btf')]);
    expect(truncated).toMatchObject({ code: 1, out: '' });
    expect(truncated.err).toMatch(/^bpflc btf: .*be-truncated-type\.btf is raw BTF but malformed \(at byte 0x[0-9a-f]+\): Type \[\d+\]/);
    expect(truncated.err.trim().split('\n')).toHaveLength(1);
  });

  it('prints a reference loop in raw form, as bpftool does, but refuses to write it as C (bpftool 7.1 loops forever there)', async () => {
    // The raw dump follows no references, so libbpf's checks (no loop check) are bpftool's and ours.
    const raw = await run([fx('bad/modifier-loop.btf')]);
    expect(raw).toMatchObject({ code: 0, out: "[1] CONST '(anon)' type_id=2\n[2] VOLATILE '(anon)' type_id=1\n" });
    const c = await run([fx('bad/modifier-loop.btf'), '--format', 'c']);
    expect(c).toMatchObject({ code: 1, out: '' });
    expect(c.err).toMatch(/^bpflc btf: .*modifier-loop\.btf is raw BTF but malformed \(at byte 0x18\): Type reference loop/);
    expect(c.err.trim().split('\n')).toHaveLength(1);
  });
});
