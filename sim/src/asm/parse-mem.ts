// Loads, stores and atomics in LLVM's BPF syntax (see parse-insn.ts for the rest). The size in
// "*(u32 *)" picks BPF_W/H/B/DW; "s8/s16/s32" picks the sign-extending load (BPF_MEMSX, cpu v4).
// Register roles follow the kernel's ISA document: for stores and atomics dst is the base address and src
// the value; a fetch atomic returns the old value in its value register, so "r2 = atomic_fetch_add(..., r2)"
// must name the same register twice; cmpxchg compares with and returns in r0; load_acquire's base is src.
// e.g. "*(u32 *)(r10 - 4) = r1", "lock *(u64 *)(r1 + 0) += r2", "r0 = cmpxchg_64(r1 + 0, r0, r2)"

import type { AtomicOpName } from '../isa/insn.ts';
import type { BpfAtomicOp, BpfSize } from '../isa/opcode.ts';
import { AsmSyntaxError, Cursor, imm32, S16_MAX, S16_MIN, type MemOperand, type RegTok } from './cursor.ts';
import type { ParsedInsn } from './parse-insn.ts';

const SIZES: Readonly<Record<string, { size: BpfSize; signed: boolean }>> = {
  u8: { size: 'BPF_B', signed: false }, u16: { size: 'BPF_H', signed: false }, u32: { size: 'BPF_W', signed: false },
  u64: { size: 'BPF_DW', signed: false }, s8: { size: 'BPF_B', signed: true }, s16: { size: 'BPF_H', signed: true },
  s32: { size: 'BPF_W', signed: true },
};

const ops = (dst: number, src: number, off: number, imm = 0) => ({ dst, src, off, imm });

/** "(u32 *)": the access size; `signedOk` allows s8/s16/s32 (loads only). */
function sizeSpec(c: Cursor, signedOk: boolean): { size: BpfSize; signed: boolean } {
  c.op('(');
  const t = c.peek();
  const s = t.t === 'id' ? SIZES[t.text] : undefined;
  if (!s || (s.signed && !signedOk)) c.fail(t, signedOk ? "a size ('u8', 'u16', 'u32', 'u64', 's8', 's16', 's32')" : "a size ('u8', 'u16', 'u32', 'u64')");
  c.next();
  c.op('*');
  c.op(')');
  return s;
}

/** "r1 + 8" without parentheses (the xchg/cmpxchg argument form). */
function bareMem(c: Cursor): MemOperand {
  const base = c.reg(64);
  let off = 0n;
  let col = base.col;
  if (c.isOp('+') || c.isOp('-')) {
    const sign = c.next();
    const n = c.signed('an offset');
    col = n.col;
    off = sign.text === '-' ? -n.v : n.v;
  }
  if (off < BigInt(S16_MIN) || off > BigInt(S16_MAX)) throw new AsmSyntaxError(col, `offset ${off} does not fit the signed 16-bit off field (${S16_MIN} to ${S16_MAX})`);
  return { base: base.n, off: Number(off), col: base.col };
}

const LOCK_OPS: Readonly<Record<string, [AtomicOpName, BpfAtomicOp]>> = {
  '+=': ['add', 'BPF_ADD'], '|=': ['or', 'BPF_OR'], '&=': ['and', 'BPF_AND'], '^=': ['xor', 'BPF_XOR'],
};

function needWordOrDouble(size: BpfSize, col: number, what: string): void {
  if (size !== 'BPF_W' && size !== 'BPF_DW') throw new AsmSyntaxError(col, `${what} is 32 or 64 bit only: expected 'u32' or 'u64'`);
}

/**
 * After "*" (a store) or "lock" (an atomic without fetch):
 * e.g. "*(u64 *)(r10 - 8) = r1" (stx), "*(u32 *)(r10 - 4) = 5" (st, an immediate store),
 *      "lock *(u32 *)(r1 + 0) += r2" (LLVM 14 names the value register r2, later LLVM w2: both are accepted)
 */
export function parseLockOrStore(c: Cursor, lock: boolean): ParsedInsn {
  c.op('*');
  const szCol = c.peek().col;
  const { size } = sizeSpec(c, false);
  const m = c.mem();
  if (lock) {
    const t = c.peek();
    const op = t.t === 'op' ? LOCK_OPS[t.text] : undefined;
    if (!op) c.fail(t, "an atomic operator ('+=', '|=', '&=', '^=')");
    c.next();
    needWordOrDouble(size, szCol, 'an atomic operation');
    const src = c.reg();
    return { form: { kind: 'atomic', size, op: op[0], fetch: false, opName: op[1] }, ops: ops(m.base, src.n, m.off) };
  }
  c.op('=');
  if (c.peek().t === 'reg') {
    const src = c.reg();
    return { form: { kind: 'stx', size }, ops: ops(m.base, src.n, m.off) };
  }
  if (!c.isNumberStart()) c.fail(c.peek(), 'a register or a number');
  const n = c.signed();
  return { form: { kind: 'st', size }, ops: ops(m.base, 0, m.off, imm32(n.v, n.col, size === 'BPF_DW' ? 64 : 32)) };
}

/** e.g. "store_release((u64 *)(r1 + 0), r2)" (Linux 6.15) */
export function parseStoreRelease(c: Cursor): ParsedInsn {
  c.op('(');
  const { size } = sizeSpec(c, false);
  const m = c.mem();
  c.op(',');
  const src = c.reg();
  c.op(')');
  return { form: { kind: 'atomic', size, op: 'store_release', fetch: false, opName: 'BPF_STORE_REL' }, ops: ops(m.base, src.n, m.off) };
}

