// parseDiagnostics/markersFor on what the real clang 14 and gcc 12 print for broken sources (compiled here,
// with the agent's command lines and environment), not on hand-written samples.
import { describe, expect, it } from 'vitest';
import { markersFor, parseDiagnostics, type Diagnostic } from '../../../real-backend/src/toolchain/index.ts';
import { findOnPath } from '../../../real-backend/src/toolchain/tools.ts';
import { ccLoader, clangBpf, compileFiles } from './compile-helper.ts';

const HAVE_CLANG = findOnPath('clang') !== null;
const HAVE_CC = findOnPath('cc') !== null;
const HELPERS = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n';
const only = (d: Diagnostic[]) => d.map(({ file, line, column, severity, message, flag }) => ({ file, line, column, severity, message, ...(flag ? { flag } : {}) }));

describe.skipIf(!HAVE_CLANG)('clang diagnostics', () => {
  it('a syntax error, with its caret and fix-it lines', async () => {
    const step = await clangBpf({ 'p.bpf.c': 'int x = 0\nint y;\n' });
    expect(step.exitCode).toBe(1);
    expect(parseDiagnostics(step.stderr)).toEqual([
      { file: 'p.bpf.c', line: 1, column: 10, severity: 'error', message: "expected ';' after top level declarator", excerpt: ['int x = 0', '         ^', '         ;'] },
    ]);
  });

  it('an unknown identifier, an implicit declaration and a conversion warning, with their -W flags', async () => {
    const src = 'int g(void)\n{\n\treturn foo(1) + y;\n}\nint *h(long v) { return v; }\n';
    const step = await clangBpf({ 'p.bpf.c': src });
    expect(step.exitCode).toBe(1);
    expect(only(parseDiagnostics(step.stderr))).toEqual([
      { file: 'p.bpf.c', line: 3, column: 9, severity: 'warning', message: "implicit declaration of function 'foo' is invalid in C99", flag: '-Wimplicit-function-declaration' },
      { file: 'p.bpf.c', line: 3, column: 18, severity: 'error', message: "use of undeclared identifier 'y'" },
      { file: 'p.bpf.c', line: 5, column: 25, severity: 'warning', message: "incompatible integer to pointer conversion returning 'long' from a function with result type 'int *'", flag: '-Wint-conversion' },
    ]);
  });

  it('warnings alone: the compile succeeds and the warnings are still records', async () => {
    const step = await clangBpf({ 'p.bpf.c': 'int g(void) { return foo(); }\n' });
    expect(step.exitCode).toBe(0);
    const d = parseDiagnostics(step.stderr);
    expect(d.map((x) => [x.severity, x.line, x.flag])).toEqual([['warning', 1, '-Wimplicit-function-declaration']]);
  });

  it('-Werror turns the flag field into the warning option, not -Werror', async () => {
    const step = await compileFiles({ 'w.c': 'int f(void) { int u; return 0; }\n' }, (m) => ['clang', '-target', 'bpf', '-Wall', '-Werror', '-c', m, '-o', 'w.o']);
    expect(only(parseDiagnostics(step.stderr))).toEqual([{ file: 'w.c', line: 1, column: 19, severity: 'error', message: "unused variable 'u'", flag: '-Wunused-variable' }]);
  });

  it('errors inside included headers carry the include chain; the marker goes on the #include line', async () => {
    const step = await clangBpf({
      'p.bpf.c': '#include <linux/bpf.h>\n#include "common.h"\nint g(void) { return helper(); }\n',
      'common.h': '#include "inner.h"\n',
      'inner.h': 'static inline int helper(void)\n{\n\treturn missing_a + missing_b;\n}\n',
    });
    const d = parseDiagnostics(step.stderr);
    const chain = [{ file: 'p.bpf.c', line: 2 }, { file: './common.h', line: 1 }];
    expect(d.map(({ file, line, column, message, includedFrom }) => ({ file, line, column, message, includedFrom }))).toEqual([
      { file: './inner.h', line: 3, column: 9, message: "use of undeclared identifier 'missing_a'", includedFrom: chain },
      // clang prints the chain once; the second error in the same header inherits it.
      { file: './inner.h', line: 3, column: 21, message: "use of undeclared identifier 'missing_b'", includedFrom: chain },
    ]);
    expect(markersFor(d, 'p.bpf.c')).toEqual([
      { line: 2, column: 1, severity: 'error', message: "in included file ./inner.h:3:9: use of undeclared identifier 'missing_a'" },
      { line: 2, column: 1, severity: 'error', message: "in included file ./inner.h:3:21: use of undeclared identifier 'missing_b'" },
    ]);
  });

  it('errors in a system header after a bad #define, up to the error limit', async () => {
    const step = await clangBpf({ 'p.bpf.c': '#define SEC 1\n#include <bpf/bpf_helpers.h>\n' });
    const d = parseDiagnostics(step.stderr);
    const inHeader = d.filter((x) => x.file === '/usr/include/bpf/bpf_helper_defs.h');
    expect(inHeader.length).toBe(19);
    for (const x of inHeader) expect(x.includedFrom?.at(0)).toEqual({ file: 'p.bpf.c', line: 2 });
    expect(d.at(-1)).toMatchObject({ file: null, severity: 'fatal error', message: 'too many errors emitted, stopping now', flag: '-ferror-limit=' });
    // Every marker lands on the #include line of the user's file.
    expect(new Set(markersFor(d, 'p.bpf.c').map((m) => m.line))).toEqual(new Set([2, 1]));
  });

  it('a missing header is a fatal error', async () => {
    const step = await clangBpf({ 'p.bpf.c': '#include "nope.h"\n' });
    expect(parseDiagnostics(step.stderr)).toEqual([
      { file: 'p.bpf.c', line: 1, column: 10, severity: 'fatal error', message: "'nope.h' file not found", excerpt: ['#include "nope.h"', '         ^~~~~~~~'] },
    ]);
  });

  it('the BPF backend: stack limit of 512 bytes (with its note)', async () => {
    const src = `${HELPERS}SEC("tp/x/y")\nint prog(void *ctx)\n{\n\tchar buf[600];\n\tbpf_probe_read_kernel(buf, sizeof(buf), ctx);\n\treturn buf[0] + buf[599];\n}\n`;
    const step = await clangBpf({ 'p.bpf.c': src });
    expect(step.exitCode).toBe(1);
    const d = parseDiagnostics(step.stderr);
    const msg = 'Looks like the BPF stack limit of 512 bytes is exceeded. Please move large on stack variables into BPF per-cpu array map.';
    expect(only(d)).toEqual([
      { file: 'p.bpf.c', line: 4, column: 5, severity: 'error', message: msg },
      { file: 'p.bpf.c', line: 8, column: 9, severity: 'error', message: msg },
    ]);
    expect(d[0]?.notes?.map((n) => n.message)).toEqual(['could not determine the original source location for p.bpf.c:0:0']);
  });

  it('the BPF backend: variadic functions and struct returns are not supported', async () => {
    const src = '__attribute__((noinline)) int f(int a, ...) { return a; }\nint prog(void *ctx) { return f(1, 2); }\n';
    const step = await clangBpf({ 'p.bpf.c': src });
    expect(only(parseDiagnostics(step.stderr))).toEqual([
      { file: 'p.bpf.c', line: 1, column: 31, severity: 'error', message: 'functions with VarArgs or StructRet are not supported' },
    ]);
  });

  it('the BPF backend: signed division (clang 14 reports it, then crashes)', async () => {
    const step = await clangBpf({ 'p.bpf.c': 'int prog(int *ctx)\n{\n\tint a = ctx[0], b = ctx[1];\n\treturn a / b;\n}\n' });
    expect(step.exitCode).not.toBe(0);
    const d = parseDiagnostics(step.stderr);
    expect(only(d).at(0)).toEqual({ file: 'p.bpf.c', line: 4, column: 11, severity: 'error', message: 'Unsupport signed division. Please convert to unsigned div/mod.' });
    expect(d.some((x) => x.severity === 'fatal error' && x.message.startsWith('error in backend: Cannot select'))).toBe(true);
    expect(markersFor(d, 'p.bpf.c')[0]).toMatchObject({ line: 4, column: 11, severity: 'error' });
  });
});

