// One instruction in LLVM's BPF assembly syntax → what it means (an `InsnForm`, as isa/decode.ts names
// it) plus its operand fields, and for operands that name a label or symbol, a fixup the layout step
// resolves. Accepts every text llvm-objdump 14 prints (isa/print-llvm.ts) and, beyond it, the later LLVM
// spellings of what LLVM 14 prints as <unknown> (mod, jset, BPF_ST stores, 32-bit atomics, cpu v4 forms,
// may_goto, load_acquire/store_release). Memory loads/stores and atomics are in parse-mem.ts.
// Left out: the kernel verifier-log syntax ("(07) r1 += 1", "goto pc+3") except `call pc+N`.

import type { InsnForm } from '../isa/insn.ts';
import { AsmSyntaxError, Cursor, imm32, S16_MAX, S16_MIN, type RegTok } from './cursor.ts';
import type { Operands } from './encode.ts';
import { describeTok, type Tok } from './lexer.ts';
import { parseLoadAfterEq, parseLockOrStore, parseStoreRelease, parseAtomicAfterEq, ATOMIC_FUNCS } from './parse-mem.ts';

/** A label or symbol an instruction names, resolved once every label of the file is known. */
export type Fixup =
  /** "goto LBB0_2": the off field (imm for gotol) becomes target slot − (this slot + 1). */
  | { kind: 'jump'; label: string; col: number }
  /** "call my_subprog" / "call bpf_trace_printk": a function of this file, a helper, or an extern (kfunc). */
  | { kind: 'call'; name: string; col: number }
  /** "r1 = my_map ll" / "r1 = buf + 8 ll": ld_imm64 of a symbol's address (an R_BPF_64_64 relocation). */
  | { kind: 'symbol'; name: string; addend: bigint; col: number };

export interface ParsedInsn {
  form: InsnForm;
  ops: Operands;
  fixup?: Fixup;
}

const ALU_OPS = {
  '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div', 's/=': 'sdiv', '%=': 'mod', 's%=': 'smod', '|=': 'or', '&=': 'and',
  '<<=': 'lsh', '>>=': 'rsh', 's>>=': 'arsh', '^=': 'xor',
} as const;
const JMP_OPS = {
  '==': 'jeq', '!=': 'jne', '>': 'jgt', '>=': 'jge', '<': 'jlt', '<=': 'jle', 's>': 'jsgt', 's>=': 'jsge', 's<': 'jslt',
  's<=': 'jsle', '&': 'jset',
} as const;
const END_OPS: Readonly<Record<string, { op: 'le' | 'be' | 'bswap'; bits: number }>> = {
  le16: { op: 'le', bits: 16 }, le32: { op: 'le', bits: 32 }, le64: { op: 'le', bits: 64 },
  be16: { op: 'be', bits: 16 }, be32: { op: 'be', bits: 32 }, be64: { op: 'be', bits: 64 },
  bswap16: { op: 'bswap', bits: 16 }, bswap32: { op: 'bswap', bits: 32 }, bswap64: { op: 'bswap', bits: 64 },
};

const MOVSX_BITS: Readonly<Record<string, 8 | 16 | 32>> = { s8: 8, s16: 16, s32: 32 };

export const ops0 = (p: Partial<Operands> = {}): Operands => ({ dst: 0, src: 0, off: 0, imm: 0, ...p });

const isAluOp = (t: Tok): t is Tok & { text: keyof typeof ALU_OPS } => t.t === 'op' && t.text in ALU_OPS;
const isJmpOp = (t: Tok): t is Tok & { text: keyof typeof JMP_OPS } => t.t === 'op' && t.text in JMP_OPS;

