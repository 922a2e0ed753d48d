// Per-instruction disassembly of an eBPF object for the app and for `bpflc disasm --syntax kernel`: each
// code section (the ones llvm-objdump -d shows) decoded as a slot stream (ld_imm64 = 2 slots), with raw
// bytes, fields, the llvm-objdump text and the verifier-log text of every instruction, and its labels.
// The llvm text here is per instruction; the byte-exact whole-file objdump layout (zero runs, data symbols,
// <unknown> byte steps) is llvm-objdump.ts. Kernel text of not-yet-loaded code uses relocations to say what
// the loader will put in: "r1 = map[.bss][0]+0", "call pc[sub]" for calls into another section.

import { err, ok, type Result } from '../result.ts';
import type { ElfFile, ElfRelocation, ElfSection } from '../elf/types.ts';
import { sectionData } from '../elf/read.ts';
import { decode } from '../isa/decode.ts';
import type { ByteOffset, InsnForm, SlotIndex } from '../isa/insn.ts';
import { CLASS_NAME, type BpfClass } from '../isa/opcode.ts';
import { llvmInsnText } from '../isa/print-llvm.ts';
import { kernelInsnText, type KernelInsn, type KernelSymbolizer } from '../isa/print-kernel.ts';
import { isDisassembledSection, sectionSymbols, type SectionSymbol } from './section-symbols.ts';
import type { DisasmError } from './llvm-objdump.ts';

export interface DisasmInsn {
  slot: SlotIndex;
  byteOffset: ByteOffset;
  /** The instruction's 8 (or 16 for ld_imm64) bytes, a view into the file. */
  bytes: Uint8Array;
  /** 16 hex digits per slot, in file byte order (the LifecycleResult `insns` convention), e.g. "b700000000000000". */
  hex: string;
  code: number;
  cls: BpfClass;
  dst: number;
  src: number;
  off: number;
  imm: number;
  hiImm?: number;
  form: InsnForm;
  /** What llvm-objdump -d prints after the bytes, e.g. "r1 = 0 ll" ("<unknown>" where LLVM 14 cannot decode). */
  llvm: string;
  /** The verifier-log text, e.g. "(18) r1 = map[.bss][0]+0". */
  kernel: string;
  /** All symbols (not STT_SECTION) at this byte offset, in objdump order; objdump prints the last one. */
  labels: string[];
  /** The relocation applied at this instruction, if any (e.g. R_BPF_64_64 against my_pid). */
  relocation?: { type: string; symbol: string };
}

export interface DisasmSection {
  index: number;
  name: string;
  size: number;
  insns: DisasmInsn[];
  /** objdump's sorted symbol list for this section (with its dummy section-name symbol when needed). */
  symbols: SectionSymbol[];
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hexOf = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX2[b[i] as number];
  return s;
};

/** Relocations applied to each section, by byte offset. */
function relocationsBySection(elf: ElfFile): Map<number, Map<number, ElfRelocation>> {
  const m = new Map<number, Map<number, ElfRelocation>>();
  for (const rs of elf.relocationSections) {
    let inner = m.get(rs.targetSectionIndex);
    if (!inner) m.set(rs.targetSectionIndex, (inner = new Map()));
    for (const r of rs.relocations) inner.set(Number(r.offset), r);
  }
  return m;
}

/**
 * A symbolizer for code that has not been loaded: names what each relocation will become, as libbpf
 * loads it (.maps symbols become maps, data sections become single-element array maps, functions in
 * another section are appended subprograms).
 */
