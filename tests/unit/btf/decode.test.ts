// decodeBtf on hand-built BTF: every kind's fields, both byte orders, and the reference checks.
import { describe, expect, it } from 'vitest';
import { decodeBtf, stringAt, wireRecords, type Btf } from '@bpflc/sim';
import { BtfBuilder } from '../../fixtures/btf/builder.ts';

function decode(bytes: Uint8Array): Btf {
  const r = decodeBtf(bytes);
  if (!r.ok) throw new Error(`${r.error.offset}: ${r.error.message}`);
  return r.value;
}

function sample(): BtfBuilder {
  const b = new BtfBuilder();
  const int = b.int('int', 4, 1); // 1
  const u8 = b.int('unsigned char', 1, 0); // 2
  const s = b.struct('event', 16, [['pid', int, 0], ['flags', u8, 32, 3], ['more', u8, 35, 5]]); // 3
  b.ptr(s); // 4
  b.array(u8, int, 16); // 5
  b.enum('color', 4, [['RED', 0], ['MINUS', -2]], true); // 6
  b.enum64('big', 8, [['HUGE', 0xfedcba9876543210n]]); // 7
  b.fwd('later', true); // 8
  const proto = b.proto(int, [['ctx', 4], ['', 0]]); // 9
  b.func('handle', proto, 1); // 10
  const v = b.var('counter', int, 1); // 11
  b.datasec('.bss', 4, [[v, 0, 4]]); // 12
  b.float('double', 8); // 13
  b.declTag('kfunc', 10, -1); // 14
  b.typeTag('user', int); // 15
  b.union('u', 4, [['a', int, 0], ['b', u8, 0]]); // 16
  b.typedef('u_t', 16); // 17
  b.const(17); // 18
  b.volatile(18); // 19
  b.restrict(4); // 20
  return b;
}