/** Parses the tokens of one instruction statement (the caller has stripped labels and comments). */
export function parseInsn(toks: readonly Tok[]): ParsedInsn {
  const c = new Cursor(toks);
  const t = c.peek();
  let r: ParsedInsn;
  if (t.t === 'reg') r = parseRegLed(c);
  else if (t.t === 'op' && t.text === '*') r = parseLockOrStore(c, false);
  else if (t.t === 'id') {
    switch (t.text) {
      // e.g. "exit"
      case 'exit':
        c.next();
        r = { form: { kind: 'exit' }, ops: ops0() };
        break;
      // e.g. "goto +3", "goto -7 <LBB0_1>", "goto LBB0_2", "gotol +70000", "may_goto +2"
      case 'goto':
      case 'gotol':
      case 'may_goto': {
        c.next();
        const long = t.text === 'gotol';
        const form: InsnForm = t.text === 'may_goto' ? { kind: 'may_goto' } : { kind: 'ja', long };
        r = withTarget(c, form, ops0(), long);
        break;
      }
      // e.g. "call 14", "call bpf_trace_printk", "call my_subprog", "call pc+2" (a BPF-to-BPF call by offset)
      case 'call':
        c.next();
        r = parseCall(c);
        break;
      // e.g. "callx r2" (LLVM 14 puts the register number in imm)
      case 'callx': {
        c.next();
        const reg = c.reg(64);
        r = { form: { kind: 'callx' }, ops: ops0({ imm: reg.n }) };
        break;
      }
      // e.g. "if r1 > 5 goto +3", "if w1 s< w2 goto LBB0_4", "if r1 & 8 goto +1"
      case 'if':
        c.next();
        r = parseIf(c);
        break;
      // e.g. "lock *(u64 *)(r1 + 0) += r2"
      case 'lock':
        c.next();
        r = parseLockOrStore(c, true);
        break;
      // e.g. "store_release((u64 *)(r1 + 0), r2)"
      case 'store_release':
        c.next();
        r = parseStoreRelease(c);
        break;
      // e.g. "ld_pseudo r1, 2, 5" (what llvm-objdump 14 prints for ld_imm64 with a nonzero src_reg)
      case 'ld_pseudo': {
        c.next();
        const dst = c.reg(64);
        c.op(',');
        const src = c.signed('a src_reg number (0-15)');
        if (src.v < 0n || src.v > 15n) throw new AsmSyntaxError(src.col, `src_reg must be 0-15, not ${src.v}`);
        c.op(',');
        const imm = c.signed('an immediate');
        const v = BigInt(imm32(imm.v, imm.col, 32));
        const pseudoNames: Readonly<Record<number, string>> = { 1: 'map_fd', 2: 'map_value', 3: 'btf_id', 4: 'func', 5: 'map_idx', 6: 'map_idx_value' };
        const pseudo = (pseudoNames[Number(src.v)] ?? (src.v === 0n ? 'imm' : 'unknown')) as 'imm';
        r = { form: { kind: 'ld_imm64', pseudo, value: BigInt.asUintN(32, v) }, ops: ops0({ dst: dst.n, src: Number(src.v) }) };
        break;
      }
      default:
        if (/^[rw]\d+$/.test(t.text)) throw new AsmSyntaxError(t.col, `expected a register (${t.text.startsWith('w') ? 'w0-w10' : 'r0-r10'}), found '${t.text}'`);
        throw new AsmSyntaxError(t.col, `expected an instruction (e.g. 'r0 = 0', 'call 14', 'exit') or a directive, found ${describeTok(t)}`);
    }
  } else {
    throw new AsmSyntaxError(t.col, `expected an instruction (e.g. 'r0 = 0', 'call 14', 'exit') or a directive, found ${describeTok(t)}`);
  }
  c.end();
  return r;
}

/**
 * A jump target: "+3", "-7", "0", or a label; then objdump's " <LBB0_2>" / " <prog+0x58>" suffix, which is
 * skipped. `long` (gotol) puts the offset in imm (32-bit), else in off (16-bit).
 */
function withTarget(c: Cursor, form: InsnForm, ops: Operands, long: boolean): ParsedInsn {
  const t = c.peek();
  let r: ParsedInsn;
  if (t.t === 'id') {
    c.next();
    r = { form, ops, fixup: { kind: 'jump', label: t.text, col: t.col } };
  } else if (t.t === 'op' && (t.text === '+' || t.text === '-') || t.t === 'num') {
    let sign = 1n;
    if (t.t === 'op') {
      c.next();
      if (t.text === '-') sign = -1n;
    }
    const n = c.peek();
    if (n.t !== 'num') c.fail(n, 'a jump offset (a number of slots)');
    c.next();
    const v = sign * n.v;
    if (long) r = { form, ops: { ...ops, imm: imm32(v, t.col, 64) } };
    else {
      if (v < BigInt(S16_MIN) || v > BigInt(S16_MAX)) {
        throw new AsmSyntaxError(t.col, `jump offset ${v} does not fit the signed 16-bit off field (${S16_MIN} to ${S16_MAX}); use gotol for longer jumps`);
      }
      r = { form, ops: { ...ops, off: Number(v) } };
    }
  } else {
    c.fail(t, "a jump target (a label, or an offset such as '+3')");
  }
  skipObjdumpTarget(c);
  return r;
}

/** llvm-objdump names a branch target after it: " <LBB0_2>"; the assembler recomputes it, so it is skipped. */
function skipObjdumpTarget(c: Cursor): void {
  if (!c.isOp('<')) return;
  const last = c.toks[c.toks.length - 2];
  if (last && last.t === 'op' && last.text === '>') while (c.peek().t !== 'end') c.next();
}

