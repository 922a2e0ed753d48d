// Tool detection against the tools installed here: presence, the version lines the manifests carry, and the
// error value (with the command to run) when one is missing.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { detectTools, findOnPath, missingToolMessage, parseToolVersion, requireTools, TOOL_NAMES } from '../../../real-backend/src/toolchain/index.ts';

const savedPath = process.env.PATH;
afterEach(async () => {
  process.env.PATH = savedPath;
  await detectTools(true);
});

describe('tools', () => {
  it.skipIf(findOnPath('clang') === null || findOnPath('bpftool') === null)('finds clang, bpftool, cc and llvm-objdump with their version lines', async () => {
    const set = await detectTools();
    expect(Object.keys(set).sort()).toEqual([...TOOL_NAMES].sort());
    for (const name of TOOL_NAMES) {
      const s = set[name];
      expect(s.ok, `${name}: ${s.ok ? '' : s.error.message}`).toBe(true);
      if (!s.ok) continue;
      expect(s.value.path).toBe(findOnPath(name));
      expect(s.value.fingerprint).toMatch(/^\/.+:\d+:\d+$/);
    }
    const first = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0]?.trim() ?? '';
    const clang = set.clang.ok ? set.clang.value.version : '';
    expect(clang).toBe(first('clang', ['--version']));
    expect(clang).toMatch(/clang version \d+\.\d+\.\d+/);
    expect(set.bpftool.ok && set.bpftool.value.version).toMatch(/^bpftool v\d+\.\d+\.\d+ \(libbpf v\d+\.\d+\)$/);
    expect(set['llvm-objdump'].ok && set['llvm-objdump'].value.version).toMatch(/LLVM version \d+/);
  });

  it.skipIf(findOnPath('bpftool') === null)('bpftool run by path names itself by path; the version line does not', () => {
    const out = execFileSync(findOnPath('bpftool') ?? '', ['version'], { encoding: 'utf8' });
    expect(out.split('\n')[0]).toContain('/');
    expect(parseToolVersion('bpftool', out)).toMatch(/^bpftool v/);
  });

  it('a missing tool is an error value naming the Debian package and scripts/system-deps', async () => {
    process.env.PATH = '/nonexistent-bin';
    await detectTools(true);
    const r = await requireTools(['clang', 'bpftool']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({ kind: 'tool-missing', tool: 'clang', debianPackage: 'clang', message: 'clang is not installed: run scripts/system-deps (Debian package clang)' });
    expect(missingToolMessage('cc')).toBe('cc is not installed: run scripts/system-deps (Debian package gcc)');
    expect(missingToolMessage('llvm-objdump')).toBe('llvm-objdump is not installed: run scripts/system-deps (Debian package llvm)');
  });
});
