// One type's C definition as `bpftool btf dump file X format c` prints it inside vmlinux.h (libbpf 1.1's
// btf_dump): a struct or union with its members (anonymous ones inlined, padding and bitfields as libbpf
// writes them, `__attribute__((packed))`), an enum with its values, a typedef. For browsing a whole kernel's
// BTF: only the types this definition needs are decoded (typeAt): everything reached by value (sizes and
// alignments decide the padding), and through a pointer only what names the pointee. Left out: vmlinux.h's
// whole-file name deduplication (a second `struct sock` is `sock___2` there; here every name prints as is).
// e.g. formatTypeC(ix, id of 'list_head') → "struct list_head {\n\tstruct list_head *next;\n\tstruct list_head *prev;\n};\n"

import { emitEnumDef, emitStructDef, emitTypedefDef } from './c-dump/defs.ts';
import { isLongName } from './c-dump/layout.ts';
import { createState } from './c-dump/state.ts';
import { typeAt } from './decode.ts';
import type { BtfIndex } from './record-index.ts';
import type { Btf, BtfError, BtfType } from './types.ts';
import { err, ok, type Result } from '../result.ts';

const NAMED_STOP = new Set([4, 5, 6, 7, 8, 19]); // STRUCT UNION ENUM FWD TYPEDEF ENUM64: their name is enough through a pointer

/** The types a definition of `root` touches, decoded, in a sparse array indexed by id. */
function closure(ix: BtfIndex, root: number): BtfType[] {
  const types = new Array<BtfType>(ix.count);
  const deepDone = new Uint8Array(ix.count);
  const stack: number[] = [root, 1]; // (id, deep) pairs
  while (stack.length) {
    let deep = stack.pop() === 1;
    const id = stack.pop()!;
    const t = typeAt(ix, id);
    if (!t) continue;
    types[id] = t;
    const kind = ix.kinds[id]!;
    // An anonymous struct/union is printed inline wherever it is met, so its members are always needed.
    if (!deep && (kind === 4 || kind === 5) && t.nameOff === 0) deep = true;
    if (deep) {
      if (deepDone[id]) continue;
      deepDone[id] = 1;
    } else if (NAMED_STOP.has(kind) && t.nameOff !== 0) continue;
    for (let k = ix.refStart[id]!; k < ix.refStart[id + 1]!; k++) {
      const to = ix.refs[k]!;
      if (to === 0) continue;
      stack.push(to, deep && kind !== 2 ? 1 : 0); // a pointer (kind 2) ends "by value"
    }
  }
  const v = typeAt(ix, 0);
  if (v) types[0] = v;
  return types;
}

/** libbpf's guess from the INT named like `long` (see c-dump/layout.ts), over the index. */
function pointerSizeOf(ix: BtfIndex): number {
  for (let id = 1; id < ix.count; id++) {
    if (ix.kinds[id] !== 1) continue;
    const t = typeAt(ix, id);
    if (t?.kind === 'BTF_KIND_INT' && (t.size === 4 || t.size === 8) && isLongName(t.name)) return t.size;
  }
  return 8;
}

/**
 * The C definition of type `id` (struct, union, enum, typedef) followed by ";\n"; an error value for other
 * kinds (they have no definition of their own in vmlinux.h) and for a graph the printer cannot follow.
 */
export function formatTypeC(ix: BtfIndex, id: number, opts: { pointerSize?: number } = {}): Result<string, BtfError> {
  const t = typeAt(ix, id);
  if (!t || id === 0) return err({ kind: 'btf-error', offset: 0, message: `No type [${id}].` });
  const fail = (message: string) => err({ kind: 'btf-error' as const, offset: t.offset, message });
  if (!['BTF_KIND_STRUCT', 'BTF_KIND_UNION', 'BTF_KIND_ENUM', 'BTF_KIND_ENUM64', 'BTF_KIND_TYPEDEF'].includes(t.kind)) {
    return fail(`${t.kind.slice(9)} has no C definition of its own: it appears only inside declarations.`);
  }
  const btf: Btf = { header: ix.header, littleEndian: ix.littleEndian, types: closure(ix, id), strings: ix.strings, index: ix };
  const s = createState(btf, opts.pointerSize ?? pointerSizeOf(ix));
  try {
    if (t.kind === 'BTF_KIND_STRUCT' || t.kind === 'BTF_KIND_UNION') emitStructDef(s, id, t, 0);
    else if (t.kind === 'BTF_KIND_ENUM' || t.kind === 'BTF_KIND_ENUM64') emitEnumDef(s, id, t, 0);
    else if (t.kind === 'BTF_KIND_TYPEDEF') emitTypedefDef(s, id, t, 0);
  } catch (e) {
    // A type the closure did not decode, or a chain too deep: a value, as for every bad input.
    return fail(`Cannot print [${id}] as C: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (s.abort) return fail(`Cannot print [${id}] as C: ${s.abort}.`);
  s.out.ascii(';\n');
  return ok(new TextDecoder('utf-8').decode(s.out.bytes()));
}
