// Raw BTF bytes → the type graph (types.ts). record-index.ts finds the records and makes libbpf 1.1's checks
// (btf__new(): header, strings, record sizes, name offsets, type ids in range, both byte orders); this file
// turns records into type objects, all at once (decodeBtf, which adds the kernel's BTF-verifier checks of
// kernel/bpf/btf.c, Linux 6.1: no reference loops, decl_tag indices) or one at a time (typeAt, for browsing
// a 126k-type vmlinux without decoding all of it). Malformed input is an error value with a byte offset,
// never a throw. Left out: split BTF (a base + module BTF) and the kernel's per-kind size/alignment rules.

import { BTF_TYPE_SIZE, INT_BITS, INT_ENCODING, INT_OFFSET, MEMBER_BITFIELD_SIZE, MEMBER_BIT_OFFSET, infoKind, infoKindFlag,
  infoVlen, trailerSize, type WireRecord } from './wire.ts';
import { BTF_KINDS } from './kinds.ts';
import { indexBtf, type BtfIndex } from './record-index.ts';
import { stringAt } from './strings.ts';
import type { Btf, BtfEnum64Value, BtfEnumValue, BtfError, BtfMember, BtfParam, BtfType, BtfVarSecinfo } from './types.ts';
import { checkReferences } from './validate.ts';
import { err, ok, type Result } from '../result.ts';

/**
 * Names by string offset, each decoded once (BTF strings are deduplicated: vmlinux has 228k name references
 * to 124k distinct names, so this halves the strings allocated). Offsets were checked by the index.
 */
class Names {
  private readonly slot: Int32Array;
  private readonly names: string[] = [];
  constructor(private readonly ix: BtfIndex) {
    this.slot = new Int32Array(ix.header.strLen);
  }
  at(off: number): string {
    if (off === 0) return '';
    const k = this.slot[off]!;
    if (k) return this.names[k - 1]!;
    const name = stringAt(this.ix.strings, off) ?? '';
    this.names.push(name);
    this.slot[off] = this.names.length;
    return name;
  }
}

const VOID: BtfType = { id: 0, name: '', nameOff: 0, kindFlag: false, offset: -1, kind: 'BTF_KIND_UNKN' };

