// Raw BTF bytes → the type graph (types.ts). Models what libbpf 1.1's btf__new() accepts (header layout,
// string section rules, record sizes, both byte orders) plus the reference checks the kernel's BTF
// verifier (kernel/bpf/btf.c, Linux 6.1) makes and libbpf does not: names inside the string section,
// type ids in range, no reference loops. Malformed input is an error value with a byte offset, never a
// throw. Left out: split BTF (a base + module BTF) and the kernel's per-kind size/alignment rules.

import { BTF_HEADER_SIZE, BTF_TYPE_SIZE, INT_BITS, INT_ENCODING, INT_OFFSET, MEMBER_BITFIELD_SIZE,
  MEMBER_BIT_OFFSET, infoKind, infoKindFlag, infoVlen, readBtfHeader, trailerSize, type WireRecord } from './wire.ts';
import { BTF_KINDS, BTF_LIMITS, BTF_VERSION } from './kinds.ts';
import { makeStringTable, stringAt, type BtfStringTable } from './strings.ts';
import type { Btf, BtfEnum64Value, BtfEnumValue, BtfError, BtfHeader, BtfMember, BtfParam, BtfType, BtfVarSecinfo } from './types.ts';
import { checkReferences, type RefGraph } from './validate.ts';
import { err, ok, type Result } from '../result.ts';

const fail = (offset: number, message: string): Result<never, BtfError> => err({ kind: 'btf-error', offset, message });

/** Header checks in libbpf's order (btf_parse_hdr, btf_parse_str_sec) plus the kernel's version/flags. */
function checkHeader(h: BtfHeader, size: number): BtfError | undefined {
  const e = (offset: number, message: string): BtfError => ({ kind: 'btf-error', offset, message });
  if (h.version !== BTF_VERSION) return e(2, `Unsupported BTF version ${h.version} (only version 1 exists).`);
  if (h.flags !== 0) return e(3, `Unsupported BTF header flags 0x${h.flags.toString(16)} (must be 0).`);
  if (h.hdrLen < BTF_HEADER_SIZE) return e(4, `hdr_len ${h.hdrLen} is smaller than the ${BTF_HEADER_SIZE}-byte btf_header.`);
  if (h.hdrLen > size) return e(4, `hdr_len ${h.hdrLen} is larger than the whole BTF (${size} bytes): the blob is truncated.`);
  const metaLeft = size - h.hdrLen;
  if (h.strOff + h.strLen > metaLeft) {
    return e(16, `String section (str_off ${h.strOff} + str_len ${h.strLen}) ends past the data (${metaLeft} bytes after the header): truncated BTF.`);
  }
  if (h.typeOff + h.typeLen > h.strOff) {
    return e(8, `Type section (type_off ${h.typeOff} + type_len ${h.typeLen}) runs into the string section at str_off ${h.strOff}.`);
  }
  if (h.typeOff % 4 !== 0) return e(8, `type_off ${h.typeOff} is not 4-byte aligned.`);
  return undefined;
}

function checkStrings(strs: Uint8Array, at: number): BtfError | undefined {
  if (strs.length === 0) return { kind: 'btf-error', offset: at, message: 'The string section is empty; it must hold at least the empty string at offset 0.' };
  if (strs.length - 1 > BTF_LIMITS.maxNameOffset) return { kind: 'btf-error', offset: at, message: `The string section is ${strs.length} bytes, over the 16 MiB BTF limit.` };
  if (strs[strs.length - 1] !== 0) return { kind: 'btf-error', offset: at + strs.length - 1, message: 'The string section does not end with a NUL byte (truncated or corrupt strings).' };
  if (strs[0] !== 0) return { kind: 'btf-error', offset: at, message: 'The string section must start with the empty string (a NUL at offset 0).' };
  return undefined;
}

/** Walks the type section once to find where every record starts (btf_parse_type_sec); offsets[id - 1]. */
export function scanRecords(bytes: Uint8Array, le: boolean, start: number, end: number): Result<Int32Array, BtfError> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A record is at least 12 bytes, which bounds the count.
  const offsets = new Int32Array(Math.floor((end - start) / BTF_TYPE_SIZE) + 1);
  let count = 0;
  let pos = start;
  while (pos < end) {
    const id = count + 1;
    if (end - pos < BTF_TYPE_SIZE) {
      return fail(pos, `Type [${id}] is cut short: only ${end - pos} bytes remain in the type section, less than a 12-byte btf_type.`);
    }
    const info = view.getUint32(pos + 4, le);
    const kind = infoKind(info);
    const vlen = infoVlen(info);
    const tsz = trailerSize(kind, vlen);
    if (tsz < 0) return fail(pos + 4, `Type [${id}] has unknown kind ${kind} (known kinds are 1..${BTF_KINDS.length - 1}).`);
    if (pos + BTF_TYPE_SIZE + tsz > end) {
      return fail(pos, `Type [${id}] (${BTF_KINDS[kind]}, vlen ${vlen}) needs ${BTF_TYPE_SIZE + tsz} bytes but only ${end - pos} remain in the type section: truncated, or vlen is wrong.`);
    }
    if (id > BTF_LIMITS.maxType) return fail(pos, `More than ${BTF_LIMITS.maxType} types: over the kernel's BTF_MAX_TYPE.`);
    offsets[count++] = pos;
    pos += BTF_TYPE_SIZE + tsz;
  }
  return ok(offsets.subarray(0, count));
}