export function objectSymbolizer(elf: ElfFile, section: ElfSection, relocs: Map<number, ElfRelocation> | undefined): KernelSymbolizer & { at(off: number): void } {
  let current: ElfRelocation | undefined;
  const sec = (i: number | undefined): ElfSection | undefined => (i === undefined ? undefined : elf.sections[i]);
  return {
    at(off: number) {
      current = relocs?.get(off);
    },
    imm(insn: KernelInsn) {
      const sym = current?.symbol;
      if (!sym) return undefined;
      const target = sec(sym.sectionIndex);
      if (!target) return `${sym.name}`; // extern (__ksym / __kconfig), resolved by the loader
      if (target.name === '.maps' || target.name === 'maps') return `map[${sym.name}]`;
      if ((target.flags & 0x4n) !== 0n) return `subprog[${sym.type === 3 ? target.name : sym.name}]`;
      const offset = Number(sym.value) + (sym.type === 3 ? insn.imm : 0);
      return `map[${target.name}][0]+${offset}`;
    },
    call(insn: KernelInsn) {
      const sym = current?.symbol;
      if (!sym || insn.src !== 1) return sym && insn.src !== 0 ? sym.name : undefined;
      if (sym.sectionIndex === section.index) {
        // libbpf: callee slot = symbol value / 8 + imm + 1; the kernel shows it relative to the next slot.
        const calleeSlot = Number(sym.value) / 8 + insn.imm + 1;
        const here = (current ? Number(current.offset) : 0) / 8;
        const rel = calleeSlot - (here + 1);
        return rel >= 0 ? `+${rel}` : `${rel}`;
      }
      // In another section (a .text subprogram libbpf will append): name the function the call lands on.
      const targetByte = Number(sym.value) + (insn.imm + 1) * 8;
      const fn = sym.type === 3 ? elf.symbols.find((s) => s.sectionIndex === sym.sectionIndex && s.type === 2 && Number(s.value) === targetByte) : sym;
      return `[${fn?.name ?? `${sec(sym.sectionIndex)?.name ?? sym.name}+${targetByte}`}]`;
    },
  };
}

/** Every code section of `elf`, instruction by instruction. */
export function disassembleObject(elf: ElfFile, opts: { symbolizer?: KernelSymbolizer } = {}): Result<DisasmSection[], DisasmError> {
  if (elf.header.machine !== 247) return err({ kind: 'disasm-error', message: `not an eBPF object (e_machine ${elf.header.machineName})` });
  const le = elf.header.littleEndian;
  const relocs = relocationsBySection(elf);
  const out: DisasmSection[] = [];
  for (const section of elf.sections) {
    if (!isDisassembledSection(section)) continue;
    const bytes = sectionData(elf, section);
    const symbols = sectionSymbols(elf, section);
    const labelsAt = new Map<number, string[]>();
    for (const s of symbols) {
      if (!s.real) continue;
      const l = labelsAt.get(s.addr);
      if (l) l.push(s.name);
      else labelsAt.set(s.addr, [s.name]);
    }
    const secRelocs = relocs.get(section.index);
    const objSym = objectSymbolizer(elf, section, secRelocs);
    const sym = opts.symbolizer ?? objSym;
    const insns: DisasmInsn[] = [];
    for (const insn of decode(bytes, { littleEndian: le })) {
      const at = insn.byteOffset as number;
      objSym.at(at);
      const raw = bytes.subarray(at, at + insn.slots * 8);
      const r = secRelocs?.get(at);
      const d: DisasmInsn = {
        slot: insn.slot,
        byteOffset: insn.byteOffset,
        bytes: raw,
        hex: hexOf(raw),
        code: insn.code,
        cls: CLASS_NAME[insn.code & 7] as BpfClass,
        dst: insn.dst,
        src: insn.src,
        off: insn.off,
        imm: insn.imm,
        form: insn.form,
        llvm: raw.length < 8 ? '<unknown>' : llvmInsnText(insn),
        kernel: raw.length < 8 ? `(${HEX2[insn.code]}) <truncated>` : kernelInsnText(insn, sym),
        labels: labelsAt.get(at) ?? [],
      };
      if (insn.hiImm !== undefined) d.hiImm = insn.hiImm;
      if (r) d.relocation = { type: r.typeName, symbol: r.symbol?.name ?? '' };
      insns.push(d);
    }
    out.push({ index: section.index, name: section.name, size: section.size, insns, symbols });
  }
  return ok(out);
}

/**
 * `bpflc disasm --syntax kernel`: every code section in the verifier-log syntax, one line per instruction
 * as bpftool prints xlated code ("%4d: " + text), with symbol labels.
 * e.g. "Disassembly of section tp/syscalls/sys_enter_write:\nhandle_tp:\n   0: (85) call bpf_get_current_pid_tgid#14"
 */
export function kernelListing(elf: ElfFile): Result<string, DisasmError> {
  const r = disassembleObject(elf);
  if (!r.ok) return r;
  const parts: string[] = [];
  for (const s of r.value) {
    parts.push(`${parts.length ? '\n' : ''}Disassembly of section ${s.name}:\n`);
    for (const i of s.insns) {
      for (const l of i.labels) parts.push(`${l}:\n`);
      parts.push(`${String(i.slot).padStart(4)}: ${i.kernel}\n`);
    }
  }
  return ok(parts.join(''));
}
