// The .BTF an assembled object needs for its `.map` definitions: libbpf 1.x reads maps only from BTF
// (the legacy `maps` section was dropped in libbpf 1.0), as the C idiom
//   struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(key_size, 4); ... } name SEC(".maps");
// declares them: each `__uint(field, N)` is a member of type `int (*)[N]` (PTR → ARRAY with nelems N), the
// variable is a VAR in a DATASEC named ".maps" whose offsets match the symbols (include/uapi/linux/btf.h,
// libbpf 1.1 parse_btf_map_def). Left out: key/value *types* (only sizes), inner maps, pinning, BTF for code.
//
//   header (24 bytes): magic 0xeb9f:16 | version 1:8 | flags 0:8 | hdr_len:32 | type_off:32 | type_len:32 | str_off:32 | str_len:32
//   struct btf_type (12 bytes): name_off:32 | info:32 (vlen bits 0-15, kind bits 24-28) | size or type:32

import { BTF_INT_ENCODING, BTF_KIND, BTF_MAGIC, BTF_VERSION } from '../btf/kinds.ts';

/** The numeric fields of one map, in the order libbpf's map definitions list them. */
export interface MapDef {
  name: string;
  /** [field name, value] pairs, e.g. [['type', 1], ['key_size', 4], ['value_size', 8], ['max_entries', 16]]. */
  fields: ReadonlyArray<readonly [string, number]>;
  /** Byte offset of the map's variable in `.maps`. */
  offset: number;
}

/** Size of one map's variable in `.maps`: a pointer (8 bytes) per field. */
export const mapVarSize = (d: Pick<MapDef, 'fields'>): number => 8 * d.fields.length;

const BTF_VAR_GLOBAL_ALLOCATED = 1;

class Writer {
  private readonly words: number[] = [];
  private readonly strs: number[] = [0];
  private readonly strAt = new Map<string, number>([['', 0]]);
  nextId = 1;
  str(s: string): number {
    const known = this.strAt.get(s);
    if (known !== undefined) return known;
    const off = this.strs.length;
    this.strs.push(...new TextEncoder().encode(s), 0);
    this.strAt.set(s, off);
    return off;
  }
  /** A btf_type record plus its kind-specific words; returns its type id. */
  type(name: string, kind: number, vlen: number, sizeOrType: number, extra: number[]): number {
    this.words.push(this.str(name), ((kind & 0x1f) << 24) | (vlen & 0xffff), sizeOrType >>> 0, ...extra.map((w) => w >>> 0));
    return this.nextId++;
  }
  bytes(le: boolean): Uint8Array {
    const typeLen = this.words.length * 4;
    const out = new Uint8Array(24 + typeLen + this.strs.length);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, BTF_MAGIC, le);
    dv.setUint8(2, BTF_VERSION);
    dv.setUint8(3, 0);
    dv.setUint32(4, 24, le);
    dv.setUint32(8, 0, le);
    dv.setUint32(12, typeLen, le);
    dv.setUint32(16, typeLen, le);
    dv.setUint32(20, this.strs.length, le);
    this.words.forEach((w, i) => dv.setUint32(24 + i * 4, w, le));
    out.set(this.strs, 24 + typeLen);
    return out;
  }
}

/** The .BTF section bytes describing `maps` (which must be sorted by offset). */
export function mapsBtf(maps: readonly MapDef[], littleEndian = true): Uint8Array {
  const w = new Writer();
  const int = w.type('int', BTF_KIND.BTF_KIND_INT, 0, 4, [(BTF_INT_ENCODING.BTF_INT_SIGNED << 24) | 32]);
  const index = w.type('__ARRAY_SIZE_TYPE__', BTF_KIND.BTF_KIND_INT, 0, 4, [32]);
  // One PTR → ARRAY[N] pair per distinct number, shared by every map that uses it.
  const ptrFor = new Map<number, number>();
  const ptr = (n: number): number => {
    let id = ptrFor.get(n);
    if (id === undefined) {
      const arr = w.type('', BTF_KIND.BTF_KIND_ARRAY, 0, 0, [int, index, n]);
      id = w.type('', BTF_KIND.BTF_KIND_PTR, 0, arr, []);
      ptrFor.set(n, id);
    }
    return id;
  };
  const vars: Array<[number, number, number]> = [];
  for (const m of maps) {
    const members = m.fields.map(([field, n], i) => [w.str(field), ptr(n), i * 64]).flat();
    const st = w.type('', BTF_KIND.BTF_KIND_STRUCT, m.fields.length, mapVarSize(m), members);
    const v = w.type(m.name, BTF_KIND.BTF_KIND_VAR, 0, st, [BTF_VAR_GLOBAL_ALLOCATED]);
    vars.push([v, m.offset, mapVarSize(m)]);
  }
  const total = maps.reduce((n, m) => Math.max(n, m.offset + mapVarSize(m)), 0);
  w.type('.maps', BTF_KIND.BTF_KIND_DATASEC, vars.length, total, vars.flat());
  return w.bytes(littleEndian);
}
