// The BTF record index: one walk over the type section that finds every record and checks what libbpf 1.1's
// btf__new() checks (header, string section, record sizes, name offsets inside the string section, type ids
// in range), into typed arrays, without an object per type. That is all `format raw` needs (print-raw.ts
// reads the records straight from the bytes) and what a type browser lists for vmlinux (126k types);
// decode.ts builds the whole type graph on top of it, and typeAt() decodes one type when it is asked for.
// The kernel's stricter checks (reference loops, decl_tag indices) are validate.ts's, run by decodeBtf().

import { BTF_HEADER_SIZE, BTF_TYPE_SIZE, infoKind, infoVlen, readBtfHeader, trailerSize } from './wire.ts';
import { BTF_KINDS, BTF_LIMITS, BTF_VERSION } from './kinds.ts';
import { makeStringTable, type BtfStringTable } from './strings.ts';
import type { BtfError, BtfHeader } from './types.ts';
import { err, ok, type Result } from '../result.ts';

export interface BtfIndex {
  header: BtfHeader;
  littleEndian: boolean;
  /** The whole blob (header included); record offsets count from its first byte. */
  bytes: Uint8Array;
  strings: BtfStringTable;
  /** Number of ids, void included: types are 1 .. count - 1. */
  count: number;
  /** Byte offset of record `id` in `bytes` (offsets[0] = -1: void has no record). */
  offsets: Int32Array;
  /** Wire kind number of each id (BTF_KINDS[kinds[id]]). */
  kinds: Uint8Array;
  /** vlen of each id (members, enumerators, parameters, vars; FUNC's linkage). */
  vlens: Uint16Array;
  nameOffs: Uint32Array;
  /** Every type reference as adjacency lists: the ids `id` refers to are refs[refStart[id] .. refStart[id + 1]). */
  refStart: Int32Array;
  refs: Int32Array;
}

const bad = (offset: number, message: string): BtfError => ({ kind: 'btf-error', offset, message });

/** Header checks in libbpf's order (btf_parse_hdr, btf_parse_str_sec) plus the kernel's version/flags. */
function checkHeader(h: BtfHeader, size: number): BtfError | undefined {
  if (h.version !== BTF_VERSION) return bad(2, `Unsupported BTF version ${h.version} (only version 1 exists).`);
  if (h.flags !== 0) return bad(3, `Unsupported BTF header flags 0x${h.flags.toString(16)} (must be 0).`);
  if (h.hdrLen < BTF_HEADER_SIZE) return bad(4, `hdr_len ${h.hdrLen} is smaller than the ${BTF_HEADER_SIZE}-byte btf_header.`);
  if (h.hdrLen > size) return bad(4, `hdr_len ${h.hdrLen} is larger than the whole BTF (${size} bytes): the blob is truncated.`);
  const metaLeft = size - h.hdrLen;
  if (h.strOff + h.strLen > metaLeft) {
    return bad(16, `String section (str_off ${h.strOff} + str_len ${h.strLen}) ends past the data (${metaLeft} bytes after the header): truncated BTF.`);
  }
  if (h.typeOff + h.typeLen > h.strOff) {
    return bad(8, `Type section (type_off ${h.typeOff} + type_len ${h.typeLen}) runs into the string section at str_off ${h.strOff}.`);
  }
  if (h.typeOff % 4 !== 0) return bad(8, `type_off ${h.typeOff} is not 4-byte aligned.`);
  return undefined;
}

function checkStrings(strs: Uint8Array, at: number): BtfError | undefined {
  if (strs.length === 0) return bad(at, 'The string section is empty; it must hold at least the empty string at offset 0.');
  if (strs.length - 1 > BTF_LIMITS.maxNameOffset) return bad(at, `The string section is ${strs.length} bytes, over the 16 MiB BTF limit.`);
  if (strs[strs.length - 1] !== 0) return bad(at + strs.length - 1, 'The string section does not end with a NUL byte (truncated or corrupt strings).');
  if (strs[0] !== 0) return bad(at, 'The string section must start with the empty string (a NUL at offset 0).');
  return undefined;
}

/** Records found by the first walk: where each starts, its kind, vlen and name (btf_parse_type_sec). */
interface Scan { count: number; offsets: Int32Array; kinds: Uint8Array; vlens: Uint16Array; nameOffs: Uint32Array }

function scan(view: DataView, le: boolean, start: number, end: number): Scan | BtfError {
  // A record is at least 12 bytes, which bounds the count (+1 for void).
  const max = Math.floor((end - start) / BTF_TYPE_SIZE) + 1;
  const offsets = new Int32Array(max);
  const kinds = new Uint8Array(max);
  const vlens = new Uint16Array(max);
  const nameOffs = new Uint32Array(max);
  offsets[0] = -1;
  let id = 1;
  for (let pos = start; pos < end; id++) {
    if (end - pos < BTF_TYPE_SIZE) {
      return bad(pos, `Type [${id}] is cut short: only ${end - pos} bytes remain in the type section, less than a 12-byte btf_type.`);
    }
    const info = view.getUint32(pos + 4, le);
    const kind = infoKind(info);
    const vlen = infoVlen(info);
    const tsz = trailerSize(kind, vlen);
    if (tsz < 0) return bad(pos + 4, `Type [${id}] has unknown kind ${kind} (known kinds are 1..${BTF_KINDS.length - 1}).`);
    if (pos + BTF_TYPE_SIZE + tsz > end) {
      return bad(pos, `Type [${id}] (${BTF_KINDS[kind]}, vlen ${vlen}) needs ${BTF_TYPE_SIZE + tsz} bytes but only ${end - pos} remain in the type section: truncated, or vlen is wrong.`);
    }
    if (id > BTF_LIMITS.maxType) return bad(pos, `More than ${BTF_LIMITS.maxType} types: over the kernel's BTF_MAX_TYPE.`);
    offsets[id] = pos;
    kinds[id] = kind;
    vlens[id] = vlen;
    nameOffs[id] = view.getUint32(pos, le);
    pos += BTF_TYPE_SIZE + tsz;
  }
  return { count: id, offsets: offsets.subarray(0, id), kinds: kinds.subarray(0, id), vlens: vlens.subarray(0, id), nameOffs: nameOffs.subarray(0, id) };
}

