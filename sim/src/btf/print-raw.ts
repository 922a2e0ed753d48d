// `bpftool btf dump file X format raw`, byte for byte as bpftool 7.1.0 (Linux 6.1 tools/bpf/bpftool/btf.c)
// prints it: one line per type, then one tab-indented line per member/enumerator/parameter/var. Names are
// copied as raw bytes from the string section, as bpftool's printf("%s") does. Models the plain-text form
// only (not `-j` JSON), and a whole-file dump (not the `root_type_ids` of `btf dump map`). Records are read
// straight from the blob through the record index, so vmlinux prints without decoding 126k type objects.
// e.g. "[2] STRUCT 'event' size=16 vlen=2\n\t'pid' type_id=3 bits_offset=0\n"

import { ByteWriter, lit } from './byte-writer.ts';
import { BTF_KINDS, shortKindName } from './kinds.ts';
import type { BtfIndex } from './record-index.ts';
import { BTF_TYPE_SIZE, INT_BITS, INT_ENCODING, INT_OFFSET, MEMBER_BITFIELD_SIZE, MEMBER_BIT_OFFSET, infoKindFlag } from './wire.ts';
import type { Btf } from './types.ts';

function intEncoding(enc: number): string {
  switch (enc) {
    case 0: return '(none)';
    case 1: return 'SIGNED';
    case 2: return 'CHAR';
    case 4: return 'BOOL';
    default: return 'UNKN';
  }
}

const LINKAGE = ['static', 'global', 'extern'];
const SHORT_KIND = BTF_KINDS.map((k) => lit(shortKindName(k)));

/** 'name' with bpftool's quotes; offset 0 prints as '(anon)'. */
function quoted(w: ByteWriter, strs: Uint8Array, nameOff: number): void {
  w.byte(39);
  if (nameOff === 0) w.lit(L_ANON);
  else w.cstr(strs, nameOff);
  w.byte(39);
}

// The fixed words of the dump, encoded once.
const L_ANON = lit('(anon)');
const L_ID_END = lit('] ');
const L_SIZE = lit(' size=');
const L_BITS_OFFSET = lit(' bits_offset=');
const L_NR_BITS = lit(' nr_bits=');
const L_ENCODING = lit(' encoding=');
const L_TYPE_ID = lit(' type_id=');
const L_INDEX_TYPE_ID = lit(' index_type_id=');
const L_NR_ELEMS = lit(' nr_elems=');
const L_VLEN = lit(' vlen=');
const L_NT = lit('\n\t');
const L_BITFIELD_SIZE = lit(' bitfield_size=');
const L_VAL = lit(' val=');
const L_LINKAGE = lit(' linkage=');
const L_COMMA_LINKAGE = lit(', linkage=');
const L_RET_TYPE_ID = lit(' ret_type_id=');
const L_NT_TYPE_ID = lit('\n\ttype_id=');
const L_OFFSET = lit(' offset=');
const L_PAREN = lit(' (');
const L_COMPONENT_IDX = lit(' component_idx=');

// The lists after a record's first line, one function each: a big switch compiled as one function is
// thrown away and recompiled by V8 each time a kind appears that it had not yet seen (vmlinux has its first
// ENUM64 at id ~100k); small functions are optimized on their own feedback and stay optimized.

/** STRUCT/UNION members: "\n\t'name' type_id=T bits_offset=O[ bitfield_size=B]". */
function writeMembers(w: ByteWriter, strs: Uint8Array, v: DataView, le: boolean, t: number, vlen: number, kindFlag: boolean): void {
  for (let i = 0, q = t; i < vlen; i++, q += 12) {
    const off = v.getUint32(q + 8, le);
    w.lit(L_NT);
    quoted(w, strs, v.getUint32(q, le));
    w.lit(L_TYPE_ID); w.num(v.getUint32(q + 4, le));
    w.lit(L_BITS_OFFSET); w.num(kindFlag ? MEMBER_BIT_OFFSET(off) : off);
    const bits = kindFlag ? MEMBER_BITFIELD_SIZE(off) : 0;
    if (bits) { w.lit(L_BITFIELD_SIZE); w.num(bits); }
  }
}

