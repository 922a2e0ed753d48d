// Reference checks on a decoded type graph, after the kernel's BTF verifier (kernel/bpf/btf.c, Linux 6.1):
// every type id in range, decl_tag component indices that exist, and no loops a C compiler could not
// express. A loop is legal only when it passes through a struct/union AND a pointer (`struct list {
// struct list *next; }`); a loop of modifiers/typedefs/arrays, or a struct that contains itself by value,
// is malformed. Left out: the kernel's per-kind size, alignment and name-syntax rules.

import type { BtfIndex } from './record-index.ts';
import type { Btf, BtfError, BtfType } from './types.ts';

/**
 * Iterative DFS (vmlinux has >100k types; recursion would overflow). Types with sink[id] set have their
 * out-edges ignored. Returns the ids of a cycle, or undefined.
 */
function findCycle(ix: BtfIndex, sinkKinds: readonly number[]): number[] | undefined {
  const { refStart: start, refs, kinds: kindOf } = ix;
  const n = ix.count;
  const sink = new Uint8Array(n);
  for (let id = 1; id < n; id++) if (sinkKinds.includes(kindOf[id]!)) sink[id] = 1;
  const color = new Uint8Array(n); // 0 white, 1 on stack, 2 done
  const stack = new Int32Array(n);
  const next = new Int32Array(n);
  for (let root = 1; root < n; root++) {
    if (color[root] !== 0) continue;
    if (sink[root] || start[root] === start[root + 1]) { color[root] = 2; continue; }
    let sp = 0;
    stack[sp++] = root;
    color[root] = 1;
    next[root] = start[root]!;
    while (sp > 0) {
      const v = stack[sp - 1]!;
      const end = sink[v] ? start[v]! : start[v + 1]!;
      if (next[v]! < end) {
        const w = refs[next[v]!++]!;
        if (w === 0 || color[w] === 2) continue;
        if (color[w] === 1) {
          const cyc: number[] = [];
          for (let i = sp - 1; i >= 0; i--) { cyc.unshift(stack[i]!); if (stack[i] === w) break; }
          return cyc;
        }
        color[w] = 1;
        next[w] = start[w]!;
        stack[sp++] = w;
      } else {
        color[v] = 2;
        sp--;
      }
    }
  }
  return undefined;
}

function describe(types: BtfType[], ids: number[]): string {
  const one = (id: number): string => `[${id}] ${types[id]!.kind.slice(9)}${types[id]!.name ? ` '${types[id]!.name}'` : ''}`;
  if (ids.length <= 8) return ids.map(one).join(' -> ');
  return `${ids.slice(0, 4).map(one).join(' -> ')} -> ... (${ids.length - 6} more) -> ${ids.slice(-2).map(one).join(' -> ')}`;
}

/** Reference checks on a freshly decoded graph; ids were range-checked by the index. */
export function checkReferences(btf: Btf, ix: BtfIndex): BtfError | undefined {
  const { types } = btf;
  for (let id = 1; id < types.length; id++) {
    if (ix.kinds[id] === 17) {
      const bad = checkDeclTag(btf, id);
      if (bad) return bad;
    }
  }
  // Loops without a struct/union (kinds 4, 5): modifiers, typedefs, pointers, arrays, protos chasing each other.
  const c1 = findCycle(ix, [4, 5]);
  if (c1) {
    return { kind: 'btf-error', offset: types[c1[0]!]!.offset, message: `Type reference loop with no struct or union in it: ${describe(types, c1)} -> [${c1[0]}]. No C type can be written this way.` };
  }
  // Loops without a pointer (kind 2): a struct/union that contains itself by value (infinite size).
  const c2 = findCycle(ix, [2]);
  if (c2) {
    return { kind: 'btf-error', offset: types[c2[0]!]!.offset, message: `Type loop with no pointer in it (a type that contains itself by value): ${describe(types, c2)} -> [${c2[0]}].` };
  }
  return undefined;
}

function checkDeclTag(btf: Btf, id: number): BtfError | undefined {
  const t = btf.types[id]!;
  if (t.kind !== 'BTF_KIND_DECL_TAG') return undefined;
  const target = btf.types[t.type]!;
  const at = t.offset + 12;
  if (t.componentIdx < -1) return { kind: 'btf-error', offset: at, message: `DECL_TAG [${id}] has component_idx ${t.componentIdx}; it must be -1 or a member/parameter index.` };
  if (t.componentIdx === -1) return undefined;
  let count = -1;
  if (target.kind === 'BTF_KIND_STRUCT' || target.kind === 'BTF_KIND_UNION') count = target.members.length;
  else if (target.kind === 'BTF_KIND_FUNC') {
    const proto = btf.types[target.type];
    if (proto && proto.kind === 'BTF_KIND_FUNC_PROTO') count = proto.params.length;
  }
  if (count < 0) return { kind: 'btf-error', offset: at, message: `DECL_TAG [${id}] has component_idx ${t.componentIdx} but tags [${t.type}] ${target.kind}, which has no members or parameters.` };
  if (t.componentIdx >= count) return { kind: 'btf-error', offset: at, message: `DECL_TAG [${id}] has component_idx ${t.componentIdx} but [${t.type}] has only ${count} members/parameters.` };
  return undefined;
}
