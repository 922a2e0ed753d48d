// `bpflc disasm -S/--source` through the CLI: source lines from BTF on a linked object, the plain -d text
// plus one stderr note for objects without BTF line_info (no .BTF at all; .BTF without .BTF.ext, made here
// with llvm-objcopy), and the usage errors. Runs the command's module in a child (it writes with writeSync).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, repoPath } from '../../repo-objects.ts';

function bpflc(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'real-backend/src/cli/main.ts', 'disasm', ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const golden = (obj: string): string => readFileSync(repoPath(`tests/golden/disasm/llvm/${obj}.objdump.txt`), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'bpflc-disasm-S-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bpflc disasm -S', () => {
  it('interleaves the BTF source lines on the linked minimal.bpf.o (no DWARF there)', () => {
    const obj = 'content/examples/minimal/build/minimal.bpf.o';
    const r = bpflc(obj, '-S');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('0000000000000000 <handle_tp>:\n; \tint pid = bpf_get_current_pid_tgid() >> 32;\n       0:\t85 00 00 00 0e 00 00 00\tcall 14\n');
    expect(r.out.split('\n').filter((l) => !l.startsWith('; ')).join('\n')).toBe(golden(obj));
    expect(bpflc('--source', obj).out).toBe(r.out);
  });

  it('prints the plain -d text and one note for an object without BTF (assembler output)', () => {
    const obj = 'tests/programs/build/asm-alu64.o';
    const r = bpflc('-S', obj);
    expect(r.code).toBe(0);
    expect(r.out).toBe(golden(obj));
    expect(r.err).toBe(`bpflc disasm: no source lines for ${obj}: it has no .BTF or .BTF.ext section (no BTF line_info): compile it from C with clang -g to get them; printing the disassembly without source.\n`);
  });

  it('says so for an object whose .BTF.ext was removed (llvm-objcopy --remove-section)', () => {
    const out = join(tmp, 'minimal-no-ext.o');
    const cp = spawnSync('llvm-objcopy', ['--remove-section=.BTF.ext', repoPath('content/examples/minimal/build/minimal.bpf.o'), out], { encoding: 'utf8' });
    expect(cp.status, cp.stderr).toBe(0);
    const r = bpflc(out, '-S');
    expect(r.code).toBe(0);
    expect(r.out).toBe(golden('content/examples/minimal/build/minimal.bpf.o').replace('content/examples/minimal/build/minimal.bpf.o:', `${out}:`));
    expect(r.err.split('\n')).toEqual([`bpflc disasm: no source lines for ${out}: it has .BTF but no .BTF.ext section, which holds the line_info: compile it from C with clang -g (and keep .BTF.ext when stripping); printing the disassembly without source.`, '']);
  });

  it('refuses -S with --syntax kernel (exit 2)', () => {
    const r = bpflc('-S', '--syntax', 'kernel', 'content/examples/minimal/build/minimal.bpf.o');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^bpflc disasm: -S\/--source shows source lines in the llvm-objdump layout only/);
  });
});