/** Decodes record `id` into its type object (the index has checked its bytes, names and references). */
function decodeRecord(v: DataView, le: boolean, ix: BtfIndex, id: number, names: Names): BtfType {
  const p = ix.offsets[id]!;
  const nameOff = v.getUint32(p, le);
  const info = v.getUint32(p + 4, le);
  const sizeOrType = v.getUint32(p + 8, le);
  const kindFlag = infoKindFlag(info);
  const kind = infoKind(info);
  const vlen = infoVlen(info);
  const name = names.at(nameOff);
  const t = p + BTF_TYPE_SIZE;
  switch (kind) {
    case 1: {
      const w = v.getUint32(t, le);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_INT', size: sizeOrType, encoding: INT_ENCODING(w), bitsOffset: INT_OFFSET(w), nrBits: INT_BITS(w) };
    }
    case 2: case 8: case 9: case 10: case 11: case 18:
      return { id, name, nameOff, kindFlag, offset: p, kind: BTF_KINDS[kind] as 'BTF_KIND_PTR', type: sizeOrType };
    case 3: {
      const type = v.getUint32(t, le);
      const indexType = v.getUint32(t + 4, le);
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_ARRAY', type, indexType, nelems: v.getUint32(t + 8, le) };
    }
    case 4: case 5: {
      const members: BtfMember[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 12) {
        const mOff = v.getUint32(q, le);
        const raw = v.getUint32(q + 8, le);
        const type = v.getUint32(q + 4, le);
        members[i] = {
          name: names.at(mOff), nameOff: mOff, type,
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
        values[i] = { name: names.at(vOff), nameOff: vOff, value: kindFlag ? v.getInt32(q + 4, le) : v.getUint32(q + 4, le) };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_ENUM', size: sizeOrType, signed: kindFlag, values };
    }
    case 19: {
      const values: BtfEnum64Value[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 12) {
        const vOff = v.getUint32(q, le);
        const u = (BigInt(v.getUint32(q + 8, le)) << 32n) | BigInt(v.getUint32(q + 4, le));
        values[i] = { name: names.at(vOff), nameOff: vOff, value: kindFlag ? BigInt.asIntN(64, u) : u };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_ENUM64', size: sizeOrType, signed: kindFlag, values };
    }
    case 7:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FWD', fwdKind: kindFlag ? 'union' : 'struct' };
    case 12:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FUNC', type: sizeOrType, linkage: vlen };
    case 13: {
      const params: BtfParam[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 8) {
        const pOff = v.getUint32(q, le);
        const type = v.getUint32(q + 4, le);
        params[i] = { name: names.at(pOff), nameOff: pOff, type };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FUNC_PROTO', returnType: sizeOrType, params };
    }
    case 14:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_VAR', type: sizeOrType, linkage: v.getUint32(t, le) };
    case 15: {
      const vars: BtfVarSecinfo[] = new Array(vlen);
      for (let i = 0, q = t; i < vlen; i++, q += 12) {
        const type = v.getUint32(q, le);
        vars[i] = { type, offset: v.getUint32(q + 4, le), size: v.getUint32(q + 8, le) };
      }
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_DATASEC', size: sizeOrType, vars };
    }
    case 16:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_FLOAT', size: sizeOrType };
    case 17:
      return { id, name, nameOff, kindFlag, offset: p, kind: 'BTF_KIND_DECL_TAG', type: sizeOrType, componentIdx: v.getInt32(t, le) };
    default: // unreachable: the index refuses unknown kinds
      return { ...VOID, id, offset: p };
  }
}

/**
 * Decodes raw BTF (the `.BTF` section's bytes, or a whole /sys/kernel/btf/vmlinux) into the whole type graph.
 * e.g. decodeBtf(bytes) → { ok: true, value: { types: [void, { id: 1, kind: 'BTF_KIND_INT', name: 'int', ... }] } }
 */
export function decodeBtf(bytes: Uint8Array): Result<Btf, BtfError> {
  const r = indexBtf(bytes);
  if (!r.ok) return r;
  const ix = r.value;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names = new Names(ix);
  const le = ix.littleEndian;
  const types: BtfType[] = new Array(ix.count);
  types[0] = VOID;
  for (let id = 1; id < ix.count; id++) types[id] = decodeRecord(view, le, ix, id, names);
  const btf: Btf = { header: ix.header, littleEndian: le, types, strings: ix.strings, index: ix };
  const ve = checkReferences(btf, ix);
  if (ve) return err(ve);
  return ok(btf);
}

/** Types decoded one at a time, per index (typeAt). */
const lazy = new WeakMap<BtfIndex, { types: (BtfType | undefined)[]; names: Names; view: DataView }>();

/**
 * Type `id` of an index, decoded on first use (then kept). For browsing: no reference-loop check is made.
 * e.g. typeAt(ix, 1) → { id: 1, kind: 'BTF_KIND_INT', name: 'int', size: 4, ... }; undefined past the last id.
 */
export function typeAt(ix: BtfIndex, id: number): BtfType | undefined {
  if (!Number.isInteger(id) || id < 0 || id >= ix.count) return undefined;
  if (id === 0) return VOID;
  let c = lazy.get(ix);
  if (!c) {
    c = { types: new Array<BtfType | undefined>(ix.count), names: new Names(ix), view: new DataView(ix.bytes.buffer, ix.bytes.byteOffset, ix.bytes.byteLength) };
    lazy.set(ix, c);
  }
  return (c.types[id] ??= decodeRecord(c.view, ix.littleEndian, ix, id, c.names));
}

/** The name of type `id` without decoding it ('' when anonymous). */
export function typeNameAt(ix: BtfIndex, id: number): string {
  return id > 0 && id < ix.count ? (stringAt(ix.strings, ix.nameOffs[id]!) ?? '') : '';
}

/** Where each record sits in the blob (for a hex inspector): btf_type header + trailer. */
export function wireRecords(btf: Btf): WireRecord[] {
  const { count, offsets, kinds, vlens } = btf.index;
  const out: WireRecord[] = new Array(count - 1);
  for (let id = 1; id < count; id++) {
    const kind = kinds[id]!;
    out[id - 1] = { id, offset: offsets[id]!, kind, vlen: vlens[id]!, length: BTF_TYPE_SIZE + trailerSize(kind, vlens[id]!) };
  }
  return out;
}
