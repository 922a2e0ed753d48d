// Decode bytes with their BTF type into a JSON-friendly value, the way `bpftool map dump` prints maps that carry
// BTF: ints as numbers (64-bit ones past 2^53 as decimal strings), char arrays as strings, structs as objects,
// enums by name, a global-data section (DATASEC) as its variables by name; pointers and what it does not model
// (bitfields, floats) as hex. For map keys and values. Types are looked up one at a time
// (typeAt), so a kernel-sized BTF needs no whole decode.
// e.g. struct { __u32 pid; char comm[16]; } over 14 00 00 00 6e 6f 64 65 00.. → { pid: 20, comm: "node" }
import { typeAt, typeNameAt } from './decode.ts';
import { BTF_KIND } from './kinds.ts';
import type { BtfIndex } from './record-index.ts';
import type { BtfKindName } from './kinds.ts';
import type { Btf, BtfType } from './types.ts';

export type BtfJson = number | string | boolean | BtfJson[] | { [k: string]: BtfJson };

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);
const indexOf = (src: Btf | BtfIndex): BtfIndex => ('index' in src ? src.index : src);

function resolve(ix: BtfIndex, id: number): BtfType | undefined {
  let t = typeAt(ix, id);
  for (let i = 0; t && i < 32; i++) {
    if (t.kind === 'BTF_KIND_TYPEDEF' || t.kind === 'BTF_KIND_CONST' || t.kind === 'BTF_KIND_VOLATILE' || t.kind === 'BTF_KIND_RESTRICT' || t.kind === 'BTF_KIND_TYPE_TAG') t = typeAt(ix, t.type);
    else return t;
  }
  return t;
}

/** The first type of this kind and name, or undefined. e.g. findType(ix, 'BTF_KIND_STRUCT', 'event') → 12 */
export function findType(src: Btf | BtfIndex, kind: BtfKindName, name: string): number | undefined {
  const ix = indexOf(src);
  const k = BTF_KIND[kind];
  for (let id = 1; id < ix.count; id++) if (ix.kinds[id] === k && typeNameAt(ix, id) === name) return id;
  return undefined;
}

/** The byte size of a type (0 when it has none, e.g. void or a function). */
export function btfSizeOf(src: Btf | BtfIndex, id: number): number {
  const btf = indexOf(src);
  const t = resolve(btf, id);
  if (!t) return 0;
  switch (t.kind) {
    case 'BTF_KIND_INT':
    case 'BTF_KIND_STRUCT':
    case 'BTF_KIND_UNION':
    case 'BTF_KIND_ENUM':
    case 'BTF_KIND_ENUM64':
      return t.size;
    case 'BTF_KIND_PTR':
      return 8;
    case 'BTF_KIND_ARRAY':
      return t.nelems * btfSizeOf(btf, t.type);
    default:
      return 'size' in t && typeof t.size === 'number' ? t.size : 0;
  }
}

function readInt(b: Uint8Array, size: number, signed: boolean): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
  return signed ? BigInt.asIntN(size * 8, v) : v;
}

const num = (v: bigint): BtfJson => (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString());

/** `b` read as type `id`. e.g. decodeBtfValue(btf, idOfU32, Uint8Array.of(20, 0, 0, 0)) → 20 */
export function decodeBtfValue(src: Btf | BtfIndex, id: number, b: Uint8Array): BtfJson {
  const btf = indexOf(src);
  const t = resolve(btf, id);
  if (!t) return hex(b);
  switch (t.kind) {
    case 'BTF_KIND_INT': {
      if (t.encoding & 4) return (b[0] ?? 0) !== 0;
      if (t.bitsOffset !== 0 || t.nrBits !== t.size * 8) return hex(b.subarray(0, t.size));
      return num(readInt(b, t.size, (t.encoding & 1) !== 0));
    }
    case 'BTF_KIND_ENUM':
    case 'BTF_KIND_ENUM64': {
      const v = readInt(b, t.size, t.signed);
      const hit = t.values.find((x) => BigInt(x.value) === v);
      return hit ? hit.name : num(v);
    }
    case 'BTF_KIND_ARRAY': {
      const el = resolve(btf, t.type);
      const sz = btfSizeOf(btf, t.type);
      if (el?.kind === 'BTF_KIND_INT' && sz === 1 && (el.encoding & 2 || el.name === 'char')) {
        const bytes = b.subarray(0, t.nelems);
        const nul = bytes.indexOf(0);
        return latin1(nul < 0 ? bytes : bytes.subarray(0, nul));
      }
      return Array.from({ length: t.nelems }, (_, i) => decodeBtfValue(btf, t.type, b.subarray(i * sz, (i + 1) * sz)));
    }
    case 'BTF_KIND_STRUCT':
    case 'BTF_KIND_UNION': {
      const o: Record<string, BtfJson> = {};
      t.members.forEach((m, i) => {
        const at = m.bitOffset / 8;
        const name = m.name || `_${i}`;
        if (m.bitfieldSize || m.bitOffset % 8) o[name] = `bitfield@${m.bitOffset}:${m.bitfieldSize}`;
        else o[name] = decodeBtfValue(btf, m.type, b.subarray(at, at + btfSizeOf(btf, m.type)));
      });
      return o;
    }
    case 'BTF_KIND_PTR':
      return `0x${readInt(b, 8, false).toString(16)}`;
    case 'BTF_KIND_VAR':
      return decodeBtfValue(btf, t.type, b);
    case 'BTF_KIND_DATASEC': {
      // A global-data map's value (.bss, .data, .rodata): each variable by name, at its offset.
      const o: Record<string, BtfJson> = {};
      for (const v of t.vars) o[typeNameAt(btf, v.type) || `_${v.offset}`] = decodeBtfValue(btf, v.type, b.subarray(v.offset, v.offset + v.size));
      return o;
    }
    default:
      return hex(b);
  }
}