/** ENUM values: "\n\t'name' val=V" (signed when kind_flag is set). */
function writeEnumValues(w: ByteWriter, strs: Uint8Array, v: DataView, le: boolean, t: number, vlen: number, kindFlag: boolean): void {
  for (let i = 0, q = t; i < vlen; i++, q += 8) {
    w.lit(L_NT);
    quoted(w, strs, v.getUint32(q, le));
    w.lit(L_VAL); w.num(kindFlag ? v.getInt32(q + 4, le) : v.getUint32(q + 4, le));
  }
}

/** ENUM64 values: "\n\t'name' val=VULL" (VLL when signed). */
function writeEnum64Values(w: ByteWriter, strs: Uint8Array, v: DataView, le: boolean, t: number, vlen: number, kindFlag: boolean): void {
  for (let i = 0, q = t; i < vlen; i++, q += 12) {
    const u = (BigInt(v.getUint32(q + 8, le)) << 32n) | BigInt(v.getUint32(q + 4, le));
    w.lit(L_NT);
    quoted(w, strs, v.getUint32(q, le));
    w.lit(L_VAL); w.ascii(String(kindFlag ? BigInt.asIntN(64, u) : u)); w.ascii(kindFlag ? 'LL' : 'ULL');
  }
}

/** FUNC_PROTO parameters: "\n\t'name' type_id=T". */
function writeParams(w: ByteWriter, strs: Uint8Array, v: DataView, le: boolean, t: number, vlen: number): void {
  for (let i = 0, q = t; i < vlen; i++, q += 8) {
    w.lit(L_NT);
    quoted(w, strs, v.getUint32(q, le));
    w.lit(L_TYPE_ID); w.num(v.getUint32(q + 4, le));
  }
}

/** DATASEC vars, each with its type's kind and name: "\n\ttype_id=T offset=O size=S (VAR 'name')". */
function writeDatasecVars(w: ByteWriter, ix: BtfIndex, v: DataView, t: number, vlen: number): void {
  const le = ix.littleEndian;
  for (let i = 0, q = t; i < vlen; i++, q += 12) {
    const type = v.getUint32(q, le);
    w.lit(L_NT_TYPE_ID); w.num(type);
    w.lit(L_OFFSET); w.num(v.getUint32(q + 4, le));
    w.lit(L_SIZE); w.num(v.getUint32(q + 8, le));
    w.lit(L_PAREN);
    w.lit(SHORT_KIND[ix.kinds[type]!]!);
    w.byte(32);
    quoted(w, ix.strings.bytes, ix.nameOffs[type]!);
    w.byte(41);
  }
}

