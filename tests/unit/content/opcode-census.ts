// What a set of eBPF objects contains, instruction by instruction: the features the C test programs must
// make clang produce. Decodes only the opcode byte, the register nibbles, off and imm of each 8-byte slot
// (the second slot of a ld_imm64 is skipped), plus the relocations that say what a ld_imm64 refers to.
//   slot: | opcode (8) | src (4) dst (4) | off (16, LE) | imm (32, LE) |
import { isExecutableSection, sectionByName, sectionData, type ElfFile } from '../../../sim/src/elf/index.ts';

const CLASS = { LD: 0x00, LDX: 0x01, ST: 0x02, STX: 0x03, ALU: 0x04, JMP: 0x05, JMP32: 0x06, ALU64: 0x07 } as const;

const ALU_OPS = { add: 0x00, sub: 0x10, mul: 0x20, div: 0x30, or: 0x40, and: 0x50, lsh: 0x60, rsh: 0x70, neg: 0x80, mod: 0x90, xor: 0xa0, mov: 0xb0, arsh: 0xc0 } as const;
const JMP_OPS = { jeq: 0x10, jgt: 0x20, jge: 0x30, jset: 0x40, jne: 0x50, jsgt: 0x60, jsge: 0x70, jlt: 0xa0, jle: 0xb0, jslt: 0xc0, jsle: 0xd0 } as const;
const SIZES = { w: 0x00, h: 0x08, b: 0x10, dw: 0x18 } as const;
const ATOMIC_IMMS = { add: 0x00, fetch_add: 0x01, or: 0x40, fetch_or: 0x41, and: 0x50, fetch_and: 0x51, xor: 0xa0, fetch_xor: 0xa1, xchg: 0xe1, cmpxchg: 0xf1 } as const;

/** Every feature name the census can report, e.g. "alu64.add.imm", "jmp32.jsle.reg", "atomic32.cmpxchg". */
export function allFeatures(): string[] {
  const out: string[] = [];
  for (const cls of ['alu64', 'alu32']) {
    for (const op of Object.keys(ALU_OPS)) {
      if (op === 'neg') out.push(`${cls}.neg`);
      else out.push(`${cls}.${op}.imm`, `${cls}.${op}.reg`);
    }
  }
  for (const w of [16, 32, 64]) out.push(`end.be${w}`, `end.le${w}`);
  for (const cls of ['jmp', 'jmp32']) for (const op of Object.keys(JMP_OPS)) out.push(`${cls}.${op}.imm`, `${cls}.${op}.reg`);
  out.push('jmp.ja', 'jmp.backward', 'call.helper', 'call.bpf2bpf', 'exit', 'call.tail_call');
  for (const s of Object.keys(SIZES)) out.push(`ldx.${s}`, `stx.${s}`, `st.${s}`);
  for (const s of ['w', 'h', 'b']) out.push(`ld_abs.${s}`, `ld_ind.${s}`);
  for (const bits of [32, 64]) for (const a of Object.keys(ATOMIC_IMMS)) out.push(`atomic${bits}.${a}`);
  out.push('ld_imm64.const64', 'ld_imm64.map.maps', 'ld_imm64.map..maps', 'ld_imm64.value..data', 'ld_imm64.value..rodata',
    'ld_imm64.value..bss', 'ld_imm64.func', 'stack.near512');
  return out;
}

const key = <T extends Record<string, number>>(table: T, v: number): keyof T | undefined =>
  (Object.keys(table) as (keyof T)[]).find((k) => table[k] === v);

