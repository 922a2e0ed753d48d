// Explains one eBPF instruction field by field for the Bytecode inspector: the opcode byte split into its
// sub-fields (class/size/mode for loads and stores, class/source/op for ALU and jumps, as the kernel's ISA
// document lays them out), then dst, src, off and imm with what they mean for this kind of instruction.
// e.g. 0xb7 → "BPF_ALU64 | BPF_MOV | BPF_K"; imm 14 of a helper call → "helper id 14: bpf_get_current_pid_tgid"
import {
  ALU_OP_NAME, CALL_PSEUDO, CLASS_NAME, JMP_OP_NAME, LD_IMM64_PSEUDO, MODE_NAME, SIZE_BYTES, SIZE_NAME, classOf, helperName,
  modeOf, opOf, sizeOf, srcOf, type DisasmInsn,
} from '@bpflc/sim';

export interface OpcodePart {
  /** Which bits of the opcode byte, e.g. "2-0". */
  bits: string;
  field: 'class' | 'size' | 'mode' | 'source' | 'op';
  value: number;
  name: string;
  meaning: string;
}

export interface FieldNote {
  field: 'dst' | 'src' | 'off' | 'imm';
  value: string;
  meaning: string;
}

const CLASS_MEANING: Record<string, string> = {
  BPF_LD: 'wide or legacy load (ld_imm64, ld_abs, ld_ind)',
  BPF_LDX: 'load from memory into a register',
  BPF_ST: 'store an immediate to memory',
  BPF_STX: 'store a register to memory (or an atomic operation)',
  BPF_ALU: '32-bit arithmetic (upper half of dst zeroed)',
  BPF_JMP: '64-bit compare and jump, call, exit',
  BPF_JMP32: 'compare the lower 32 bits and jump',
  BPF_ALU64: '64-bit arithmetic',
};

const isLoadStore = (code: number): boolean => classOf(code) <= 3;

/** As the kernel writes opcodes: "BPF_ALU64 | BPF_MOV | BPF_K", "BPF_LDX | BPF_MEM | BPF_W", "BPF_JMP | BPF_CALL". */
export function opcodeName(code: number): string {
  const by = new Map(opcodeParts(code).map((p) => [p.field, p.name]));
  if (isLoadStore(code)) return [by.get('class'), by.get('mode'), by.get('size')].join(' | ');
  const op = by.get('op');
  const noSource = op === 'BPF_CALL' || op === 'BPF_EXIT' || op === 'BPF_JA';
  return [by.get('class'), op, ...(noSource ? [] : [by.get('source')])].join(' | ');
}

export function opcodeParts(code: number): OpcodePart[] {
  const cls = CLASS_NAME[classOf(code)] ?? '?';
  const parts: OpcodePart[] = [{ bits: '2-0', field: 'class', value: classOf(code), name: cls, meaning: CLASS_MEANING[cls] ?? '' }];
  if (isLoadStore(code)) {
    const size = SIZE_NAME[sizeOf(code)] ?? '?';
    const mode = MODE_NAME[modeOf(code)] ?? `mode 0x${modeOf(code).toString(16)}`;
    parts.push({ bits: '4-3', field: 'size', value: sizeOf(code), name: size, meaning: `${SIZE_BYTES[size as keyof typeof SIZE_BYTES] ?? '?'} byte access` });
    parts.push({ bits: '7-5', field: 'mode', value: modeOf(code), name: mode, meaning: MODE_MEANING[mode] ?? '' });
    return parts;
  }
  const isJmp = cls === 'BPF_JMP' || cls === 'BPF_JMP32';
  const op = (isJmp ? JMP_OP_NAME : ALU_OP_NAME)[opOf(code)] ?? `op 0x${opOf(code).toString(16)}`;
  const k = srcOf(code) === 0;
  const srcName = op === 'BPF_END' ? (k ? 'BPF_TO_LE' : 'BPF_TO_BE') : k ? 'BPF_K' : 'BPF_X';
  parts.push({ bits: '3', field: 'source', value: srcOf(code), name: srcName, meaning: op === 'BPF_END' ? 'byte order to convert to' : k ? 'operand is imm' : 'operand is the src register' });
  parts.push({ bits: '7-4', field: 'op', value: opOf(code), name: op, meaning: OP_MEANING[op] ?? '' });
  return parts;
}

const MODE_MEANING: Record<string, string> = {
  BPF_IMM: '64-bit immediate (ld_imm64, two slots)',
  BPF_ABS: 'legacy packet load at an absolute offset',
  BPF_IND: 'legacy packet load at a register offset',
  BPF_MEM: 'memory at register + off',
  BPF_MEMSX: 'sign-extending load at register + off',
  BPF_ATOMIC: 'atomic read-modify-write (operation in imm)',
};

