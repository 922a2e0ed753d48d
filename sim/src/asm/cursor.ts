// A cursor over one statement's tokens, with the small readers every statement parser shares (registers,
// signed numbers, memory operands) and errors that say what was expected and what was found, e.g.
// "expected a register (r0-r10) after '=', found 'r11'". A syntax error is thrown as AsmSyntaxError and
// caught at the statement boundary (assemble.ts), where it becomes an { line, column, message } value:
// it never leaves the assembler.

import { describeTok, type Tok } from './lexer.ts';

export class AsmSyntaxError extends Error {
  constructor(
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

export type RegTok = Extract<Tok, { t: 'reg' }>;
export type NumTok = Extract<Tok, { t: 'num' }>;

export const S16_MIN = -0x8000;
export const S16_MAX = 0x7fff;
export const S32_MIN = -0x80000000n;
export const S32_MAX = 0x7fffffffn;
export const U32_MAX = 0xffffffffn;

/** Memory operand "(r1 + 8)": base register and signed 16-bit offset. */
export interface MemOperand {
  base: number;
  off: number;
  col: number;
}

export class Cursor {
  private i = 0;
  constructor(readonly toks: readonly Tok[]) {}

  peek(k = 0): Tok {
    return (this.toks[this.i + k] ?? this.toks[this.toks.length - 1]) as Tok;
  }
  next(): Tok {
    const t = this.peek();
    if (t.t !== 'end') this.i++;
    return t;
  }
  /** The token before the current one, for "after 'x'" in messages. */
  prevText(): string {
    const t = this.toks[this.i - 1];
    return t ? `'${t.text}'` : 'the start of the line';
  }
  fail(t: Tok, expected: string): never {
    throw new AsmSyntaxError(t.col, `expected ${expected} after ${this.prevText()}, found ${describeTok(t)}`);
  }
  isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === 'op' && t.text === text;
  }
  isId(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === 'id' && t.text === text;
  }
  op(text: string): Tok {
    const t = this.peek();
    if (t.t !== 'op' || t.text !== text) this.fail(t, `'${text}'`);
    return this.next();
  }
  word(text: string): Tok {
    const t = this.peek();
    if (t.t !== 'id' || t.text !== text) this.fail(t, `'${text}'`);
    return this.next();
  }
  end(): void {
    const t = this.peek();
    if (t.t !== 'end') throw new AsmSyntaxError(t.col, `expected the end of the instruction after ${this.prevText()}, found ${describeTok(t)}`);
  }
  /** A register of either width; `width` restricts it (64: r0-r10, 32: w0-w10). */
  reg(width?: 32 | 64): RegTok {
    const t = this.peek();
    const want = width === 32 ? 'a register (w0-w10)' : width === 64 ? 'a register (r0-r10)' : 'a register (r0-r10)';
    if (t.t !== 'reg') this.fail(t, want);
    if (width !== undefined && t.wide !== (width === 64)) this.fail(t, want);
    return this.next() as RegTok;
  }
  /** An optionally negative integer: "-16", "0x1f", "42". */
  signed(what = 'a number'): { v: bigint; col: number } {
    const t = this.peek();
    if (t.t === 'op' && t.text === '-') {
      this.next();
      const n = this.peek();
      if (n.t !== 'num') this.fail(n, what);
      this.next();
      return { v: -n.v, col: t.col };
    }
    if (t.t !== 'num') this.fail(t, what);
    this.next();
    return { v: t.v, col: t.col };
  }
  isNumberStart(): boolean {
    const t = this.peek();
    return t.t === 'num' || (t.t === 'op' && t.text === '-' && this.peek(1).t === 'num');
  }
  /** "(r1 + 8)", "(r10 - 4)", "(r1)"; the '(' is read here. */
  mem(): MemOperand {
    const open = this.op('(');
    const base = this.reg(64);
    let off = 0n;
    let offCol = base.col;
    if (this.isOp('+') || this.isOp('-')) {
      const sign = this.next();
      const n = this.signed('an offset');
      offCol = n.col;
      off = sign.text === '-' ? -n.v : n.v;
    }
    this.op(')');
    if (off < BigInt(S16_MIN) || off > BigInt(S16_MAX)) {
      throw new AsmSyntaxError(offCol, `offset ${off} does not fit the signed 16-bit off field (${S16_MIN} to ${S16_MAX})`);
    }
    return { base: base.n, off: Number(off), col: open.col };
  }
}

/** An immediate for the 32-bit imm field. 64-bit operations sign-extend it, so they take -2^31..2^31-1 only;
 *  32-bit operations also take 2^31..2^32-1 (the same bits). */
export function imm32(v: bigint, col: number, width: 32 | 64, hint = ''): number {
  const max = width === 64 ? S32_MAX : U32_MAX;
  if (v < S32_MIN || v > max) {
    const range = width === 64 ? '-2147483648 to 2147483647' : '-2147483648 to 4294967295';
    throw new AsmSyntaxError(col, `${v} does not fit the 32-bit immediate (${range}${width === 64 ? ', sign-extended to 64 bits' : ''})${hint}`);
  }
  return Number(BigInt.asIntN(32, v));
}
