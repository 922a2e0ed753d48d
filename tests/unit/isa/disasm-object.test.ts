// Object-level disassembly records (the app's per-instruction view) and the kernel-syntax listing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readElf } from '../../../sim/src/elf/index.ts';
import { disassembleObject, kernelListing } from '../../../sim/src/disasm/object.ts';
import { sectionSymbols } from '../../../sim/src/disasm/section-symbols.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const load = (p: string) => {
  const e = readElf(new Uint8Array(readFileSync(ROOT + p)));
  if (!e.ok) throw new Error(e.error.message);
  return e.value;
};

describe('disassembleObject', () => {
  it('gives slot, byte offset, bytes, fields, both texts, labels and relocations', () => {
    const r = disassembleObject(load('content/examples/minimal/build/minimal.bpf.o'));
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value.find((x) => x.name === 'tp/syscalls/sys_enter_write')!;
    expect(s.insns[0]).toMatchObject({ slot: 0, byteOffset: 0, hex: '850000000e000000', code: 0x85, cls: 'BPF_JMP', imm: 14, llvm: 'call 14', kernel: '(85) call bpf_get_current_pid_tgid#14', labels: ['handle_tp'] });
    const ld = s.insns[2]!;
    expect([ld.slot, ld.byteOffset, ld.bytes.length, ld.llvm, ld.kernel]).toEqual([2, 16, 16, 'r1 = 0 ll', '(18) r1 = map[.bss][0]+0']);
    expect(ld.relocation).toEqual({ type: 'R_BPF_64_64', symbol: 'my_pid' });
    expect(s.insns.map((i) => i.slot)).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12]);
    expect(s.insns.find((i) => i.slot === 11)?.labels).toEqual(['LBB0_2']);
  });
  it('names a call into .text after the function it lands on', () => {
    const text = kernelListing(load('content/examples/subprog-loop/build/subprog_loop.bpf.o'));
    expect(text.ok && text.value).toContain('  18: (85) call pc[fnv1a_step]\n');
  });
  it('orders symbols as objdump does and invents the section label', () => {
    const elf = load('tests/programs/build/asm-layout.o');
    const sec = (n: string) => elf.sections.find((s) => s.name === n)!;
    expect(sectionSymbols(elf, sec('aliases')).slice(0, 3).map((s) => s.name)).toEqual(['alpha', 'beta', 'zeta']);
    expect(sectionSymbols(elf, sec('no_symbol_at_zero'))).toEqual([{ addr: 0, name: 'no_symbol_at_zero', type: 2, real: false }]);
  });
  it('decodes big-endian objects to the same fields', () => {
    const r = disassembleObject(load('tests/programs/build/asm-bpfeb.o'));
    if (!r.ok) throw new Error(r.error.message);
    const i = r.value[0]!.insns;
    expect(i[1]).toMatchObject({ code: 0x18, dst: 1, src: 0, hiImm: 0x12345678, llvm: 'r1 = 1311768467463790320 ll', kernel: '(18) r1 = 0x123456789abcdef0' });
    expect(i.find((x) => x.code === 0x07)?.kernel).toBe('(07) r1 += -8');
  });
});
