// C string literals as strace 6.1 prints them (util.c string_quote with the default -X abbrev, no -x):
// printable ASCII as is, \" \\ \f \n \r \t \v by name, any other byte as octal with the fewest digits unless the
// next byte is an octal digit (then all three, so that "\0" followed by "0" reads back as NUL, '0').
// e.g. bytes 9f eb 01 00 30 → "\237\353\1\0000"
// Decoded strings hold one char per byte (code 0..255); a string strace cut at -s N ends in TRUNCATED ("…", U+2026,
// a code no byte can have), so "abc"... ↔ "abc…". Left out: -x/-xx hex styles and -e quote= options.

/** Marks a string (or array) that strace printed only in part: "abc"... → "abc…", [1, 2, ...] → [1, 2, "…"]. */
export const TRUNCATED = '\u2026';

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const ESCAPE_OF: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

export type DecodeResult = { ok: true; value: string; end: number } | { ok: false; at: number; why: string };

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';

/**
 * Reads the literal that opens at text[start] (a '"'), plus strace's "..." truncation mark right after it.
 * Returns the decoded bytes and the index just past the literal (and its mark).
 */
export function decodeCString(text: string, start: number): DecodeResult {
  if (text[start] !== '"') return { ok: false, at: start, why: 'expected a string literal' };
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      if (text.startsWith('...', i)) return { ok: true, value: out + TRUNCATED, end: i + 3 };
      return { ok: true, value: out, end: i };
    }
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) break;
    const named = NAMED_ESCAPES[e];
    if (named !== undefined) {
      out += named;
      i += 2;
    } else if (isOctal(e)) {
      let j = i + 1;
      let n = 0;
      while (j < i + 4 && isOctal(text[j])) n = n * 8 + Number(text[j++]);
      if (n > 255) return { ok: false, at: i, why: `octal escape above \\377` };
      out += String.fromCharCode(n);
      i = j;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      return { ok: false, at: i, why: `unknown escape \\${e}` };
    }
  }
  return { ok: false, at: start, why: 'string literal never closed' };
}

/**
 * The literal strace prints for these bytes (with quotes), "..." appended when the value ends in TRUNCATED.
 * forceHex: every byte as \xHH, as strace prints a prog tag ("\x9c\x48\xd8…", QUOTE_FORCE_HEX).
 */
export function encodeCString(value: string, forceHex = false): string {
  const truncated = value.endsWith(TRUNCATED);
  const bytes = truncated ? value.slice(0, -1) : value;
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    const code = c.charCodeAt(0) & 0xff;
    const esc = ESCAPE_OF[c];
    if (forceHex) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (esc !== undefined) out += esc;
    else if (code >= 0x20 && code < 0x7f) out += c;
    else if (isOctal(bytes[i + 1])) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += `\\${code.toString(8)}`;
  }
  return `${out}"${truncated ? '...' : ''}`;
}
