// The skeleton generator's parts on their own: bpftool's string-literal escaping and wrapping, its naming
// rules, and the description the Skeleton pane draws (every path it names is a member of the header).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSkeleton, skeletonObjectName, SKEL_FUNCTIONS, type Skeleton } from '@bpflc/sim';
import { escapeElfBytes } from '../../../sim/src/skel/elf-bytes.ts';
import { datasecIdent, headerGuard, mapIdent, sanitizeIdentifier } from '../../../sim/src/skel/ident.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const gen = (rel: string, name?: string): Skeleton => {
  const r = generateSkeleton(new Uint8Array(readFileSync(join(root, rel))), name === undefined ? { path: rel } : { path: rel, name });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('escapeElfBytes (print_hex)', () => {
  it('writes NUL as \\0 and other bytes as \\xNN', () => {
    expect(escapeElfBytes(new Uint8Array([0x7f, 0x45, 0, 0xff]))).toBe('\\x7f\\x45\\0\\xff');
  });
  it('breaks a line before it would pass 78 columns', () => {
    const lines = escapeElfBytes(new Uint8Array(40).fill(1)).split('\\\n');
    expect(lines.map((l) => l.length)).toEqual([76, 76, 8]); // 19 escapes of 4 columns fit, the 20th does not
    const zeros = escapeElfBytes(new Uint8Array(40)).split('\\\n');
    expect(zeros.map((l) => l.length)).toEqual([78, 2]); // 39 two-column NULs fill 78 exactly
  });
});

describe('names', () => {
  it('derives the object name from the file name as bpftool does', () => {
    expect(skeletonObjectName('build/minimal.bpf.o')).toBe('minimal_bpf');
    expect(skeletonObjectName('asm-alu32.o')).toBe('asm_alu32');
    expect(skeletonObjectName('x.tmp.bpf.o')).toBe('x_tmp_bpf');
    expect(skeletonObjectName('noext')).toBe('noext');
    expect(headerGuard('minimal_bpf')).toBe('__MINIMAL_BPF_SKEL_H__');
  });
  it('sanitizes per UTF-8 byte', () => {
    expect(sanitizeIdentifier('a.b-c_d')).toBe('a_b_c_d');
    expect(sanitizeIdentifier('é')).toBe('__');
  });
  it('names internal maps and DATASECs by their data-section family', () => {
    expect(mapIdent('minimal_.bss', true)).toBe('bss');
    expect(mapIdent('.rodata.cst16', true)).toBe('rodata_cst16');
    expect(mapIdent('counts', false)).toBe('counts');
    expect(mapIdent('.ksyms', true)).toBeUndefined();
    expect(datasecIdent('.data.custom')).toBe('data_custom');
    expect(datasecIdent('.maps')).toBeUndefined();
  });
});

describe('describeSkeleton', () => {
  const minimal = gen('content/examples/minimal/build/minimal.bpf.o');

  it('maps skel->bss->my_pid to .bss, its DATASEC and its VAR', () => {
    const d = minimal.description;
    const pid = d.bindings.find((b) => b.path === 'skel->bss->my_pid');
    expect(pid).toMatchObject({ member: 'int my_pid', role: 'var', elfSection: '.bss', btf: { kind: 'VAR' }, offset: 0, size: 4 });
    const bss = d.bindings.find((b) => b.path === 'skel->bss');
    expect(bss).toMatchObject({ role: 'datasec', elfSection: '.bss', btf: { kind: 'DATASEC' } });
    expect(d.bindings.find((b) => b.path === 'skel->progs.handle_tp')).toMatchObject({ elfSection: 'tp/syscalls/sys_enter_write', btf: { kind: 'FUNC' } });
    expect(d.bindings.find((b) => b.path === 'skel->maps.rodata')).toMatchObject({ elfSection: '.rodata', btf: { kind: 'DATASEC' } });
  });

  it('leads each lifecycle function to its stages', () => {
    const byFn = new Map(minimal.description.functions.map((f) => [f.fn, f.stages]));
    expect(byFn.get('minimal_bpf__open')).toEqual(['open']);
    expect(byFn.get('minimal_bpf__load')).toEqual(['btf_load', 'map_create', 'relocate', 'prog_load', 'verify', 'jit']);
    expect(byFn.get('minimal_bpf__attach')).toEqual(['attach']);
    expect(byFn.get('minimal_bpf__destroy')).toEqual(['detach']);
    for (const f of SKEL_FUNCTIONS) expect(minimal.text).toContain(`minimal_bpf${f.suffix}(`);
  });

  const objects = [
    'content/examples/minimal/build/minimal.bpf.o', 'content/examples/subprog-loop/build/subprog_loop.bpf.o',
    'content/examples/ringbuf/build/ringbuf.bpf.o', 'tests/programs/build/c-loops.bpf.o', 'tests/programs/build/c-multi-section.bpf.o',
    'tests/fixtures/btf/objects/layout.bpf.o', 'tests/programs/build/asm-alu32.o',
  ];
  for (const rel of objects) {
    it(`${rel}: every path names a member the header declares`, () => {
      const s = gen(rel);
      for (const b of s.description.bindings) {
        const ident = b.path.split(/->|\./).pop()!;
        if (b.role === 'datasec') expect(s.text).toContain(`\t} *${ident};\n`);
        else expect(s.text, b.path).toContain(`\t\t${b.member};\n`);
        if (b.role === 'var' && b.size !== undefined) expect(s.text).toContain(`sizeof(s->${b.path.slice('skel->'.length)})`);
      }
      const maps = s.description.bindings.filter((b) => b.role === 'map').length;
      expect(s.text.includes('\t} maps;\n')).toBe(maps > 0);
    });
  }
});

describe('errors', () => {
  it('refuses what libbpf refuses, in one sentence', () => {
    const r = generateSkeleton(new Uint8Array(readFileSync(join(root, 'tests/programs/build/c-ld-imm64.bpf.o'))), { path: 'c-ld-imm64.bpf.o' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/legacy map definitions/);
    const eb = generateSkeleton(new Uint8Array(readFileSync(join(root, 'tests/programs/build/asm-bpfeb.o'))), { path: 'asm-bpfeb.o' });
    expect(!eb.ok && eb.error.message).toMatch(/endianness mismatch/);
    expect(generateSkeleton(new Uint8Array(0), {}).ok).toBe(false);
  });
});
