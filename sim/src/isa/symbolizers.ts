// Callbacks for the kernel printer (print-kernel.ts) as two real users of kernel/bpf/disasm.c fill them in:
//  - bpftool 7.1 `prog dump xlated` (tools/bpf/bpftool/xlated_dumper.c): map references as
//    "map[id:N]" / "map[id:N][0]+off" / "map[idx:N]+off", callbacks as "subprog[+N]", and call targets
//    resolved through /proc/kallsyms (the xlated imm is an address offset from __bpf_call_base), e.g.
//    "(85) call bpf_get_current_pid_tgid#269056". The address → name lookup is the caller's (a kallsyms table).
//  - an object file before loading: what a relocation will put there, e.g. "r1 = map[.bss][0]+0".
// The verifier itself passes no cb_imm (ld_imm64 prints as the raw 0x... value) and names only kfuncs.

import type { KernelInsn, KernelSymbolizer } from './print-kernel.ts';

/** bpftool's print_imm / print_call for xlated dumps; `callName` maps a call's imm to a kernel symbol name. */
export function bpftoolXlatedSymbolizer(callName?: (imm: number, insn: KernelInsn) => string | undefined): KernelSymbolizer {
  return {
    imm(insn, full) {
      const next = (insn.hiImm ?? 0) >>> 0;
      switch (insn.src) {
        case 1:
          return `map[id:${insn.imm >>> 0}]`;
        case 2:
          return `map[id:${insn.imm >>> 0}][0]+${next}`;
        case 6:
          return `map[idx:${insn.imm >>> 0}]+${next}`;
        case 4:
          return `subprog[${insn.imm >= 0 ? '+' : ''}${insn.imm}]`;
        default:
          return `0x${full.toString(16)}`;
      }
    },
    // Helpers: the kernel symbol at the call address (imm is its offset from __bpf_call_base). Pseudo calls:
    // in xlated code imm is the callee's subprog index and off the pc-relative offset, printed
    // "%+d#<jited symbol>" (print_call_pcrel). The caller knows the addresses; undefined → kernel default.
    call(insn) {
      const name = callName?.(insn.imm, insn);
      if (insn.src === 1) return `${insn.off >= 0 ? '+' : ''}${insn.off}${name === undefined ? '' : `#${name}`}`;
      return name;
    },
  };
}
