// Tokens of one assembly statement in LLVM's BPF syntax (the text llvm-objdump 14 prints after the bytes,
// and what LLVM's BPF AsmParser reads). Registers are r0-r10 / w0-w10 (r11 and up stay identifiers so the
// parser can say "found 'r11'"); numbers are decimal or 0x hex, unsigned (a leading '-' is its own token);
// the signed operators (s>>=, s>, s<=, s/=, s%=) are single tokens although they start with a letter.
// Columns are 1-based character positions in the original line (a tab counts as one, as clang counts).
// e.g. "if r1 s> -5 goto +3" → if · r1 · s> · - · 5 · goto · + · 3

export type Tok =
  | { t: 'reg'; text: string; col: number; n: number; wide: boolean }
  | { t: 'num'; text: string; col: number; v: bigint }
  | { t: 'id'; text: string; col: number }
  | { t: 'op'; text: string; col: number }
  | { t: 'str'; text: string; col: number; bytes: number[] }
  | { t: 'end'; text: ''; col: number };

// Longest first: the lexer takes the first operator the text starts with.
const OPS = [
  's>>=', '<<=', '>>=', 's>=', 's<=', 's/=', 's%=', 's>', 's<', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '==',
  '!=', '>=', '<=', '=', '>', '<', '&', '(', ')', '[', ']', '*', '+', '-', ',', ':', '@', '|',
] as const;

const isIdStart = (c: string): boolean => /[A-Za-z_.$]/.test(c);
const isIdChar = (c: string): boolean => /[A-Za-z0-9_.$]/.test(c);

export type LexResult = { ok: true; toks: Tok[] } | { ok: false; col: number; message: string };

/**
 * Tokens of `text`, whose first character is at column `col0` of its line. `maxReg` is 10 for what a
 * learner writes (the kernel has r0-r10); objdump lines pass 11, since LLVM 14 prints its internal r11.
 */
export function lex(text: string, col0: number, maxReg = 10): LexResult {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const col = col0 + i;
    // Signed operators first: "s>" must not lex as the identifier "s".
    if (c === 's' && /[<>/%]/.test(text[i + 1] ?? '')) {
      const op = OPS.find((o) => o.startsWith('s') && text.startsWith(o, i));
      if (op) {
        toks.push({ t: 'op', text: op, col });
        i += op.length;
        continue;
      }
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text[j] as string)) j++;
      const word = text.slice(i, j);
      const m = /^([rw])(\d+)$/.exec(word);
      const num = m ? Number(m[2]) : NaN;
      if (m && num <= maxReg && String(num) === m[2]) toks.push({ t: 'reg', text: word, col, n: num, wide: m[1] === 'r' });
      else toks.push({ t: 'id', text: word, col });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      let v: bigint;
      if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
        j = i + 2;
        while (j < n && /[0-9a-fA-F]/.test(text[j] as string)) j++;
        if (j === i + 2) return { ok: false, col, message: `expected hex digits after '0x'` };
        v = BigInt(text.slice(i, j));
      } else {
        while (j < n && /[0-9]/.test(text[j] as string)) j++;
        v = BigInt(text.slice(i, j));
      }
      if (j < n && isIdChar(text[j] as string)) {
        let k = j;
        while (k < n && isIdChar(text[k] as string)) k++;
        return { ok: false, col, message: `expected a number, found '${text.slice(i, k)}'` };
      }
      toks.push({ t: 'num', text: text.slice(i, j), col, v });
      i = j;
      continue;
    }
    if (c === '"') {
      const s = lexString(text, i);
      if (!s.ok) return { ok: false, col: col0 + s.at, message: s.message };
      toks.push({ t: 'str', text: text.slice(i, s.end), col, bytes: s.bytes });
      i = s.end;
      continue;
    }
    const op = OPS.find((o) => !o.startsWith('s') && text.startsWith(o, i));
    if (op) {
      toks.push({ t: 'op', text: op, col });
      i += op.length;
      continue;
    }
    return { ok: false, col, message: `unexpected character '${c}'` };
  }
  toks.push({ t: 'end', text: '', col: col0 + n });
  return { ok: true, toks };
}

const ESC: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, '"': 34, "'": 39, a: 7, b: 8, f: 12, v: 11 };

/** A C-style string literal starting at text[at] === '"': its bytes (UTF-8) and where it ends. */
function lexString(text: string, at: number): { ok: true; bytes: number[]; end: number } | { ok: false; at: number; message: string } {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let i = at + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { ok: true, bytes, end: i + 1 };
    if (c === '\\') {
      const e = text[i + 1] ?? '';
      if (e === 'x') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2));
        if (!m) return { ok: false, at: i, message: `expected hex digits after '\\x'` };
        bytes.push(parseInt(m[0], 16));
        i += 2 + m[0].length;
        continue;
      }
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1));
      if (oct && oct[0] !== '0') {
        bytes.push(parseInt(oct[0], 8) & 0xff);
        i += 1 + oct[0].length;
        continue;
      }
      const v = ESC[e];
      if (v === undefined) return { ok: false, at: i, message: `unknown escape '\\${e}' in a string` };
      bytes.push(v);
      i += 2;
      continue;
    }
    bytes.push(...enc.encode(c));
    i++;
  }
  return { ok: false, at, message: `expected a closing '"' for this string` };
}

/** How an error message names a token: 'r11', '+=', or "the end of the line". */
export function describeTok(t: Tok): string {
  return t.t === 'end' ? 'the end of the line' : `'${t.text}'`;
}
