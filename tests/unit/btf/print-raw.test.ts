// The `format raw` printer line by line on hand-built BTF (the format of bpftool 7.1.0's dump_btf_type).
import { describe, expect, it } from 'vitest';
import { decodeBtf, formatBtfRaw, formatRawRecord } from '@bpflc/sim';
import { alignOf, guessPointerSize, isStructPacked, resolveSize } from '../../../sim/src/btf/c-dump/layout.ts';
import { BtfBuilder } from '../../fixtures/btf/builder.ts';

function build() {
  const b = new BtfBuilder();
  const int = b.int('int', 4, 1); // 1
  b.int('weird', 2, 3, 12, 4); // 2: SIGNED|CHAR prints UNKN
  const s = b.struct('s', 8, [['a', int, 0], ['', int, 32, 5]]); // 3
  b.enum64('e', 8, [['NEG', -1n]], true); // 4
  b.enum64('u', 8, [['BIG', 1n << 63n]]); // 5
  const v = b.var('g', s, 2); // 6
  b.datasec('.data', 8, [[v, 0, 8], [0, 8, 0]]); // 7
  b.func('f', b.proto(int, [['x', int], ['', 0]]), 9); // 8 proto, 9 func
  b.fwd('later', true); // 10
  b.declTag('tag', s, 1); // 11
  const d = decodeBtf(b.build());
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
}

describe('formatBtfRaw', () => {
  const btf = build();
  it('prints each kind as bpftool does', () => {
    expect(formatBtfRaw(btf).split('\n')).toEqual([
      "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED",
      "[2] INT 'weird' size=2 bits_offset=4 nr_bits=12 encoding=UNKN",
      "[3] STRUCT 's' size=8 vlen=2",
      "\t'a' type_id=1 bits_offset=0",
      "\t'(anon)' type_id=1 bits_offset=32 bitfield_size=5",
      "[4] ENUM64 'e' encoding=SIGNED size=8 vlen=1",
      "\t'NEG' val=-1LL",
      "[5] ENUM64 'u' encoding=UNSIGNED size=8 vlen=1",
      "\t'BIG' val=9223372036854775808ULL",
      "[6] VAR 'g' type_id=3, linkage=extern",
      "[7] DATASEC '.data' size=8 vlen=2",
      "\ttype_id=6 offset=0 size=8 (VAR 'g')",
      "\ttype_id=0 offset=8 size=0 (UNKNOWN '(anon)')",
      "[8] FUNC_PROTO '(anon)' ret_type_id=1 vlen=2",
      "\t'x' type_id=1",
      "\t'(anon)' type_id=0",
      "[9] FUNC 'f' type_id=8 linkage=(unknown)",
      "[10] FWD 'later' fwd_kind=union",
      "[11] DECL_TAG 'tag' type_id=3 component_idx=1",
      '',
    ]);
  });

  it('prints one type', () => {
    expect(formatRawRecord(btf.index, 10)).toBe("[10] FWD 'later' fwd_kind=union\n");
  });
});

describe('layout helpers (libbpf btf__resolve_size / btf__align_of)', () => {
  const b = new BtfBuilder();
  const char = b.int('char', 1, 1); // 1
  const long = b.int('long int', 4, 1); // 2: a 4-byte long → 32-bit pointers
  const arr = b.array(long, long, 3); // 3
  const pk = b.struct('pk', 5, [['c', char, 0], ['l', long, 8]]); // 4
  b.typedef('pk_t', b.const(pk)); // 5 const, 6 typedef
  b.fwd('opaque'); // 7
  const d = decodeBtf(b.build());
  if (!d.ok) throw new Error(d.error.message);
  const btf = d.value;
  it('sizes through arrays, typedefs and modifiers; FWD has no size', () => {
    expect(resolveSize(btf, 8, arr)).toBe(12);
    expect(resolveSize(btf, 8, 6)).toBe(5);
    expect(resolveSize(btf, 8, 7)).toBe(-22);
  });
  it('sees packing through misaligned fields', () => {
    expect(alignOf(btf, 8, pk)).toBe(1);
    expect(isStructPacked(btf, 8, btf.types[pk] as never)).toBe(true);
    expect(alignOf(btf, 8, arr)).toBe(4);
  });
  it('guesses the pointer size from `long`', () => {
    expect(guessPointerSize(btf)).toBe(4);
  });
});