/**
 * Second walk: every name offset inside the string section and every type id in range (the first bad one,
 * in record order, is the error), collecting the references as adjacency lists on the way.
 */
function checkRecords(view: DataView, le: boolean, s: Scan, strLen: number, typeLen: number): { refStart: Int32Array; refs: Int32Array } | BtfError {
  const { count, offsets, kinds, vlens, nameOffs } = s;
  const refStart = new Int32Array(count + 1);
  // Every reference takes at least 4 bytes of the type section, so typeLen / 4 slots always suffice.
  const refs = new Int32Array((typeLen >>> 2) + 1);
  let len = 0;
  let error: BtfError | undefined;
  const name = (off: number, at: number, what: string, id: number): void => {
    if (off >= strLen && !error) error = bad(at, `${what} of type [${id}] has name offset ${off}, past the ${strLen}-byte string section.`);
  };
  const ref = (r: number, at: number, id: number): void => {
    refs[len++] = r;
    if (r >= count && !error) error = bad(at, `Type [${id}] (${BTF_KINDS[kinds[id]!]}) refers to type id ${r}, but the last type is [${count - 1}].`);
  };
  for (let id = 1; id < count && !error; id++) {
    const p = offsets[id]!;
    const t = p + BTF_TYPE_SIZE;
    const vlen = vlens[id]!;
    refStart[id] = len;
    if (nameOffs[id]! >= strLen) name(nameOffs[id]!, p, 'The name', id);
    switch (kinds[id]) {
      case 2: case 8: case 9: case 10: case 11: case 12: case 14: case 17: case 18: // one type id in size_type
        ref(view.getUint32(p + 8, le), p + 8, id);
        break;
      case 3: // ARRAY: elem type, index type
        ref(view.getUint32(t, le), t, id);
        ref(view.getUint32(t + 4, le), t + 4, id);
        break;
      case 4: case 5: // STRUCT, UNION: { name_off, type, offset }
        for (let i = 0, q = t; i < vlen; i++, q += 12) {
          ref(view.getUint32(q + 4, le), q + 4, id);
          const off = view.getUint32(q, le);
          if (off >= strLen) name(off, q, `Member ${i}`, id);
        }
        break;
      case 6: case 19: { // ENUM { name_off, val }, ENUM64 { name_off, lo, hi }
        const step = kinds[id] === 6 ? 8 : 12;
        for (let i = 0, q = t; i < vlen; i++, q += step) {
          const off = view.getUint32(q, le);
          if (off >= strLen) name(off, q, `Enumerator ${i}`, id);
        }
        break;
      }
      case 13: // FUNC_PROTO: return type, then { name_off, type } per parameter
        ref(view.getUint32(p + 8, le), p + 8, id);
        for (let i = 0, q = t; i < vlen; i++, q += 8) {
          ref(view.getUint32(q + 4, le), q + 4, id);
          const off = view.getUint32(q, le);
          if (off >= strLen) name(off, q, `Parameter ${i}`, id);
        }
        break;
      case 15: // DATASEC: { type, offset, size }
        for (let i = 0, q = t; i < vlen; i++, q += 12) ref(view.getUint32(q, le), q, id);
        break;
      default: // INT, FWD, FLOAT: no references
        break;
    }
  }
  if (error) return error;
  refStart[count] = len;
  return { refStart, refs: refs.subarray(0, len) };
}

/**
 * Indexes raw BTF (a `.BTF` section, or a whole /sys/kernel/btf/vmlinux) with libbpf's checks.
 * e.g. indexBtf(bytes) → { ok: true, value: { count: 126586, kinds: Uint8Array [0, 1, 2, ...], ... } }
 */
export function indexBtf(bytes: Uint8Array): Result<BtfIndex, BtfError> {
  const hr = readBtfHeader(bytes);
  if (!hr.ok) return hr;
  const { header: h, le } = hr.value;
  const he = checkHeader(h, bytes.length);
  if (he) return err(he);
  const strStart = h.hdrLen + h.strOff;
  const strBytes = bytes.subarray(strStart, strStart + h.strLen);
  const se = checkStrings(strBytes, strStart);
  if (se) return err(se);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const typeStart = h.hdrLen + h.typeOff;
  const s = scan(view, le, typeStart, typeStart + h.typeLen);
  if ('kind' in s) return err(s);
  const r = checkRecords(view, le, s, h.strLen, h.typeLen);
  if ('kind' in r) return err(r);
  return ok({ header: h, littleEndian: le, bytes, strings: makeStringTable(strBytes), ...s, ...r });
}