/** Adds the features found in one object to `seen` (feature → first "object:section+insn" seen). */
export function censusObject(elf: ElfFile, label: string, seen: Map<string, string>): void {
  const mark = (feature: string, where: string): void => {
    if (!seen.has(feature)) seen.set(feature, `${label}:${where}`);
  };
  elf.sections.forEach((sec) => {
    if (!isExecutableSection(sec)) return;
    const code = sectionData(elf, sec);
    const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
    const relocs = elf.relocationSections.find((r) => r.targetSectionIndex === sec.index)?.relocations ?? [];
    for (let i = 0; i + 8 <= code.length; i += 8) {
      const op = code[i] ?? 0;
      const regs = code[i + 1] ?? 0;
      const src = regs >> 4;
      const dst = regs & 0xf;
      const off = view.getInt16(i + 2, true);
      const imm = view.getInt32(i + 4, true);
      const at = `${sec.name}+${i / 8}`;
      const cls = op & 0x07;
      if (cls === CLASS.ALU || cls === CLASS.ALU64) {
        const bits = cls === CLASS.ALU64 ? 'alu64' : 'alu32';
        const code4 = op & 0xf0;
        if (code4 === 0xd0 && cls === CLASS.ALU) mark(`end.${op & 0x08 ? 'be' : 'le'}${imm}`, at);
        const name = key(ALU_OPS, code4);
        if (name === 'neg') mark(`${bits}.neg`, at);
        else if (name) mark(`${bits}.${name}.${op & 0x08 ? 'reg' : 'imm'}`, at);
      } else if (cls === CLASS.JMP || cls === CLASS.JMP32) {
        const code4 = op & 0xf0;
        const jname = key(JMP_OPS, code4);
        if (jname) mark(`${cls === CLASS.JMP ? 'jmp' : 'jmp32'}.${jname}.${op & 0x08 ? 'reg' : 'imm'}`, at);
        if (op === 0x05) mark('jmp.ja', at);
        if ((jname || op === 0x05) && off < 0) mark('jmp.backward', at);
        if (op === 0x85) {
          if (src === 1) mark('call.bpf2bpf', at);
          else mark('call.helper', at);
          if (src === 0 && imm === 12) mark('call.tail_call', at);
        }
        if (op === 0x95) mark('exit', at);
      } else if (cls === CLASS.LDX || cls === CLASS.STX || cls === CLASS.ST) {
        const size = key(SIZES, op & 0x18);
        const mode = op & 0xe0;
        if (mode === 0x60 && size) {
          mark(`${cls === CLASS.LDX ? 'ldx' : cls === CLASS.STX ? 'stx' : 'st'}.${size}`, at);
          const base = cls === CLASS.LDX ? src : dst;
          if (base === 10 && off <= -500) mark('stack.near512', at);
        }
        if (mode === 0xc0 && cls === CLASS.STX) {
          const a = key(ATOMIC_IMMS, imm);
          if (a) mark(`atomic${(op & 0x18) === 0x18 ? 64 : 32}.${a}`, at);
        }
      } else if (cls === CLASS.LD) {
        const mode = op & 0xe0;
        const size = key(SIZES, op & 0x18);
        if (mode === 0x20 && size) mark(`ld_abs.${size}`, at);
        if (mode === 0x40 && size) mark(`ld_ind.${size}`, at);
        if (op === 0x18) {
          const hi = view.getInt32(i + 12, true);
          const rel = relocs.find((r) => r.offset === BigInt(i));
          const target = rel?.symbol?.sectionName;
          if (!rel && imm !== 0 && hi !== 0) mark('ld_imm64.const64', at);
          if (target === 'maps' || target === '.maps') mark(`ld_imm64.map.${target}`, at);
          if (target === '.data' || target === '.rodata' || target === '.bss') mark(`ld_imm64.value.${target}`, at);
          const targetSection = target === undefined ? undefined : sectionByName(elf, target);
          // A callback's address (bpf_loop): in the object only the relocation against code says so;
          // libbpf sets src_reg = BPF_PSEUDO_FUNC (4) when it relocates it.
          if (targetSection && isExecutableSection(targetSection)) mark('ld_imm64.func', at);
          i += 8; // the second half of the 16-byte instruction
        }
      }
    }
  });
}