describe.skipIf(!HAVE_CC)('gcc diagnostics (the loader)', () => {
  it('gcc 12 format: gutter excerpts, context lines, notes, -W flags', async () => {
    const step = await ccLoader({ 'l.c': '#include <stdio.h>\nint main(void) { int unused; foo(); return bar; }\n' });
    expect(step.exitCode).toBe(1);
    const d = parseDiagnostics(step.stderr);
    expect(only(d)).toEqual([
      { file: 'l.c', line: 2, column: 30, severity: 'warning', message: "implicit declaration of function 'foo'", flag: '-Wimplicit-function-declaration' },
      { file: 'l.c', line: 2, column: 44, severity: 'error', message: "'bar' undeclared (first use in this function)" },
      { file: 'l.c', line: 2, column: 22, severity: 'warning', message: "unused variable 'unused'", flag: '-Wunused-variable' },
    ]);
    expect(d[1]?.notes?.map((n) => n.message)).toEqual(['each undeclared identifier is reported only once for each function it appears in']);
    expect(d[0]?.excerpt?.[0]).toMatch(/^\s+2 \| int main/);
  });

  it('a link error: ld and collect2 lines', async () => {
    const step = await ccLoader({ 'm.c': 'int foo(void);\nint main(void) { return foo(); }\n' }, true);
    const d = parseDiagnostics(step.stderr);
    expect(only(d).filter((x) => x.file !== null)).toEqual([{ file: expect.stringMatching(/m\.c$/), line: 2, column: null, severity: 'error', message: "undefined reference to `foo'" }]);
    expect(d.at(-1)).toMatchObject({ file: null, severity: 'error', message: 'ld returned 1 exit status' });
  });
});