/**
 * Name lookups during one decode: checks offsets against the string section (first bad one becomes the
 * error) and reuses the string of an offset already seen (BTF strings are deduplicated: vmlinux has 228k
 * name references to 124k distinct names, so this halves the strings allocated).
 */
interface NameCheck { strLen: number; bad: BtfError | undefined; seen: Int32Array; names: string[] }

/** Collects every type reference while decoding (the graph validate.ts walks) and checks its range. */
function addRef(g: RefGraph, chk: NameCheck, ref: number, at: number, id: number): void {
  g.refs[g.len++] = ref;
  if (ref >= g.n && !chk.bad) {
    chk.bad = { kind: 'btf-error', offset: at, message: `Type [${id}] (${BTF_KINDS[g.kindOf[id]!]}) refers to type id ${ref}, but the last type is [${g.n - 1}].` };
  }
}

function nameAt(strs: BtfStringTable, chk: NameCheck, off: number, at: number, what: string, id: number): string {
  if (off === 0) return '';
  if (off < chk.strLen) {
    const k = chk.seen[off]!;
    if (k) return chk.names[k - 1]!;
    const name = stringAt(strs, off)!;
    chk.names.push(name);
    chk.seen[off] = chk.names.length;
    return name;
  }
  if (!chk.bad) chk.bad = { kind: 'btf-error', offset: at, message: `${what} of type [${id}] has name offset ${off}, past the ${chk.strLen}-byte string section.` };
  return '';
}

