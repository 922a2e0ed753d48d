// The C printer on hand-built BTF: forward declarations, typedef cycles, inline anonymous types, function
// prototypes, packing and padding. Expected texts were taken from bpftool 7.1.0 on the same blobs; when
// bpftool is installed the test checks that again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBtf, formatBtfC } from '@bpflc/sim';
import { BtfBuilder } from '../../fixtures/btf/builder.ts';

const HEAD = '#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n#endif\n\n';
const TAIL = '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n#endif /* __VMLINUX_H__ */\n';

const cases: { name: string; build: () => Uint8Array; body: string }[] = [
  {
    name: 'a typedef used through a pointer inside its own struct gets a forward declaration first',
    build: () => {
      const b = new BtfBuilder();
      b.typedef('node_t', 2);
      b.struct('node', 16, [['next', 3, 0], ['val', 4, 64]]);
      b.ptr(1);
      b.int('long', 8, 1);
      return b.build();
    },
    body: 'struct node;\n\ntypedef struct node node_t;\n\nstruct node {\n\tnode_t *next;\n\tlong val;\n};\n\n',
  },
  {
    name: 'mutually referencing structs: one forward declaration',
    build: () => {
      const b = new BtfBuilder();
      b.struct('a', 8, [['b', 3, 0]]);
      b.struct('b', 8, [['a', 4, 0]]);
      b.ptr(2);
      b.ptr(1);
      return b.build();
    },
    body: 'struct b;\n\nstruct a {\n\tstruct b *b;\n};\n\nstruct b {\n\tstruct a *a;\n};\n\n',
  },
  {
    name: 'anonymous types are written inline; an unreferenced anonymous enum stands alone',
    build: () => {
      const b = new BtfBuilder();
      const int = b.int('int', 4, 1);
      const inner = b.struct('', 4, [['x', int, 0]]);
      const pin = b.ptr(inner);
      b.struct('outer', 16, [['p', pin, 0], ['e', b.enum('', 4, [['E0', 0]]), 64]]);
      b.enum('', 4, [['LONE', 1]]);
      return b.build();
    },
    body: 'struct outer {\n\tstruct {\n\t\tint x;\n\t} *p;\n\tenum {\n\t\tE0 = 0,\n\t} e;\n};\n\nenum {\n\tLONE = 1,\n};\n\n',
  },
  {
    name: 'function prototypes: varargs, (void), arrays of function pointers, function typedefs',
    build: () => {
      const b = new BtfBuilder();
      const int = b.int('int', 4, 1);
      const char = b.int('char', 1, 1);
      const pcc = b.ptr(b.const(char));
      const va = b.proto(int, [['fmt', pcc], ['', 0]]);
      const none = b.proto(0, []);
      const pva = b.ptr(va);
      const arr = b.array(b.ptr(none), int, 4);
      b.typedef('printf_t', pva);
      b.struct('ops', 40, [['log', pva, 0], ['hooks', arr, 64]]);
      b.typedef('fn_t', none);
      return b.build();
    },
    body: 'typedef int (*printf_t)(const char *fmt, ...);\n\nstruct ops {\n\tint (*log)(const char *fmt, ...);\n\tvoid (*hooks[4])(void);\n};\n\ntypedef void fn_t(void);\n\n',
  },
  {
    name: 'packing is detected, gaps get long/int padding markers',
    build: () => {
      const b = new BtfBuilder();
      const int = b.int('int', 4, 1);
      const char = b.int('char', 1, 1);
      const long = b.int('long', 8, 1);
      b.struct('pk', 5, [['c', char, 0], ['i', int, 8]]);
      b.struct('gap', 24, [['c', char, 0], ['l', long, 128]]);
      b.struct('bf', 8, [['a', int, 0, 4], ['b', int, 32, 4]]);
      return b.build();
    },
    body: 'struct pk {\n\tchar c;\n\tint i;\n} __attribute__((packed));\n\nstruct gap {\n\tchar c;\n\tlong: 64;\n\tlong l;\n};\n\nstruct bf {\n\tint a: 4;\n\tint: 28;\n\tint b: 4;\n};\n\n',
  },
  {
    name: 'clashing names get ___N suffixes; __builtin_va_list is not redefined',
    build: () => {
      const b = new BtfBuilder();
      const int = b.int('int', 4, 1);
      b.struct('dup', 4, [['x', int, 0]]);
      b.struct('dup', 4, [['y', int, 0]]);
      b.enum('e1', 4, [['V', 1]]);
      b.enum('e2', 4, [['V', 2]]);
      b.typedef('__builtin_va_list', b.ptr(int));
      return b.build();
    },
    body: 'struct dup {\n\tint x;\n};\n\nstruct dup___2 {\n\tint y;\n};\n\nenum e1 {\n\tV = 1,\n};\n\nenum e2 {\n\tV___2 = 2,\n};\n\n',
  },
];

const hasBpftool = spawnSync('bpftool', ['--version']).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'btf-c-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('formatBtfC', () => {
  it.each(cases)('$name', ({ name, build, body }) => {
    const bytes = build();
    const btf = decodeBtf(bytes);
    if (!btf.ok) throw new Error(btf.error.message);
    const c = formatBtfC(btf.value);
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.text).toBe(HEAD + body + TAIL);
    if (hasBpftool) {
      const f = join(tmp, `${name.length}.btf`);
      writeFileSync(f, bytes);
      expect(spawnSync('bpftool', ['btf', 'dump', 'file', f, 'format', 'c']).stdout.toString()).toBe(c.value.text);
    }
  });

  it('fails (as bpftool does) on an anonymous struct reached through a loop', () => {
    const b = new BtfBuilder();
    b.struct('', 8, [['self', 2, 0]]); // 1: anonymous, points to itself
    b.ptr(1); // 2
    const btf = decodeBtf(b.build());
    if (!btf.ok) throw new Error(btf.error.message);
    const c = formatBtfC(btf.value);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).toContain('unsatisfiable type cycle, id:[1]');
  });

  it('returns a value, not a stack overflow, for a 100k-deep pointer chain', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    let last = int;
    for (let i = 0; i < 100_000; i++) last = b.ptr(last);
    b.typedef('deep_t', last);
    const btf = decodeBtf(b.build());
    if (!btf.ok) throw new Error(btf.error.message);
    const c = formatBtfC(btf.value);
    if (!c.ok) expect(c.error.message).toContain('too deeply nested');
    else expect(c.value.text).toContain('deep_t;');
  });

  it('uses the pointer size it is given for padding', () => {
    const b = new BtfBuilder();
    const char = b.int('char', 1, 1);
    b.struct('s', 16, [['c', char, 0], ['d', char, 120]]);
    const btf = decodeBtf(b.build());
    if (!btf.ok) throw new Error(btf.error.message);
    const c8 = formatBtfC(btf.value, { pointerSize: 8 });
    const c4 = formatBtfC(btf.value, { pointerSize: 4 });
    // 8-byte long: the next long boundary (64) is closer to c than to d, so `long: 0` forces it first.
    expect(c8.ok && c8.value.text).toContain('\tchar c;\n\tlong: 0;\n\tlong: 56;\n\tchar d;');
    expect(c4.ok && c4.value.text).toContain('\tchar c;\n\tlong: 32;\n\tlong: 32;\n\tint: 24;\n\tchar d;');
  });
});
