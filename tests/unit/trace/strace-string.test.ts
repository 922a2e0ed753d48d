// C string literals as strace 6.1 prints them: octal escapes, named escapes, the "..." truncation mark.
import { describe, expect, it } from 'vitest';
import { decodeCString, encodeCString, STRACE_TRUNCATED } from '@bpflc/sim';

const bytes = (...xs: number[]): string => String.fromCharCode(...xs);

describe('strace C strings', () => {
  it('decodes octal, named escapes and plain text', () => {
    const r = decodeCString('"\\237\\353\\1\\0\\30int\\0\\t\\"q\\\\"', 0);
    expect(r).toEqual({ ok: true, value: bytes(0o237, 0o353, 1, 0, 0o30) + 'int\0\t"q\\', end: 29 });
  });

  it('uses three octal digits only before an octal digit, as strace does (BTF header "\\0000" = NUL then "0")', () => {
    // type_len = 48 = '0' follows a NUL in real BTF headers (tests/golden/strace/minimal-skel-1.strace)
    expect(encodeCString(bytes(0, 0x30, 0, 0x38, 7, 0x37))).toBe('"\\0000\\08\\0077"');
    const r = decodeCString('"\\0000\\08\\0077"', 0);
    expect(r.ok && r.value).toBe(bytes(0, 0x30, 0, 0x38, 7, 0x37));
  });

  it('marks a string strace cut at -s N with a trailing ellipsis and prints it back', () => {
    const r = decodeCString('"abc"..., 5', 0);
    expect(r).toEqual({ ok: true, value: `abc${STRACE_TRUNCATED}`, end: 8 });
    expect(encodeCString(`abc${STRACE_TRUNCATED}`)).toBe('"abc"...');
  });

  it('round-trips every byte value', () => {
    const all = bytes(...Array.from({ length: 256 }, (_, i) => i));
    const lit = encodeCString(all);
    const r = decodeCString(lit, 0);
    expect(r.ok && r.value).toBe(all);
    expect(r.ok && r.end).toBe(lit.length);
  });

  it('reports an unclosed literal or an unknown escape with its position', () => {
    expect(decodeCString('"abc', 0)).toMatchObject({ ok: false, why: 'string literal never closed' });
    expect(decodeCString('"a\\qb"', 0)).toMatchObject({ ok: false, at: 2, why: 'unknown escape \\q' });
  });
});