/** Decodes one record into its graph node, checking its name offsets and collecting (and range-checking) its type refs. */
function decodeRecord(v: DataView, le: boolean, p: number, id: number, strs: BtfStringTable, chk: NameCheck, g: RefGraph): BtfType | undefined {
  const nameOff = v.getUint32(p, le);
  const info = v.getUint32(p + 4, le);
  const sizeOrType = v.getUint32(p + 8, le);
  const kindFlag = infoKindFlag(info);
  const kind = infoKind(info);
  const vlen = infoVlen(info);
  g.start[id] = g.len;
  g.kindOf[id] = kind;
  const name = nameAt(strs, chk, nameOff, p, 'The name', id);
  const t = p + BTF_TYPE_SIZE;
  switch (kind) {
    case 1: {
      const w = v.getUint32(t, le);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_INT', size: sizeOrType, encoding: INT_ENCODING(w), bitsOffset: INT_OFFSET(w), nrBits: INT_BITS(w) };
    }
    case 2: case 8: case 9: case 10: case 11: case 18:
      addRef(g, chk, sizeOrType, p + 8, id);
      return { id, name, nameOff, kindFlag, offset: p, kind: BTF_KINDS[kind] as 'BTF_KIND_PTR', type: sizeOrType };
    case 3: {
      const type = v.getUint32(t, le);
      const indexType = v.getUint32(t + 4, le);
      addRef(g, chk, type, t, id);
      addRef(g, chk, indexType, t + 4, id);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_ARRAY', type, indexType, nelems: v.getUint32(t + 8, le) };
    }
    case 4: case 5: {
      const members: BtfMember[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 12) {
        const mOff = v.getUint32(q, le);
        const raw = v.getUint32(q + 8, le);
        const type = v.getUint32(q + 4, le);
        addRef(g, chk, type, q + 4, id);
        members[i] = {
          name: nameAt(strs, chk, mOff, q, `Member ${i}`, id), nameOff: mOff, type,
          bitOffset: kindFlag ? MEMBER_BIT_OFFSET(raw) : raw,
          bitfieldSize: kindFlag ? MEMBER_BITFIELD_SIZE(raw) : 0,
        };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: kind === 4 ? 'BTF_KIND_STRUCT' : 'BTF_KIND_UNION', size: sizeOrType, members };
    }
    case 6: {
      const values: BtfEnumValue[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 8) {
        const vOff = v.getUint32(q, le);
        values[i] = { name: nameAt(strs, chk, vOff, q, `Enumerator ${i}`, id), nameOff: vOff, value: kindFlag ? v.getInt32(q + 4, le) : v.getUint32(q + 4, le) };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_ENUM', size: sizeOrType, signed: kindFlag, values };
    }
    case 19: {
      const values: BtfEnum64Value[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 12) {
        const vOff = v.getUint32(q, le);
        const u = (BigInt(v.getUint32(q + 8, le)) << 32n) | BigInt(v.getUint32(q + 4, le));
        values[i] = { name: nameAt(strs, chk, vOff, q, `Enumerator ${i}`, id), nameOff: vOff, value: kindFlag ? BigInt.asIntN(64, u) : u };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_ENUM64', size: sizeOrType, signed: kindFlag, values };
    }
    case 7:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FWD', fwdKind: kindFlag ? 'union' : 'struct' };
    case 12:
      addRef(g, chk, sizeOrType, p + 8, id);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FUNC', type: sizeOrType, linkage: vlen };
    case 13: {
      addRef(g, chk, sizeOrType, p + 8, id);
      const params: BtfParam[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 8) {
        const pOff = v.getUint32(q, le);
        const type = v.getUint32(q + 4, le);
        addRef(g, chk, type, q + 4, id);
        params[i] = { name: nameAt(strs, chk, pOff, q, `Parameter ${i}`, id), nameOff: pOff, type };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FUNC_PROTO', returnType: sizeOrType, params };
    }
    case 14:
      addRef(g, chk, sizeOrType, p + 8, id);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_VAR', type: sizeOrType, linkage: v.getUint32(t, le) };
    case 15: {
      const vars: BtfVarSecinfo[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 12) {
        const type = v.getUint32(q, le);
        addRef(g, chk, type, q, id);
        vars[i] = { type, offset: v.getUint32(q + 4, le), size: v.getUint32(q + 8, le) };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_DATASEC', size: sizeOrType, vars };
    }
    case 16:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FLOAT', size: sizeOrType };
    case 17:
      addRef(g, chk, sizeOrType, p + 8, id);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_DECL_TAG', type: sizeOrType, componentIdx: v.getInt32(t, le) };
    default:
      return undefined;
  }
}

/**
 * Decodes raw BTF (the `.BTF` section's bytes, or a whole /sys/kernel/btf/vmlinux).
 * e.g. decodeBtf(bytes) → { ok: true, value: { types: [void, { id: 1, kind: 'BTF_KIND_INT', name: 'int', ... }] } }
 */
export function decodeBtf(bytes: Uint8Array): Result<Btf, BtfError> {
  const hr = readBtfHeader(bytes);
  if (!hr.ok) return hr;
  const { header: h, le } = hr.value;
  const he = checkHeader(h, bytes.length);
  if (he) return err(he);
  const strStart = h.hdrLen + h.strOff;
  const strBytes = bytes.subarray(strStart, strStart + h.strLen);
  const se = checkStrings(strBytes, strStart);
  if (se) return err(se);
  const typeStart = h.hdrLen + h.typeOff;
  const recs = scanRecords(bytes, le, typeStart, typeStart + h.typeLen);
  if (!recs.ok) return recs;
  const strs = makeStringTable(strBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: BtfType[] = new Array(recs.value.length + 1);
  types[0] = { id: 0, name: '', nameOff: 0, kindFlag: false, offset: -1, kind: 'BTF_KIND_UNKN' };
  const chk: NameCheck = { strLen: h.strLen, bad: undefined, seen: new Int32Array(h.strLen), names: [] };
  const offsets = recs.value;
  const n = offsets.length + 1;
  // Every reference takes at least 4 bytes of the type section, so typeLen / 4 slots always suffice.
  const g: RefGraph = { n, start: new Int32Array(n + 1), refs: new Int32Array((h.typeLen >>> 2) + 1), len: 0, kindOf: new Uint8Array(n) };
  for (let i = 0; i < offsets.length; i++) {
    const t = decodeRecord(view, le, offsets[i]!, i + 1, strs, chk, g);
    if (chk.bad) return err(chk.bad);
    if (!t) return fail(offsets[i]! + 4, `Type [${i + 1}] has an unknown kind.`);
    types[i + 1] = t;
  }
  g.start[n] = g.len;
  const btf: Btf = { header: h, littleEndian: le, types, strings: strs };
  const ve = checkReferences(btf, g);
  if (ve) return err(ve);
  return ok(btf);
}

/** Where each record sits in the blob (for a hex inspector): btf_type header + trailer. */
export function wireRecords(btf: Btf): WireRecord[] {
  const out: WireRecord[] = [];
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id]!;
    const kind = BTF_KINDS.indexOf(t.kind);
    const vlen = 'members' in t ? t.members.length : 'values' in t ? t.values.length : 'params' in t ? t.params.length
      : 'vars' in t ? t.vars.length : t.kind === 'BTF_KIND_FUNC' ? t.linkage : 0;
    out.push({ id, offset: t.offset, kind, vlen, length: BTF_TYPE_SIZE + trailerSize(kind, vlen) });
  }
  return out;
}
