// One instruction in the verifier-log syntax of the kernel's own disassembler (kernel/bpf/disasm.c,
// print_bpf_insn, as in Linux 6.18: v4 sdiv/smod/movsx/ldsx/bswap/gotol, may_goto, addr_space_cast, the
// internal percpu mov and nospec, load_acquire/store_release). bpftool's `prog dump xlated` prints its own,
// older copy of that file with callbacks (see symbolizers.ts): `version` selects what an older copy knows
// (bpftool 7.1 carries Linux 6.2's: { version: [6, 2] }), and how it prints what it does not know. Helper names come from the generated BPF_FUNC
// table (UAPI headers of linux-libc-dev, 6.1: helpers newer than that print as "unknown" here, while
// the running kernel knows their names). Left out: the "BUG_..." texts differ only in wording we keep.
// e.g. (0x85, imm 14) → "(85) call bpf_get_current_pid_tgid#14";  (0x07, imm -8) → "(07) r1 += -8"

import { BPF_FUNC, BPF_FUNC_MAX_ID } from '../abi/uapi.gen.ts';
import type { RawFields } from './insn.ts';

/**
 * The kernel printer's two callbacks (struct bpf_insn_cbs): `call` names a call target (cb_call: asked for
 * everything but helpers the kernel knows by id), `imm` renders ld_imm64's 64-bit value (cb_imm). Return
 * undefined to get the kernel's default.
 */
export interface KernelSymbolizer {
  call?(insn: KernelInsn): string | undefined;
  imm?(insn: KernelInsn, fullImm: bigint): string | undefined;
}

/** The fields the kernel printer reads; `hiImm` is the next slot's imm (ld_imm64 only). */
export type KernelInsn = RawFields & { hiImm?: number };

/** Printer options: the kernel version whose disasm.c to follow (default 6.18), pointer hiding. */
export interface KernelPrintOptions {
  version?: readonly [major: number, minor: number];
  /** false hides map addresses as the kernel does for unprivileged readers (the value prints as 0x0). */
  allowPtrLeaks?: boolean;
}

const atLeast = (v: readonly [number, number], major: number, minor: number): boolean => v[0] > major || (v[0] === major && v[1] >= minor);

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);

const ALU = ['+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', 'neg', '%=', '^=', '=', 's>>=', 'endian', undefined, undefined];
const ALU_SIGN: Readonly<Record<number, string>> = { 3: 's/=', 9: 's%=' };
const LDST = ['u32', 'u16', 'u8', 'u64'];
const LDSX = ['s32', 's16', 's8', undefined];
// printf("%s", NULL) prints "(null)" in the kernel's vsnprintf: what an unknown op shows.
const JMP = ['jmp', '==', '>', '>=', '&', '!=', 's>', 's>=', 'call', 'exit', '<', '<=', 's<', 's<=', undefined, undefined];
const ATOMIC_ALU: Readonly<Record<number, string>> = { 0x00: 'add', 0x50: 'and', 0x40: 'or', 0xa0: 'xor' };
const CLASS = ['ld', 'ldx', 'st', 'stx', 'alu', 'jmp', 'jmp32', 'alu64'];

/** func_id_name(): the helper's name for an id, "unknown" outside the table. */
export function helperName(id: number): string {
  return id >= 0 && id < BPF_FUNC_MAX_ID ? ((BPF_FUNC as Readonly<Record<number, string>>)[id] ?? 'unknown') : 'unknown';
}

// __func_get_name(): helper name by id first (src 0), then the callback, then "%+d" (pseudo call) or
// "kernel-function" (kfunc), else the caller's default.
// Before 6.6 the helper table was consulted for every call that is not a pseudo call (src != 1).
function funcName(insn: KernelInsn, cbs: KernelSymbolizer | undefined, dflt: string, v: readonly [number, number]): string {
  const byId = atLeast(v, 6, 6) ? insn.src === 0 : insn.src !== 1;
  if (byId && insn.imm >= 0 && insn.imm < BPF_FUNC_MAX_ID) return helperName(insn.imm);
  const named = cbs?.call?.(insn);
  if (named !== undefined) return named;
  if (insn.src === 1) return signed(insn.imm);
  if (insn.src === 2) return 'kernel-function';
  return dflt;
}

const V618: readonly [number, number] = [6, 18];