function parseCall(c: Cursor): ParsedInsn {
  const t = c.peek();
  if (t.t === 'id' && t.text === 'pc' && (c.isOp('+', 1) || c.isOp('-', 1))) {
    c.next();
    const sign = c.next();
    const n = c.peek();
    if (n.t !== 'num') c.fail(n, 'a number of slots');
    c.next();
    const v = sign.text === '-' ? -n.v : n.v;
    return { form: { kind: 'call', call: 'bpf2bpf' }, ops: ops0({ src: 1, imm: imm32(v, n.col, 64) }) };
  }
  if (t.t === 'id') {
    c.next();
    // The kind (helper, bpf2bpf, kfunc) is decided when every symbol is known; helper until then.
    return { form: { kind: 'call', call: 'helper' }, ops: ops0(), fixup: { kind: 'call', name: t.text, col: t.col } };
  }
  if (c.isNumberStart()) {
    const n = c.signed();
    return { form: { kind: 'call', call: 'helper' }, ops: ops0({ imm: imm32(n.v, n.col, 64) }) };
  }
  return c.fail(t, 'a helper id, a helper name (e.g. bpf_map_lookup_elem) or a function name');
}

function parseIf(c: Cursor): ParsedInsn {
  const dst = c.reg();
  const width = dst.wide ? 64 : 32;
  const opTok = c.peek();
  if (!isJmpOp(opTok)) c.fail(opTok, "a comparison (==, !=, >, >=, <, <=, s>, s>=, s<, s<=, &)");
  c.next();
  const op = JMP_OPS[opTok.text];
  let ops: Operands;
  let source: 'imm' | 'reg';
  if (c.peek().t === 'reg') {
    const src = c.reg(width);
    ops = ops0({ dst: dst.n, src: src.n });
    source = 'reg';
  } else {
    if (!c.isNumberStart()) c.fail(c.peek(), `a register (${width === 64 ? 'r0-r10' : 'w0-w10'}) or a number`);
    const n = c.signed();
    ops = ops0({ dst: dst.n, imm: imm32(n.v, n.col, width) });
    source = 'imm';
  }
  c.word('goto');
  return withTarget(c, { kind: 'jmp', width, op, source }, ops, false);
}

/** Everything that starts with a register: ALU, moves, byte swaps, loads, ld_imm64, fetch atomics. */
function parseRegLed(c: Cursor): ParsedInsn {
  const dst = c.reg();
  const width = dst.wide ? 64 : 32;
  const opTok = c.peek();
  // e.g. "r1 += 5", "w1 -= w2", "r1 s>>= 3", "r1 %= r2" (mod), "r1 s/= 3" (sdiv, cpu v4)
  if (isAluOp(opTok)) {
    c.next();
    const op = ALU_OPS[opTok.text];
    if (c.peek().t === 'reg') {
      const src = c.reg(width);
      return { form: { kind: 'alu', width, op, source: 'reg' }, ops: ops0({ dst: dst.n, src: src.n }) };
    }
    if (!c.isNumberStart()) c.fail(c.peek(), `a register (${width === 64 ? 'r0-r10' : 'w0-w10'}) or a number`);
    const n = c.signed();
    return { form: { kind: 'alu', width, op, source: 'imm' }, ops: ops0({ dst: dst.n, imm: imm32(n.v, n.col, width) }) };
  }
  if (!(opTok.t === 'op' && opTok.text === '=')) c.fail(opTok, "an operator ('=', '+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', 's>>=', '^=', '%=')");
  c.next();
  return parseAfterEq(c, dst, width);
}

