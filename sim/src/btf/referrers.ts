// Who refers to a type: the reverse of the record index's references (a struct's members, a pointer's
// target, a DATASEC's vars...), built once per index in two passes over typed arrays (a few ms for vmlinux's
// 126k types), so "used by" in a type browser does not decode every type. Models no kernel behaviour.

import type { BtfIndex } from './record-index.ts';

interface Reverse { start: Int32Array; ids: Int32Array }

const built = new WeakMap<BtfIndex, Reverse>();

function build(ix: BtfIndex): Reverse {
  const { count, refStart, refs } = ix;
  const start = new Int32Array(count + 1);
  // Count each referrer once per target (a struct with two `int` members uses `int` once).
  const last = new Int32Array(count).fill(-1);
  for (let id = 1; id < count; id++) {
    for (let k = refStart[id]!; k < refStart[id + 1]!; k++) {
      const to = refs[k]!;
      if (last[to] !== id) { last[to] = id; start[to + 1]!++; }
    }
  }
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const ids = new Int32Array(start[count]!);
  const fill = start.slice(0, count);
  last.fill(-1);
  for (let id = 1; id < count; id++) {
    for (let k = refStart[id]!; k < refStart[id + 1]!; k++) {
      const to = refs[k]!;
      if (last[to] !== id) { last[to] = id; ids[fill[to]!++] = id; }
    }
  }
  return { start, ids };
}

/** Ids of the types that refer to `id`, in id order. e.g. referrersOf(ix, 1) → [5, 9] when [5] and [9] use 'int'. */
export function referrersOf(ix: BtfIndex, id: number): number[] {
  if (!Number.isInteger(id) || id < 0 || id >= ix.count) return [];
  let r = built.get(ix);
  if (!r) {
    r = build(ix);
    built.set(ix, r);
  }
  return Array.from(r.ids.subarray(r.start[id]!, r.start[id + 1]!));
}