/** print_bpf_insn(): the text after the slot number, e.g. "(bf) r1 = r10". */
export function kernelInsnText(insn: KernelInsn, cbs?: KernelSymbolizer, opts: KernelPrintOptions = {}): string {
  const { code, dst, src, off, imm } = insn;
  const v = opts.version ?? V618;
  const allowPtrLeaks = opts.allowPtrLeaks ?? true;
  const v4 = atLeast(v, 6, 6); // sdiv/smod, movsx, ldsx, bswap, gotol (cpu v4)
  const cls = code & 7;
  const c = `(${hex2(code)})`;
  const op = code >> 4;
  if (cls === 4 || cls === 7) {
    const r = cls === 4 ? 'w' : 'r';
    if (op === 0xd) {
      if (cls === 7) return v4 ? `${c} r${dst} = bswap${imm} r${dst}` : `BUG_alu64_${hex2(code)}`;
      return `${c} r${dst} = ${code & 8 ? 'be' : 'le'}${imm} r${dst}`;
    }
    if (op === 0x8) return `${c} ${r}${dst} = -${r}${dst}`;
    if (code === 0xbf && off === 1 && atLeast(v, 6, 9)) return `${c} r${dst} = addr_space_cast(r${src}, ${(imm >>> 16) & 0xffff}, ${imm & 0xffff})`;
    if (code === 0xbf && off === -1 && atLeast(v, 6, 10)) return `${c} r${dst} = &(void __percpu *)(r${src})`;
    const sym = v4 && (op === 3 || op === 9) && off === 1 ? ALU_SIGN[op] : ALU[op];
    if (code & 8) {
      const movsx = v4 && op === 0xb && (off === 8 || off === 16 || off === 32) ? (['(s8)', '(s16)', undefined, '(s32)'][(off >> 3) - 1] ?? '(null)') : '';
      return `${c} ${r}${dst} ${sym ?? '(null)'} ${movsx}${r}${src}`;
    }
    return `${c} ${r}${dst} ${sym ?? '(null)'} ${imm}`;
  }
  if (cls === 3) {
    const size = LDST[(code >> 3) & 3];
    const mode = code & 0xe0;
    if (mode === 0x60) return `${c} *(${size} *)(r${dst} ${signed(off)}) = r${src}`;
    if (mode === 0xc0) {
      const a = ATOMIC_ALU[imm & ~1];
      const w64 = (code & 0x18) === 0x18 ? '64' : '';
      if (a !== undefined && (imm & 1) === 0 && (imm & ~0xff) === 0) return `${c} lock *(${size} *)(r${dst} ${signed(off)}) ${ALU[imm >> 4]} r${src}`;
      if (a !== undefined && (imm & 1) === 1 && (imm & ~0xff) === 0) return `${c} r${src} = atomic${w64}_fetch_${a}((${size} *)(r${dst} ${signed(off)}), r${src})`;
      if (imm === 0xf1) return `${c} r0 = atomic${w64}_cmpxchg((${size} *)(r${dst} ${signed(off)}), r0, r${src})`;
      if (imm === 0xe1) return `${c} r${src} = atomic${w64}_xchg((${size} *)(r${dst} ${signed(off)}), r${src})`;
      if (imm === 0x100 && atLeast(v, 6, 15)) return `${c} r${dst} = load_acquire((${size} *)(r${src} ${signed(off)}))`;
      if (imm === 0x110 && atLeast(v, 6, 15)) return `${c} store_release((${size} *)(r${dst} ${signed(off)}), r${src})`;
    }
    return `BUG_${hex2(code)}`;
  }
  if (cls === 2) {
    if ((code & 0xe0) === 0x60) return `${c} *(${LDST[(code >> 3) & 3]} *)(r${dst} ${signed(off)}) = ${imm}`;
    if ((code & 0xe0) === 0xc0) return `${c} nospec`;
    return `BUG_st_${hex2(code)}`;
  }
  if (cls === 1) {
    const mode = code & 0xe0;
    if (mode !== 0x60 && (mode !== 0x80 || !v4)) return `BUG_ldx_${hex2(code)}`;
    const size = mode === 0x60 ? LDST[(code >> 3) & 3] : (LDSX[(code >> 3) & 3] ?? '(null)');
    return `${c} r${dst} = *(${size} *)(r${src} ${signed(off)})`;
  }
  if (cls === 0) {
    const mode = code & 0xe0;
    const size = LDST[(code >> 3) & 3];
    if (mode === 0x20) return `${c} r0 = *(${size} *)skb[${imm}]`;
    if (mode === 0x40) return `${c} r0 = *(${size} *)skb[r${src} + ${imm}]`;
    if (mode === 0x00 && (code & 0x18) === 0x18) {
      let full = (BigInt((insn.hiImm ?? 0) >>> 0) << 32n) | BigInt(imm >>> 0);
      // src 1 map fd, 2 map value, 5 map idx, 6 map idx value, 3 btf id: pointers the kernel may hide
      if (!allowPtrLeaks && (src === 1 || src === 2 || src === 5 || src === 6 || src === 3)) full = 0n;
      return `${c} r${dst} = ${cbs?.imm?.(insn, full) ?? `0x${full.toString(16)}`}`;
    }
    return `BUG_ld_${hex2(code)}`;
  }
  // JMP, JMP32
  if (op === 0x8) {
    if (src === 1) return `${c} call pc${funcName(insn, cbs, '', v)}`;
    return `${c} call ${funcName(insn, cbs, 'unknown', v)}#${imm}`;
  }
  if (code === 0x05) return `${c} goto pc${signed(off)}`;
  if (code === 0xe5 && src === 0 && atLeast(v, 6, 9)) return `${c} may_goto pc${signed(off)}`;
  if (code === 0x06 && v4) return `${c} gotol pc${signed(imm)}`;
  if (code === 0x95) return `${c} exit`;
  const r = cls === 6 ? 'w' : 'r';
  const sym = JMP[op] ?? '(null)';
  if (code & 8) return `${c} if ${r}${dst} ${sym} ${r}${src} goto pc${signed(off)}`;
  return `${c} if ${r}${dst} ${sym} 0x${(imm >>> 0).toString(16)} goto pc${signed(off)}`;
}

/** The class name the kernel prints for classes it cannot otherwise render ("(%02x) %s"). */
export const kernelClassName = (code: number): string => CLASS[code & 7] as string;