/** One record, read straight from the blob (the index has checked its size, names and type ids). */
function writeRecord(w: ByteWriter, ix: BtfIndex, v: DataView, id: number): void {
  const le = ix.littleEndian;
  const strs = ix.strings.bytes;
  const p = ix.offsets[id]!;
  const kind = ix.kinds[id]!;
  const vlen = ix.vlens[id]!;
  const kindFlag = infoKindFlag(v.getUint32(p + 4, le));
  const sizeOrType = v.getUint32(p + 8, le);
  const t = p + BTF_TYPE_SIZE;
  w.byte(91); // '['
  w.num(id);
  w.lit(L_ID_END);
  w.lit(SHORT_KIND[kind]!);
  w.byte(32);
  quoted(w, strs, ix.nameOffs[id]!);
  switch (kind) {
    case 1: { // INT
      const enc = v.getUint32(t, le);
      w.lit(L_SIZE); w.num(sizeOrType);
      w.lit(L_BITS_OFFSET); w.num(INT_OFFSET(enc));
      w.lit(L_NR_BITS); w.num(INT_BITS(enc));
      w.lit(L_ENCODING); w.ascii(intEncoding(INT_ENCODING(enc)));
      break;
    }
    case 2: case 8: case 9: case 10: case 11: case 18: // PTR TYPEDEF VOLATILE CONST RESTRICT TYPE_TAG
      w.lit(L_TYPE_ID); w.num(sizeOrType);
      break;
    case 3: // ARRAY
      w.lit(L_TYPE_ID); w.num(v.getUint32(t, le));
      w.lit(L_INDEX_TYPE_ID); w.num(v.getUint32(t + 4, le));
      w.lit(L_NR_ELEMS); w.num(v.getUint32(t + 8, le));
      break;
    case 4: case 5: // STRUCT UNION
      w.lit(L_SIZE); w.num(sizeOrType);
      w.lit(L_VLEN); w.num(vlen);
      writeMembers(w, strs, v, le, t, vlen, kindFlag);
      break;
    case 6: // ENUM
      w.ascii(kindFlag ? ' encoding=SIGNED size=' : ' encoding=UNSIGNED size='); w.num(sizeOrType);
      w.lit(L_VLEN); w.num(vlen);
      writeEnumValues(w, strs, v, le, t, vlen, kindFlag);
      break;
    case 19: // ENUM64
      w.ascii(kindFlag ? ' encoding=SIGNED size=' : ' encoding=UNSIGNED size='); w.num(sizeOrType);
      w.lit(L_VLEN); w.num(vlen);
      writeEnum64Values(w, strs, v, le, t, vlen, kindFlag);
      break;
    case 7: // FWD
      w.ascii(kindFlag ? ' fwd_kind=union' : ' fwd_kind=struct');
      break;
    case 12: // FUNC
      w.lit(L_TYPE_ID); w.num(sizeOrType);
      w.lit(L_LINKAGE); w.ascii(LINKAGE[vlen] ?? '(unknown)');
      break;
    case 13: // FUNC_PROTO
      w.lit(L_RET_TYPE_ID); w.num(sizeOrType);
      w.lit(L_VLEN); w.num(vlen);
      writeParams(w, strs, v, le, t, vlen);
      break;
    case 14: // VAR
      w.lit(L_TYPE_ID); w.num(sizeOrType);
      w.lit(L_COMMA_LINKAGE); w.ascii(LINKAGE[v.getUint32(t, le)] ?? '(unknown)');
      break;
    case 15: // DATASEC: each var with its type's kind and name
      w.lit(L_SIZE); w.num(sizeOrType);
      w.lit(L_VLEN); w.num(vlen);
      writeDatasecVars(w, ix, v, t, vlen);
      break;
    case 16: // FLOAT
      w.lit(L_SIZE); w.num(sizeOrType);
      break;
    case 17: // DECL_TAG
      w.lit(L_TYPE_ID); w.num(sizeOrType);
      w.lit(L_COMPONENT_IDX); w.num(v.getInt32(t, le));
      break;
    default:
      break;
  }
  w.byte(10);
}

/** The whole `format raw` dump as bytes (what the CLI writes): every type from id 1 on, from an index or a decoded graph. */
export function formatBtfRawBytes(src: BtfIndex | Btf): Uint8Array {
  const ix = 'index' in src ? src.index : src;
  const v = new DataView(ix.bytes.buffer, ix.bytes.byteOffset, ix.bytes.byteLength);
  // vmlinux prints ~96 bytes per type: one allocation in the common case.
  const w = new ByteWriter(Math.max(1 << 12, ix.count * 100));
  for (let id = 1; id < ix.count; id++) writeRecord(w, ix, v, id);
  return w.bytes();
}

const utf8 = new TextDecoder('utf-8');

/** The whole `format raw` dump as text. */
export function formatBtfRaw(src: BtfIndex | Btf): string {
  return utf8.decode(formatBtfRawBytes(src));
}

/** One type as bpftool prints it, newline included. e.g. "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n" */
export function formatRawRecord(ix: BtfIndex, id: number): string {
  if (!Number.isInteger(id) || id <= 0 || id >= ix.count) return '';
  const w = new ByteWriter(256);
  writeRecord(w, ix, new DataView(ix.bytes.buffer, ix.bytes.byteOffset, ix.bytes.byteLength), id);
  return utf8.decode(w.bytes());
}
