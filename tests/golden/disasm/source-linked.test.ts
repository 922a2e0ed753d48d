// `bpflc disasm -S` on linked objects (bpftool gen object): they keep .BTF.ext but drop .debug_*, so
// `llvm-objdump -S` (LLVM 14.0.6) shows no source for them while bpflc, reading BTF line_info, still does.
// The golden is the real tool's -S text of minimal's DWARF twin (source/update.ts makes it); and for every
// example the linked object's source view equals its .tmp twin's (linking keeps line_info as it was).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llvmObjdump } from '../../../sim/src/disasm/llvm-objdump.ts';
import { btfSourceLines } from '../../../sim/src/disasm/btf-lines.ts';
import { exampleObjects, repoPath } from '../../repo-objects.ts';
import { loadRepoElf as load, objdump14 as live } from '../../unit/disasm/dwarf-lines.ts';

const EXAMPLE = 'content/examples/minimal';
const GOLDEN = repoPath(`tests/golden/disasm/source/${EXAMPLE}/build/minimal.bpf.o.S`);

/** bpflc disasm -S text of `obj`, printing `name` as the file name. */
function withSource(obj: string, name: string): string {
  const elf = load(obj);
  const lines = btfSourceLines(elf);
  if (!lines.ok) throw new Error(`${obj}: ${lines.error.message}`);
  const r = llvmObjdump(elf, name, { source: lines.value });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const sourceLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('; '));
const sha256 = (obj: string): string => createHash('sha256').update(readFileSync(repoPath(obj))).digest('hex');

describe('bpflc disasm -S on linked objects (no DWARF)', () => {
  it('minimal.bpf.o shows the source that llvm-objdump -S shows only for its DWARF twin', () => {
    const meta = JSON.parse(readFileSync(`${GOLDEN}.meta.json`, 'utf8')) as { tool: string; object: string; objectSha256: string; linked: string; linkedSha256: string };
    expect(meta.tool).toBe('LLVM version 14.0.6');
    expect(meta.linkedSha256, 'minimal.bpf.o changed: run node --import tsx tests/golden/disasm/source/update.ts').toBe(sha256(meta.linked));
    expect(meta.objectSha256, 'minimal.tmp.bpf.o changed: run node --import tsx tests/golden/disasm/source/update.ts').toBe(sha256(meta.object));
    const golden = readFileSync(`${GOLDEN}.txt`, 'utf8');
    const linked = load(meta.linked);
    expect(linked.sections.some((s) => s.name.startsWith('.debug_'))).toBe(false);
    expect(linked.sections.some((s) => s.name === '.BTF.ext')).toBe(true);
    const ours = withSource(meta.linked, 'build/minimal.bpf.o');
    expect(ours).toBe(golden.replace('\nbuild/minimal.tmp.bpf.o:\t', '\nbuild/minimal.bpf.o:\t'));
    expect(sourceLines(ours)).toEqual([
      '; \tint pid = bpf_get_current_pid_tgid() >> 32;',
      '; \tif (pid != my_pid)',
      '; \tbpf_printk("BPF triggered from PID %d.\\n", pid);',
      '; }',
    ]);
  });

  it.skipIf(!live)('llvm-objdump -S prints no source for the linked object (so -S there equals -d)', () => {
    const cwd = repoPath(EXAMPLE);
    const s = spawnSync('llvm-objdump', ['-S', 'build/minimal.bpf.o'], { cwd, encoding: 'utf8' });
    const d = spawnSync('llvm-objdump', ['-d', 'build/minimal.bpf.o'], { cwd, encoding: 'utf8' });
    expect(s.status).toBe(0);
    expect(sourceLines(s.stdout)).toEqual([]);
    expect(s.stdout).toBe(d.stdout);
  });

  const linkedObjects = exampleObjects().filter((o) => o.endsWith('.bpf.o') && !o.endsWith('.tmp.bpf.o'));
  for (const obj of linkedObjects) {
    it(`${obj}: the same source view as its .tmp twin`, () => {
      const twin = obj.replace(/\.bpf\.o$/, '.tmp.bpf.o');
      const body = (t: string): string => t.split('\n').slice(2).join('\n');
      const ours = withSource(obj, join('x', obj));
      expect(sourceLines(ours).length).toBeGreaterThan(0);
      expect(body(ours)).toBe(body(withSource(twin, join('x', twin))));
    });
  }
});
