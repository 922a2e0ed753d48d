import { describe, expect, it } from 'vitest';
import { decode, readFields } from '../../../sim/src/isa/decode.ts';
import { byteOffsetToSlot, byteOffset, slotToByteOffset, slotIndex } from '../../../sim/src/isa/insn.ts';

const hex = (s: string): Uint8Array => new Uint8Array(s.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));

describe('decode', () => {
  it('reads the fields of one slot (little-endian)', () => {
    expect(readFields(hex('7b 1a f8 ff 00 00 00 00'), 0, true)).toEqual({ code: 0x7b, dst: 10, src: 1, off: -8, imm: 0 });
    expect(readFields(hex('07 01 00 00 f8 ff ff ff'), 0, true)).toEqual({ code: 0x07, dst: 1, src: 0, off: 0, imm: -8 });
  });
  it('reads big-endian slots: dst in the high nibble, off and imm big-endian', () => {
    expect(readFields(hex('7b a1 ff f8 00 00 00 00'), 0, false)).toEqual({ code: 0x7b, dst: 10, src: 1, off: -8, imm: 0 });
  });
  it('ld_imm64 takes two slots; slots and byte offsets stay distinct', () => {
    const insns = decode(hex('85 00 00 00 0e 00 00 00  18 01 00 00 88 77 66 55 00 00 00 00 44 33 22 11  95 00 00 00 00 00 00 00'));
    expect(insns.map((i) => [i.slot, i.byteOffset, i.slots, i.form.kind])).toEqual([
      [0, 0, 1, 'call'],
      [1, 8, 2, 'ld_imm64'],
      [3, 24, 1, 'exit'],
    ]);
    expect(insns[1]!.form).toEqual({ kind: 'ld_imm64', pseudo: 'imm', value: 0x1122334455667788n });
    expect(slotToByteOffset(slotIndex(3))).toBe(24);
    expect(byteOffsetToSlot(byteOffset(0x14))).toBe(2);
  });
  it('classifies every class and the v4 forms', () => {
    const f = (s: string) => decode(hex(s))[0]!.form;
    expect(f('bf 21 00 00 00 00 00 00')).toEqual({ kind: 'alu', width: 64, op: 'mov', source: 'reg' });
    expect(f('bc 21 08 00 00 00 00 00')).toEqual({ kind: 'alu', width: 32, op: 'movsx', source: 'reg', extendBits: 8 });
    expect(f('3f 21 01 00 00 00 00 00')).toEqual({ kind: 'alu', width: 64, op: 'sdiv', source: 'reg' });
    expect(f('97 01 01 00 05 00 00 00')).toEqual({ kind: 'alu', width: 64, op: 'smod', source: 'imm' });
    expect(f('d7 01 00 00 20 00 00 00')).toEqual({ kind: 'end', op: 'bswap', bits: 32 });
    expect(f('dc 01 00 00 10 00 00 00')).toEqual({ kind: 'end', op: 'be', bits: 16 });
    expect(f('81 21 fc ff 00 00 00 00')).toEqual({ kind: 'ldx', size: 'BPF_W', signExtend: true });
    expect(f('62 0a fc ff 05 00 00 00')).toEqual({ kind: 'st', size: 'BPF_W' });
    expect(f('06 00 00 00 05 00 00 00')).toEqual({ kind: 'ja', long: true });
    expect(f('e5 00 03 00 00 00 00 00')).toEqual({ kind: 'may_goto' });
    expect(f('85 10 00 00 ff ff ff ff')).toEqual({ kind: 'call', call: 'bpf2bpf' });
    expect(f('85 20 00 00 d2 04 00 00')).toEqual({ kind: 'call', call: 'kfunc' });
    expect(f('20 00 00 00 0c 00 00 00')).toEqual({ kind: 'ld_abs', size: 'BPF_W' });
    expect(f('c3 21 00 00 e1 00 00 00')).toMatchObject({ kind: 'atomic', size: 'BPF_W', op: 'xchg', fetch: true });
    expect(f('db 21 00 00 51 00 00 00')).toMatchObject({ kind: 'atomic', size: 'BPF_DW', op: 'and', fetch: true });
    expect(f('db 21 00 00 f1 00 00 00')).toMatchObject({ kind: 'atomic', op: 'cmpxchg' });
    expect(f('db 21 00 00 f0 00 00 00').kind).toBe('invalid');
    expect(f('ff 00 00 00 00 00 00 00').kind).toBe('invalid');
    expect(f('d4 01 00 00 11 00 00 00').kind).toBe('invalid');
  });
  it('reports a missing ld_imm64 half and a trailing partial slot as invalid, not an exception', () => {
    expect(decode(hex('18 01 00 00 07 00 00 00')).map((i) => i.form.kind)).toEqual(['invalid']);
    const t = decode(hex('95 00 00 00 00 00 00 00 95 00'));
    expect(t.map((i) => [i.slot, i.form.kind])).toEqual([[0, 'exit'], [1, 'invalid']]);
  });
});