describe('decodeBtf', () => {
  it('decodes every kind with its trailer', () => {
    const btf = decode(sample().build());
    const t = btf.types;
    expect(t.length).toBe(21);
    expect(t[0]).toMatchObject({ id: 0, kind: 'BTF_KIND_UNKN' });
    expect(t[1]).toMatchObject({ kind: 'BTF_KIND_INT', name: 'int', size: 4, encoding: 1, nrBits: 32, bitsOffset: 0 });
    expect(t[3]).toMatchObject({ kind: 'BTF_KIND_STRUCT', name: 'event', size: 16, kindFlag: true });
    expect(t[3]!.kind === 'BTF_KIND_STRUCT' && t[3]!.members).toEqual([
      { name: 'pid', nameOff: expect.any(Number), type: 1, bitOffset: 0, bitfieldSize: 0 },
      { name: 'flags', nameOff: expect.any(Number), type: 2, bitOffset: 32, bitfieldSize: 3 },
      { name: 'more', nameOff: expect.any(Number), type: 2, bitOffset: 35, bitfieldSize: 5 },
    ]);
    expect(t[4]).toMatchObject({ kind: 'BTF_KIND_PTR', type: 3, name: '', nameOff: 0 });
    expect(t[5]).toMatchObject({ kind: 'BTF_KIND_ARRAY', type: 2, indexType: 1, nelems: 16 });
    expect(t[6]).toMatchObject({ kind: 'BTF_KIND_ENUM', signed: true, values: [{ name: 'RED', value: 0 }, { name: 'MINUS', value: -2 }] });
    expect(t[7]).toMatchObject({ kind: 'BTF_KIND_ENUM64', signed: false, values: [{ name: 'HUGE', value: 0xfedcba9876543210n }] });
    expect(t[8]).toMatchObject({ kind: 'BTF_KIND_FWD', fwdKind: 'union', name: 'later' });
    expect(t[9]).toMatchObject({ kind: 'BTF_KIND_FUNC_PROTO', returnType: 1, params: [{ name: 'ctx', type: 4 }, { name: '', type: 0 }] });
    expect(t[10]).toMatchObject({ kind: 'BTF_KIND_FUNC', name: 'handle', type: 9, linkage: 1 });
    expect(t[11]).toMatchObject({ kind: 'BTF_KIND_VAR', name: 'counter', type: 1, linkage: 1 });
    expect(t[12]).toMatchObject({ kind: 'BTF_KIND_DATASEC', name: '.bss', size: 4, vars: [{ type: 11, offset: 0, size: 4 }] });
    expect(t[13]).toMatchObject({ kind: 'BTF_KIND_FLOAT', size: 8 });
    expect(t[14]).toMatchObject({ kind: 'BTF_KIND_DECL_TAG', name: 'kfunc', type: 10, componentIdx: -1 });
    expect(t[15]).toMatchObject({ kind: 'BTF_KIND_TYPE_TAG', name: 'user', type: 1 });
    expect(t[16]).toMatchObject({ kind: 'BTF_KIND_UNION', kindFlag: false });
    expect(t.slice(17).map((x) => x.kind)).toEqual(['BTF_KIND_TYPEDEF', 'BTF_KIND_CONST', 'BTF_KIND_VOLATILE', 'BTF_KIND_RESTRICT']);
  });

  it('reads big-endian BTF into the same graph', () => {
    const le = decode(sample().build());
    const be = decode(sample().build({ bigEndian: true }));
    expect(le.littleEndian).toBe(true);
    expect(be.littleEndian).toBe(false);
    expect(be.types).toEqual(le.types);
  });

  it('keeps record offsets and lists wire records', () => {
    const btf = decode(sample().build());
    expect(btf.types[1]!.offset).toBe(24);
    expect(btf.types[2]!.offset).toBe(24 + 16);
    const recs = wireRecords(btf);
    expect(recs[2]).toEqual({ id: 3, offset: 56, kind: 4, vlen: 3, length: 12 + 36 });
    expect(recs.reduce((n, r) => n + r.length, 0)).toBe(btf.header.typeLen);
  });

  it('reads strings by offset', () => {
    const btf = decode(sample().build());
    expect(stringAt(btf.strings, 0)).toBe('');
    expect(stringAt(btf.strings, btf.types[1]!.nameOff)).toBe('int');
    expect(stringAt(btf.strings, 1 << 20)).toBeUndefined();
  });

  it('decodes non-ASCII names as UTF-8', () => {
    const b = new BtfBuilder();
    b.int('größe', 4, 1);
    expect(decode(b.build()).types[1]!.name).toBe('größe');
  });

  it('accepts a header longer than 24 bytes', () => {
    const b = new BtfBuilder();
    b.int('int', 4, 1);
    const plain = b.build();
    const typeLen = 16;
    const long = new Uint8Array(plain.length + 8);
    long.set(plain.subarray(0, 24));
    new DataView(long.buffer).setUint32(4, 32, true);
    long.set(plain.subarray(24), 32);
    const btf = decode(long);
    expect(btf.header.hdrLen).toBe(32);
    expect(btf.types[1]).toMatchObject({ name: 'int', offset: 32 });
    expect(btf.header.typeLen).toBe(typeLen);
  });

  it('accepts an empty type section', () => {
    const btf = decode(new BtfBuilder().build());
    expect(btf.types.length).toBe(1);
  });

  it('accepts legal loops: a struct that points to itself', () => {
    const b = new BtfBuilder();
    b.struct('list', 8, [['next', 2, 0]]); // 1
    b.ptr(1); // 2
    expect(decode(b.build()).types.length).toBe(3);
  });

  const bad = (bytes: Uint8Array) => {
    const r = decodeBtf(bytes);
    if (r.ok) throw new Error('expected an error');
    return r.error;
  };

  it('rejects refs out of range with the byte offset of the id', () => {
    const b = new BtfBuilder();
    b.int('int', 4, 1);
    b.proto(1, [['x', 1], ['y', 42]]);
    expect(bad(b.build())).toEqual({ kind: 'btf-error', offset: 24 + 16 + 12 + 8 + 4, message: expect.stringContaining('refers to type id 42') });
  });

  it('rejects loops through modifiers, and structs containing themselves', () => {
    const loop = new BtfBuilder();
    loop.typedef('a', 2);
    loop.const(3);
    loop.ptr(1);
    expect(bad(loop.build()).message).toMatch(/Type reference loop .*\[1\] TYPEDEF 'a' -> \[2\] CONST -> \[3\] PTR -> \[1\]/);
    const self = new BtfBuilder();
    self.struct('s', 4, [['x', 2, 0]]);
    self.typedef('s_t', 1);
    expect(bad(self.build()).message).toContain('contains itself by value');
  });

  it('rejects a decl_tag on a missing member', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    b.declTag('t', int, 0);
    expect(bad(b.build()).message).toContain('has no members or parameters');
  });

  it('never throws on short or random input', () => {
    for (let n = 0; n < 64; n++) {
      const r = decodeBtf(new Uint8Array(n).fill(0x9f));
      expect(r.ok).toBe(false);
    }
  });
});
