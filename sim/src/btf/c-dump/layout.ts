// Sizes and alignments of BTF types as libbpf 1.1 computes them (btf__resolve_size, btf__align_of with the
// field-offset fix of Dec 2022, btf_is_struct_packed in btf_dump.c) and its pointer-size guess
// (determine_ptr_size). These decide padding markers and `__attribute__((packed))` in the C dump.
// Results reproduce libbpf's C integer behaviour (u32 overflow checks, 0 for unknown alignment).

import type { Btf, BtfComposite } from '../types.ts';

const LONG_ALIASES = new Set([
  'long', 'long int', 'int long', 'unsigned long', 'long unsigned', 'unsigned long int', 'unsigned int long',
  'long unsigned int', 'long int unsigned', 'int unsigned long', 'int long unsigned',
]);

/** An INT name libbpf takes for `long` when it guesses the pointer size. */
export const isLongName = (name: string): boolean => LONG_ALIASES.has(name);

/** The size of the first 4- or 8-byte INT named like `long`, or undefined (then callers assume 8). */
export function guessPointerSize(btf: Btf): number | undefined {
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id]!;
    if (t.kind !== 'BTF_KIND_INT' || (t.size !== 4 && t.size !== 8)) continue;
    if (LONG_ALIASES.has(t.name)) return t.size;
  }
  return undefined;
}

const MAX_RESOLVE_DEPTH = 32;
const U32_MAX = 0xffffffff;

/** btf__resolve_size: bytes of a type, or a negative errno (-22 EINVAL, -7 E2BIG). */
export function resolveSize(btf: Btf, ptrSz: number, id: number): number {
  let nelems = 1;
  let size = -1;
  let t = btf.types[id];
  for (let i = 0; i < MAX_RESOLVE_DEPTH && t && id !== 0 && t.kind !== 'BTF_KIND_FWD'; i++) {
    switch (t.kind) {
      case 'BTF_KIND_INT': case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION': case 'BTF_KIND_ENUM':
      case 'BTF_KIND_ENUM64': case 'BTF_KIND_DATASEC': case 'BTF_KIND_FLOAT':
        size = t.size;
        i = MAX_RESOLVE_DEPTH;
        continue;
      case 'BTF_KIND_PTR':
        size = ptrSz;
        i = MAX_RESOLVE_DEPTH;
        continue;
      case 'BTF_KIND_TYPEDEF': case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT':
      case 'BTF_KIND_VAR': case 'BTF_KIND_DECL_TAG': case 'BTF_KIND_TYPE_TAG':
        id = t.type;
        break;
      case 'BTF_KIND_ARRAY':
        if (nelems && t.nelems > Math.floor(U32_MAX / nelems)) return -7;
        nelems = (nelems * t.nelems) >>> 0;
        id = t.type;
        break;
      default:
        return -22;
    }
    t = btf.types[id];
  }
  if (size < 0) return -22;
  if (nelems && size > Math.floor(U32_MAX / nelems)) return -7;
  return nelems * size;
}

/**
 * btf__align_of: alignment in bytes; 0 when unknown (FWD, FUNC_PROTO, void...). `cache` (one slot per type,
 * 0 = not computed yet, else align + 1) keeps vmlinux's deeply nested structs from being walked again and again.
 */
export function alignOf(btf: Btf, ptrSz: number, id: number, cache?: Int32Array, depth = 0): number {
  if (cache && cache[id]) return cache[id]! - 1;
  const a = alignOfUncached(btf, ptrSz, id, cache, depth);
  if (cache && id < cache.length) cache[id] = a + 1;
  return a;
}

function alignOfUncached(btf: Btf, ptrSz: number, id: number, cache: Int32Array | undefined, depth: number): number {
  const t = btf.types[id];
  if (!t || depth > 4096) return 0;
  switch (t.kind) {
    case 'BTF_KIND_INT': case 'BTF_KIND_ENUM': case 'BTF_KIND_ENUM64': case 'BTF_KIND_FLOAT':
      return Math.min(ptrSz, t.size);
    case 'BTF_KIND_PTR':
      return ptrSz;
    case 'BTF_KIND_TYPEDEF': case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT':
    case 'BTF_KIND_TYPE_TAG':
      return alignOf(btf, ptrSz, t.type, cache, depth + 1);
    case 'BTF_KIND_ARRAY':
      return alignOf(btf, ptrSz, t.type, cache, depth + 1);
    case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION': {
      let maxAlign = 1;
      for (const m of t.members) {
        const align = alignOf(btf, ptrSz, m.type, cache, depth + 1);
        if (align <= 0) return align;
        maxAlign = Math.max(maxAlign, align);
        // A field off its natural alignment means the struct is packed.
        if (m.bitfieldSize === 0 && m.bitOffset % (8 * align) !== 0) return 1;
      }
      if (t.size % maxAlign !== 0) return 1;
      return maxAlign;
    }
    default:
      return 0;
  }
}

/** btf_is_struct_packed: some plain field is misaligned, or the size is not a multiple of the alignment. */
export function isStructPacked(btf: Btf, ptrSz: number, t: BtfComposite, cache?: Int32Array): boolean {
  let maxAlign = 1;
  for (const m of t.members) {
    const align = alignOf(btf, ptrSz, m.type, cache);
    if (align && m.bitfieldSize === 0 && m.bitOffset % (8 * align) !== 0) return true;
    maxAlign = Math.max(align, maxAlign);
  }
  return t.size % maxAlign !== 0;
}
