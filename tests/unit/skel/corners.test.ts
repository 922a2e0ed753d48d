// Corners of the datasec printer on an object built here (fixtures/skel-corners.bpf.c): modifiers stripped
// inside anonymous structs and function pointers, kept in .kconfig, padding, static vars left out, custom
// .data.* sections. Checked against the live bpftool when installed; then every generated header, with a
// use of every path the description names, must compile (clang -fsyntax-only against libbpf's headers).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBtfC, generateSkeleton, readBtfSource } from '@bpflc/sim';

const root = join(import.meta.dirname, '..', '..', '..');
const hasClang = spawnSync('clang', ['--version']).status === 0;
const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const hasLibbpfHeaders = spawnSync('sh', ['-c', 'test -f /usr/include/bpf/libbpf.h']).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'skel-corners-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function build(): string {
  const obj = join(tmp, 'skel-corners.bpf.o');
  const r = spawnSync('clang', ['-g', '-O2', '-target', 'bpf', '-c', join(import.meta.dirname, 'fixtures/skel-corners.bpf.c'), '-o', obj]);
  if (r.status !== 0) throw new Error(`clang failed: ${r.stderr.toString()}`);
  return obj;
}

describe.skipIf(!hasClang)('skel-corners.bpf.c', () => {
  const obj = build();
  const bytes = new Uint8Array(readFileSync(obj));
  const r = generateSkeleton(bytes, { path: obj });
  if (!r.ok) throw new Error(r.error.message);
  const s = r.value;

  it('strips modifiers deep in the decl, keeps them in .kconfig', () => {
    expect(s.text).toContain('\t\tint (*fp_table[2])(int, char *);\n');
    expect(s.text).toContain('\t\t\t\tshort *d;\n\t\t\t} inner;\n\t\t} anon_cfg;\n');
    expect(s.text).toContain('\t\tvolatile const _Bool CONFIG_BPF_SYSCALL;\n');
  });

  it('pads for 8-byte members and leaves static variables out', () => {
    expect(s.text).toContain('\t\tchar small1;\n\t\tchar __pad0[7];\n\t\tu64 big_after_char;\n');
    expect(s.description.bindings.find((b) => b.path === 'skel->data->__pad0')).toMatchObject({ role: 'pad', offset: 1, size: 7 });
    expect(s.text).not.toMatch(/hidden_static;|in_func;/);
    expect(s.text).toContain('\t\tint hidden_global;\n'); // bpftool 7.1's libbpf does not hide hidden globals yet
    expect(s.text).toContain('\t} *data_custom;\n');
  });

  it.skipIf(!hasBpftool)('is byte-identical to the live bpftool', () => {
    const live = spawnSync('bpftool', ['gen', 'skeleton', obj], { maxBuffer: 1 << 26 });
    expect(live.status).toBe(0);
    expect(Buffer.from(s.text, 'utf8').equals(live.stdout)).toBe(true);
  });
});

describe.skipIf(!hasClang || !hasLibbpfHeaders)('generated headers compile', () => {
  // Not here: ringbuf, c-multi-section, c-tail-call, decls (their BTF dumps redefine types <bpf/libbpf.h>
  // pulls in, and their members need those dumps) and the
  // layout fixture (bpftool's own header declares a 1-byte enum as a plain enum, so its _Static_assert fails
  // in C as bpftool wrote it too).
  const objs = [
    'content/examples/minimal/build/minimal.bpf.o', 'content/examples/subprog-loop/build/subprog_loop.bpf.o',
    'content/examples/xdp-count/build/xdp_count.bpf.o', 'content/examples/hello-kprobe/build/hello_kprobe.bpf.o',
    'tests/programs/build/c-loops.bpf.o', 'tests/programs/build/c-calls.bpf.o',
  ].map((p) => join(root, p));
  objs.push(hasClang ? build() : '');
  for (const obj of objs) {
    it(`${obj.slice(obj.lastIndexOf('/') + 1)}: with a use of every described path and function`, () => {
      const bytes = new Uint8Array(readFileSync(obj));
      const g = generateSkeleton(bytes, { path: obj });
      if (!g.ok) throw new Error(g.error.message);
      const sk = g.value;
      // A skeleton names the program's own types, which a loader gets from vmlinux.h or its headers: when a
      // member needs more than C's basic types, declare them from the object's BTF (formatBtfC, as
      // `bpftool btf dump file X format c`). Only then: these dumps also redefine __sk_buff, xdp_md, ...
      const basic = /^(unsigned |signed )?(char|short|int|long|long long|_Bool|float|double) /;
      const needsTypes = sk.description.bindings.some((b) => (b.role === 'var' || b.role === 'pad') && !basic.test(b.member));
      const src = readBtfSource(bytes);
      const types = needsTypes && src.ok ? formatBtfC(src.value.btf) : undefined;
      writeFileSync(join(tmp, `${sk.name}.types.h`), types?.ok ? types.value.text : '');
      writeFileSync(join(tmp, `${sk.name}.skel.h`), sk.text);
      const main = ['#define BPF_NO_PRESERVE_ACCESS_INDEX', `#include "${sk.name}.types.h"`, `#include "${sk.name}.skel.h"`, `void use(struct ${sk.name} *skel) {`];
      for (const b of sk.description.bindings) main.push(`\t(void)sizeof(${b.path});`);
      for (const f of sk.description.functions) main.push(`\t(void)&${f.fn};`);
      main.push('}');
      const c = join(tmp, `${sk.name}.use.c`);
      writeFileSync(c, `${main.join('\n')}\n`);
      const cc = spawnSync('clang', ['-fsyntax-only', '-Wall', '-Werror', '-Wno-unused-function', c], { cwd: tmp });
      expect(cc.stderr.toString()).toBe('');
      expect(cc.status).toBe(0);
    });
  }
});