function parseAfterEq(c: Cursor, dst: RegTok, width: 32 | 64): ParsedInsn {
  const t = c.peek();
  // e.g. "r1 = r2", "w1 = w2"
  if (t.t === 'reg') {
    const src = c.reg(width);
    return { form: { kind: 'alu', width, op: 'mov', source: 'reg' }, ops: ops0({ dst: dst.n, src: src.n }) };
  }
  // e.g. "r0 = -r0" (neg works in place)
  if (t.t === 'op' && t.text === '-' && c.peek(1).t === 'reg') {
    c.next();
    const src = c.reg(width);
    if (src.n !== dst.n) throw new AsmSyntaxError(src.col, `negation works in place: expected '${dst.text} = -${dst.text}', found '-${src.text}'`);
    return { form: { kind: 'neg', width }, ops: ops0({ dst: dst.n }) };
  }
  // e.g. "r1 = 5", "w1 = -1", "r1 = 0 ll", "r1 = -1 ll", "r1 = 0x123456789 ll"
  if (c.isNumberStart()) {
    const n = c.signed();
    if (c.isId('ll')) {
      c.next();
      if (width !== 64) throw new AsmSyntaxError(dst.col, `a 64-bit load ('ll') writes a 64-bit register: expected 'r${dst.n}', found '${dst.text}'`);
      if (n.v < -(1n << 63n) || n.v >= 1n << 64n) throw new AsmSyntaxError(n.col, `${n.v} does not fit in 64 bits`);
      return { form: { kind: 'ld_imm64', pseudo: 'imm', value: BigInt.asIntN(64, n.v) }, ops: ops0({ dst: dst.n }) };
    }
    const hint = width === 64 ? `; for a 64-bit constant write '${dst.text} = ${n.v} ll'` : '';
    return { form: { kind: 'alu', width, op: 'mov', source: 'imm' }, ops: ops0({ dst: dst.n, imm: imm32(n.v, n.col, width, hint) }) };
  }
  // e.g. "r1 = *(u32 *)(r2 + 8)", "r1 = *(s16 *)(r2 - 2)", "r0 = *(u16 *)skb[12]", "r0 = *(u8 *)skb[r1]"
  if (t.t === 'op' && t.text === '*') return parseLoadAfterEq(c, dst);
  // e.g. "r1 = (s8)r2", "w1 = (s16)w2" (movsx, cpu v4)
  if (t.t === 'op' && t.text === '(') {
    c.next();
    const ty = c.peek();
    const bits = ty.t === 'id' ? MOVSX_BITS[ty.text] : undefined;
    if (bits === undefined || (bits === 32 && width === 32)) c.fail(ty, width === 64 ? "'s8', 's16' or 's32'" : "'s8' or 's16'");
    c.next();
    c.op(')');
    const src = c.reg(width);
    return { form: { kind: 'alu', width, op: 'movsx', source: 'reg', extendBits: bits }, ops: ops0({ dst: dst.n, src: src.n }) };
  }
  if (t.t === 'id') {
    const end = END_OPS[t.text];
    // e.g. "r1 = be16 r1", "r1 = le64 r1", "r1 = bswap32 r1" (byte swaps work in place)
    if (end) {
      c.next();
      const src = c.reg();
      if (src.n !== dst.n) throw new AsmSyntaxError(src.col, `a byte swap works in place: expected '${dst.text} = ${t.text} ${dst.text}', found '${src.text}'`);
      return { form: { kind: 'end', op: end.op, bits: end.bits }, ops: ops0({ dst: dst.n }) };
    }
    // e.g. "r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)", "r0 = cmpxchg_64(r1 + 0, r0, r2)", "r0 = load_acquire((u64 *)(r1 + 0))"
    if (ATOMIC_FUNCS.has(t.text) || t.text === 'load_acquire') return parseAtomicAfterEq(c, dst);
    // e.g. "r1 = addr_space_cast(r2, 0, 1)" (arena pointers, Linux 6.9)
    if (t.text === 'addr_space_cast') {
      c.next();
      c.op('(');
      const src = c.reg(64);
      c.op(',');
      const a = c.signed('an address space number');
      c.op(',');
      const b = c.signed('an address space number');
      c.op(')');
      return { form: { kind: 'addr_space_cast', dstAddrSpace: Number(a.v) & 0xffff, srcAddrSpace: Number(b.v) & 0xffff }, ops: ops0({ dst: dst.n, src: src.n }) };
    }
    // e.g. "r1 = my_map ll", "r1 = my_pid ll", "r1 = buf + 16 ll" (a relocation fills the address in)
    if (/^[rw]\d+$/.test(t.text)) c.fail(t, `a register (${width === 64 ? 'r0-r10' : 'w0-w10'})`);
    c.next();
    let addend = 0n;
    if (c.isOp('+') || c.isOp('-')) {
      const sign = c.next();
      const n = c.signed('an offset');
      addend = sign.text === '-' ? -n.v : n.v;
    }
    if (!c.isId('ll')) {
      const f = c.peek();
      throw new AsmSyntaxError(f.col, `expected 'll' after ${c.prevText()}, found ${describeTok(f)}: a symbol's address is a 64-bit load, written '${dst.text} = ${t.text} ll'`);
    }
    c.next();
    if (width !== 64) throw new AsmSyntaxError(dst.col, `a 64-bit load ('ll') writes a 64-bit register: expected 'r${dst.n}', found '${dst.text}'`);
    return { form: { kind: 'ld_imm64', pseudo: 'imm', value: addend }, ops: ops0({ dst: dst.n }), fixup: { kind: 'symbol', name: t.text, addend, col: t.col } };
  }
  return c.fail(t, 'a register, a number, a memory operand such as *(u32 *)(r1 + 0), or a symbol followed by ll');
}