/**
 * After "rN =" and "*": a load.
 * e.g. "r1 = *(u32 *)(r2 + 8)", "w1 = *(u8 *)(r2 + 0)", "r1 = *(s8 *)(r2 - 1)" (ldsx),
 *      "r0 = *(u16 *)skb[12]" (BPF_ABS), "r0 = *(u32 *)skb[r6]" (BPF_IND)
 */
export function parseLoadAfterEq(c: Cursor, dst: RegTok): ParsedInsn {
  c.op('*');
  const szCol = c.peek().col;
  const { size, signed } = sizeSpec(c, true);
  if (c.isId('skb')) {
    c.next();
    if (signed || size === 'BPF_DW') throw new AsmSyntaxError(szCol, "legacy packet loads read 'u8', 'u16' or 'u32'");
    if (dst.n !== 0 || !dst.wide) throw new AsmSyntaxError(dst.col, `legacy packet loads always write r0: expected 'r0', found '${dst.text}'`);
    c.op('[');
    let r: ParsedInsn;
    if (c.peek().t === 'reg') {
      const src = c.reg(64);
      r = { form: { kind: 'ld_ind', size }, ops: ops(0, src.n, 0) };
    } else {
      const n = c.signed('an offset or a register');
      r = { form: { kind: 'ld_abs', size }, ops: ops(0, 0, 0, imm32(n.v, n.col, 64)) };
    }
    c.op(']');
    return r;
  }
  const m = c.mem();
  return { form: { kind: 'ldx', size, signExtend: signed }, ops: ops(dst.n, m.base, m.off) };
}

/** The "name(...)" atomics that return a value; load_acquire is handled with them. */
export const ATOMIC_FUNCS = new Set([
  'atomic_fetch_add', 'atomic_fetch_or', 'atomic_fetch_and', 'atomic_fetch_xor', 'xchg_64', 'xchg32_32', 'cmpxchg_64', 'cmpxchg32_32',
]);

const FETCH_OPS: Readonly<Record<string, [AtomicOpName, BpfAtomicOp]>> = {
  atomic_fetch_add: ['add', 'BPF_ADD'], atomic_fetch_or: ['or', 'BPF_OR'], atomic_fetch_and: ['and', 'BPF_AND'], atomic_fetch_xor: ['xor', 'BPF_XOR'],
};

function sameReg(dst: RegTok, val: RegTok, fn: string): void {
  if (dst.n !== val.n) {
    throw new AsmSyntaxError(val.col, `${fn} returns the old value in its value register: expected '${dst.text}' here (the register before '='), found '${val.text}'`);
  }
}

/**
 * After "rN =": an atomic that returns a value.
 * e.g. "r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)", "w2 = atomic_fetch_or((u32 *)(r1 + 4), w2)",
 *      "r2 = xchg_64(r1 + 0, r2)", "w2 = xchg32_32(r1 + 0, w2)", "r0 = cmpxchg_64(r1 + 0, r0, r2)",
 *      "r0 = load_acquire((u64 *)(r1 + 0))"
 */
export function parseAtomicAfterEq(c: Cursor, dst: RegTok): ParsedInsn {
  const fnTok = c.next();
  const fn = fnTok.text;
  c.op('(');
  if (fn === 'load_acquire') {
    const { size } = sizeSpec(c, false);
    const m = c.mem();
    c.op(')');
    return { form: { kind: 'atomic', size, op: 'load_acquire', fetch: false, opName: 'BPF_LOAD_ACQ' }, ops: ops(dst.n, m.base, m.off) };
  }
  const fetch = FETCH_OPS[fn];
  if (fetch) {
    const szCol = c.peek().col;
    const { size } = sizeSpec(c, false);
    needWordOrDouble(size, szCol, fn);
    const m = c.mem();
    c.op(',');
    const val = c.reg();
    c.op(')');
    sameReg(dst, val, fn);
    return { form: { kind: 'atomic', size, op: fetch[0], fetch: true, opName: fetch[1] }, ops: ops(m.base, val.n, m.off) };
  }
  const size: BpfSize = fn.endsWith('_64') ? 'BPF_DW' : 'BPF_W';
  const m = bareMem(c);
  c.op(',');
  if (fn.startsWith('xchg')) {
    const val = c.reg();
    c.op(')');
    sameReg(dst, val, fn);
    return { form: { kind: 'atomic', size, op: 'xchg', fetch: true, opName: 'BPF_XCHG' }, ops: ops(m.base, val.n, m.off) };
  }
  // cmpxchg: r0 holds the expected value and receives the old one.
  if (dst.n !== 0) throw new AsmSyntaxError(dst.col, `${fn} returns the old value in r0: expected '${size === 'BPF_DW' ? 'r0' : 'w0'}' before '=', found '${dst.text}'`);
  const r0 = c.reg();
  if (r0.n !== 0) throw new AsmSyntaxError(r0.col, `${fn} compares with r0: expected '${size === 'BPF_DW' ? 'r0' : 'w0'}' as its second argument, found '${r0.text}'`);
  c.op(',');
  const val = c.reg();
  c.op(')');
  return { form: { kind: 'atomic', size, op: 'cmpxchg', fetch: true, opName: 'BPF_CMPXCHG' }, ops: ops(m.base, val.n, m.off) };
}
