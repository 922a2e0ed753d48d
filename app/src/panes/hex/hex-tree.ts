// Navigation over the worker's HexIndex: children lists (first child / next sibling), ancestor chains, the
// structure a byte belongs to, and the flattened outline rows for the expanded nodes.
import type { HexIndex } from '../../worker/hex-ranges.ts';

export interface HexTree {
  /** First child of each range (-1: leaf); `roots` is the first top-level range. */
  firstChild: Int32Array;
  nextSibling: Int32Array;
  roots: number;
}

export function buildTree(ix: HexIndex): HexTree {
  const n = ix.start.length;
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  let roots = -1;
  for (let i = n - 1; i >= 0; i--) {
    const p = ix.parent[i]!;
    if (p < 0) {
      nextSibling[i] = roots;
      roots = i;
    } else {
      nextSibling[i] = firstChild[p]!;
      firstChild[p] = i;
    }
  }
  return { firstChild, nextSibling, roots };
}

/** The range and its ancestors, outermost first. */
export function chain(ix: HexIndex, i: number): number[] {
  const out: number[] = [];
  for (let k = i; k >= 0; k = ix.parent[k]!) out.push(k);
  return out.reverse();
}

/** A field is a leaf with a decoded value; its structure is the parent. */
export const isField = (ix: HexIndex, i: number): boolean => ix.value[i] !== '';

/** The structure a byte belongs to: the innermost range that is not a field. -1 for none. */
export function structureAt(ix: HexIndex, offset: number): number {
  let i = ix.owner[offset] ?? -1;
  while (i >= 0 && isField(ix, i)) i = ix.parent[i]!;
  return i;
}

export interface OutlineRow {
  index: number;
  depth: number;
  hasKids: boolean;
}

export function outlineRows(ix: HexIndex, tree: HexTree, open: ReadonlySet<number>): OutlineRow[] {
  const rows: OutlineRow[] = [];
  const walk = (first: number, depth: number) => {
    for (let i = first; i >= 0; i = tree.nextSibling[i]!) {
      const kid = tree.firstChild[i]!;
      rows.push({ index: i, depth, hasKids: kid >= 0 });
      if (kid >= 0 && open.has(i)) walk(kid, depth + 1);
    }
  };
  walk(tree.roots, 0);
  return rows;
}

/** For a string-table range: the NUL-terminated string under `offset`. */
export function stringAround(bytes: Uint8Array, lo: number, hi: number, offset: number): string {
  let s = offset;
  while (s > lo && bytes[s - 1] !== 0) s--;
  let e = offset;
  while (e < hi && bytes[e] !== 0) e++;
  let out = '';
  for (let k = s; k < Math.min(e, s + 120); k++) out += String.fromCharCode(bytes[k]!);
  return out;
}
