// What the agent refuses before anything runs: names that are not plain file names, flags in any disguise,
// oversized sources, includes that reach outside the build.
import { describe, expect, it } from 'vitest';
import { checkSourceText, nameFromBpfFile, parseBuildRequest, validateName } from '../../../real-backend/src/toolchain/index.ts';

const SRC = 'int x;\n';

describe('names', () => {
  it('accepts <name>.bpf.c of the fixed pattern', () => {
    expect(nameFromBpfFile('minimal.bpf.c')).toEqual({ ok: true, value: 'minimal' });
    expect(nameFromBpfFile('hello_kprobe-2.bpf.c')).toEqual({ ok: true, value: 'hello_kprobe-2' });
    expect(validateName('subprog_loop').ok).toBe(true);
  });

  it.each([
    '../x.bpf.c', '../../etc/passwd.bpf.c', '/tmp/x.bpf.c', 'dir/x.bpf.c', 'x.bpf.c;rm -rf ~', 'a;b.bpf.c', '$(id).bpf.c', '`id`.bpf.c',
    'my prog.bpf.c', 'x .bpf.c', '-o.bpf.c', '-I.bpf.c', 'X.bpf.c', '1x.bpf.c', 'x.c', 'x.bpf.c.bpf', '.bpf.c', 'x.bpf.c\n', 'x\0.bpf.c',
    `${'a'.repeat(64)}.bpf.c`, 'x|y.bpf.c', 'x>y.bpf.c', 'x*.bpf.c', 'ä.bpf.c',
  ])('refuses the file name %j', (file) => {
    const r = nameFromBpfFile(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('invalid-request');
  });

  it.each(['../x', 'a/b', 'x;y', '$(id)', 'a b', '-O0', '', 'Minimal', 'x.bpf.c'])('refuses the name %j', (name) => {
    expect(validateName(name).ok).toBe(false);
  });
});

describe('build requests', () => {
  it('accepts name, bpfSource, loaderSource and mcpu v1..v3', () => {
    expect(parseBuildRequest({ name: 'p', bpfSource: SRC, loaderSource: SRC, mcpu: 'v3' })).toEqual({ ok: true, value: { name: 'p', bpfSource: SRC, loaderSource: SRC, mcpu: 'v3' } });
  });

  it.each([
    [{ name: 'p', bpfSource: SRC, cflags: ['-O0'] }, 'cflags'],
    [{ name: 'p', bpfSource: SRC, flags: '-DX' }, 'flags'],
    [{ name: 'p', bpfSource: SRC, args: ['-include', '/etc/passwd'] }, 'args'],
    [{ name: 'p', bpfSource: SRC, argv: ['sh'] }, 'argv'],
    [{ name: 'p', bpfSource: SRC, cacheDir: '/etc' }, 'cacheDir'],
    [{ name: 'p', bpfSource: SRC, mcpu: 'v4' }, 'mcpu'],
    [{ name: 'p', bpfSource: SRC, mcpu: 'v3 -O0' }, 'mcpu'],
    [{ name: 'p', bpfSource: SRC, mcpu: '-mcpu=v3' }, 'mcpu'],
    [{ name: '-fplugin=x', bpfSource: SRC }, 'name'],
    [{ name: 'p', bpfSource: 42 }, 'bpfSource'],
    [{ name: 'p', bpfSource: SRC, loaderSource: ['x'] }, 'loaderSource'],
    [{ name: 'p', bpfSource: 'x'.repeat(256 * 1024 + 1) }, 'bpfSource'],
    [{ name: 'p', bpfSource: SRC, loaderSource: 'x'.repeat(300_000) }, 'loaderSource'],
    [{ name: 'p', bpfSource: 'int a;\0' }, 'bpfSource'],
  ])('refuses %#: %s', (req, field) => {
    const r = parseBuildRequest(req);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });

  it('says why a flag is refused', () => {
    const r = parseBuildRequest({ name: 'p', bpfSource: SRC, cflags: ['-O0'] });
    expect(!r.ok && r.error.message).toBe('unknown field(s) "cflags": a build takes name, bpfSource, loaderSource, mcpu only; compiler flags are fixed (mcpu may be v1, v2, v3)');
  });

  it('counts the size in UTF-8 bytes', () => {
    expect(parseBuildRequest({ name: 'p', bpfSource: '€'.repeat(90_000) }, 256 * 1024).ok).toBe(false); // 270000 bytes
    expect(parseBuildRequest({ name: 'p', bpfSource: 'e'.repeat(90_000) }, 256 * 1024).ok).toBe(true);
  });
});

describe('includes and file-reading directives', () => {
  it('allows system headers, vmlinux.h, the skeleton and local names', () => {
    const ok = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n# include "vmlinux.h"\n#include "minimal.skel.h"\n#include_next <stdio.h>\n';
    expect(checkSourceText(ok, 'p.bpf.c')).toEqual([]);
  });

  it.each([
    ['#include "/etc/passwd"\n', 'p.bpf.c:1: #include "/etc/passwd" is not accepted'],
    ['#include <../../etc/shadow>\n', 'p.bpf.c:1: #include <../../etc/shadow> is not accepted'],
    ['#include "bpf/../../../etc/passwd"\n', 'p.bpf.c:1: #include "bpf/../../../etc/passwd" is not accepted'],
    ['int a;\n#/**/include "/etc/passwd"\n', 'p.bpf.c:2: #include "/etc/passwd" is not accepted'],
    ['#inc\\\nlude "/etc/passwd"\n', 'p.bpf.c:1: #include "/etc/passwd" is not accepted'],
    ['%:include "/etc/passwd"\n', 'p.bpf.c:1: #include "/etc/passwd" is not accepted'],
    ['#define F "/etc/passwd"\n#include F\n', 'p.bpf.c:2: #include must name a file'],
    ['#import "/etc/passwd"\n', 'p.bpf.c:1: #import "/etc/passwd" is not accepted'],
    ['asm(".incbin \\"/etc/passwd\\"");\n', 'p.bpf.c:1: the assembler directive .incbin reads files'],
    ['asm(".include \\"x.s\\"");\n', 'p.bpf.c:1: the assembler directive .include reads files'],
  ])('refuses %j', (src, start) => {
    const problems = checkSourceText(src, 'p.bpf.c');
    expect(problems.length).toBe(1);
    expect(problems[0]).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('does not take commented-out or quoted directives for real ones', () => {
    expect(checkSourceText('// #include "/etc/passwd"\n/* #include "/x" */\nconst char *s = "#include </etc/passwd>";\n', 'p.bpf.c')).toEqual([]);
  });
});