const OP_MEANING: Record<string, string> = {
  BPF_ADD: 'dst += operand', BPF_SUB: 'dst -= operand', BPF_MUL: 'dst *= operand', BPF_DIV: 'dst /= operand',
  BPF_OR: 'dst |= operand', BPF_AND: 'dst &= operand', BPF_LSH: 'dst <<= operand', BPF_RSH: 'dst >>= operand (logical)',
  BPF_NEG: 'dst = -dst', BPF_MOD: 'dst %= operand', BPF_XOR: 'dst ^= operand', BPF_MOV: 'dst = operand',
  BPF_ARSH: 'dst >>= operand (arithmetic)', BPF_END: 'byte swap',
  BPF_JA: 'jump always', BPF_JEQ: 'jump if ==', BPF_JGT: 'jump if > (unsigned)', BPF_JGE: 'jump if >= (unsigned)',
  BPF_JSET: 'jump if dst & operand', BPF_JNE: 'jump if !=', BPF_JSGT: 'jump if > (signed)', BPF_JSGE: 'jump if >= (signed)',
  BPF_CALL: 'call a helper, kfunc or subprogram', BPF_EXIT: 'return r0', BPF_JLT: 'jump if < (unsigned)',
  BPF_JLE: 'jump if <= (unsigned)', BPF_JSLT: 'jump if < (signed)', BPF_JSLE: 'jump if <= (signed)', BPF_JCOND: 'may_goto',
};

const reg = (n: number) => `r${n}`;

/** What dst, src, off and imm mean for this instruction. */
export function fieldNotes(i: Omit<DisasmInsn, 'bytes'>): FieldNote[] {
  const f = i.form;
  const unused = 'unused (0)';
  const target = (off: number) => `jump offset in slots from the next instruction: target slot ${i.slot + 1 + off}`;
  const notes = (dst: string, src: string, off: string, imm: string): FieldNote[] => [
    { field: 'dst', value: reg(i.dst), meaning: dst },
    { field: 'src', value: reg(i.src), meaning: src },
    { field: 'off', value: String(i.off), meaning: off },
    { field: 'imm', value: String(i.imm), meaning: imm },
  ];
  switch (f.kind) {
    case 'alu':
      return notes('destination and first operand', f.source === 'reg' ? 'second operand' : unused, i.off === 0 ? unused : 'variant selector (sdiv/smod, movsx width)', f.source === 'imm' ? 'second operand (sign-extended)' : unused);
    case 'neg':
    case 'end':
      return notes('the register changed in place', unused, unused, f.kind === 'end' ? `width in bits: ${i.imm}` : unused);
    case 'ld_imm64': {
      const pseudo = (LD_IMM64_PSEUDO as Record<number, string>)[i.src] ?? 'unknown';
      const value = f.value;
      return notes(
        'receives the 64-bit value',
        i.src === 0 ? 'plain 64-bit constant (no pseudo source)' : `BPF_PSEUDO_${pseudo.toUpperCase()}: how the loader/kernel reads imm`,
        unused,
        `low 32 bits; the next slot's imm (${i.hiImm ?? 0}) is the high half → 0x${value.toString(16)}${i.relocation ? `, to be patched by ${i.relocation.type} (${i.relocation.symbol || 'section symbol'})` : ''}`,
      );
    }
    case 'ldx':
      return notes('receives the loaded value', 'base address register', 'byte offset added to the address', unused);
    case 'st':
      return notes('base address register', unused, 'byte offset added to the address', 'the value stored');
    case 'stx':
      return notes('base address register', 'the value stored', 'byte offset added to the address', unused);
    case 'atomic':
      return notes('base address register', f.fetch ? 'operand; receives the old value' : 'operand', 'byte offset added to the address', `atomic operation ${f.opName}${f.fetch ? ' | BPF_FETCH' : ''}`);
    case 'jmp':
      return notes('compared register', f.source === 'reg' ? 'compared against this register' : unused, target(i.off), f.source === 'imm' ? 'compared against this constant' : unused);
    case 'ja':
      return notes(unused, unused, f.long ? unused : target(i.off), f.long ? target(i.imm) : unused);
    case 'call': {
      const kind = (CALL_PSEUDO as Record<number, string>)[i.src] ?? 'unknown';
      const imm = kind === 'helper' ? `helper id ${i.imm}: ${helperName(i.imm)}` : kind === 'bpf2bpf' ? `callee offset in slots from the next instruction: slot ${i.slot + 1 + i.imm}` : kind === 'kfunc' ? 'BTF id of the kernel function' : '?';
      return notes(unused, `call kind ${i.src}: ${kind}`, unused, imm);
    }
    case 'exit':
      return notes(unused, unused, unused, unused);
    default:
      return notes('', '', '', '');
  }
}
