// Topological ordering of type definitions for the C dump (libbpf 1.1 btf_dump_order_type and
// btf_dump_mark_referenced). A "strong" link (a type embedded by value, or an anonymous type declared
// inline) needs the full definition first; a "weak" link (through a pointer to a named type) only needs
// a forward declaration. Named composites, enums, fwds and typedefs that must be emitted are queued.

import { ORDERED, ORDERING, warn, type DumpState } from './state.ts';

/** Marks every type that another type refers to; anonymous enums nobody refers to are top-level. */
export function markReferenced(s: DumpState): void {
  const { types, referenced } = s;
  for (let id = 1; id < types.length; id++) {
    const t = types[id]!;
    switch (t.kind) {
      case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT': case 'BTF_KIND_PTR':
      case 'BTF_KIND_TYPEDEF': case 'BTF_KIND_FUNC': case 'BTF_KIND_VAR': case 'BTF_KIND_DECL_TAG':
      case 'BTF_KIND_TYPE_TAG':
        referenced[t.type] = 1;
        break;
      case 'BTF_KIND_ARRAY':
        referenced[t.indexType] = 1;
        referenced[t.type] = 1;
        break;
      case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION':
        for (const m of t.members) referenced[m.type] = 1;
        break;
      case 'BTF_KIND_FUNC_PROTO':
        // libbpf marks the parameters only, not the return type.
        for (const p of t.params) referenced[p.type] = 1;
        break;
      case 'BTF_KIND_DATASEC':
        for (const v of t.vars) referenced[v.type] = 1;
        break;
      default:
        break;
    }
  }
}

const ELOOP = -40;

/** Returns 1 for a strong link, 0 for a weak one, <0 on an unsatisfiable cycle. */
export function orderType(s: DumpState, id: number, throughPtr: boolean): number {
  if (s.orderState[id] === ORDERED) return 1;
  const t = s.types[id]!;
  if (s.orderState[id] === ORDERING) {
    // A loop that a forward declaration resolves: a named struct/union reached through a pointer.
    if ((t.kind === 'BTF_KIND_STRUCT' || t.kind === 'BTF_KIND_UNION') && throughPtr && t.nameOff !== 0) return 0;
    warn(s, `unsatisfiable type cycle, id:[${id}]`);
    return ELOOP;
  }
  switch (t.kind) {
    case 'BTF_KIND_INT': case 'BTF_KIND_FLOAT':
      s.orderState[id] = ORDERED;
      return 0;
    case 'BTF_KIND_PTR': {
      const e = orderType(s, t.type, true);
      s.orderState[id] = ORDERED;
      return e;
    }
    case 'BTF_KIND_ARRAY':
      return orderType(s, t.type, false);
    case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION': {
      // Only embedded (no pointer on the way) or anonymous (defined inline) composites are strong.
      if (throughPtr && t.nameOff !== 0) return 0;
      s.orderState[id] = ORDERING;
      for (const m of t.members) {
        const e = orderType(s, m.type, false);
        if (e < 0) return e;
      }
      if (t.nameOff !== 0) s.emitQueue.push(id);
      s.orderState[id] = ORDERED;
      return 1;
    }
    case 'BTF_KIND_ENUM': case 'BTF_KIND_ENUM64': case 'BTF_KIND_FWD':
      // Named or unreferenced enums are top-level declarations.
      if (t.nameOff !== 0 || !s.referenced[id]) s.emitQueue.push(id);
      s.orderState[id] = ORDERED;
      return 1;
    case 'BTF_KIND_TYPEDEF': {
      const strong = orderType(s, t.type, throughPtr);
      if (strong < 0) return strong;
      if (throughPtr && !strong) return 0;
      s.emitQueue.push(id);
      s.orderState[id] = ORDERED;
      return 1;
    }
    case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT': case 'BTF_KIND_TYPE_TAG':
      return orderType(s, t.type, throughPtr);
    case 'BTF_KIND_FUNC_PROTO': {
      let e = orderType(s, t.returnType, throughPtr);
      if (e < 0) return e;
      let strong = e > 0;
      for (const p of t.params) {
        e = orderType(s, p.type, throughPtr);
        if (e < 0) return e;
        if (e > 0) strong = true;
      }
      return strong ? 1 : 0;
    }
    case 'BTF_KIND_FUNC': case 'BTF_KIND_VAR': case 'BTF_KIND_DATASEC': case 'BTF_KIND_DECL_TAG':
      s.orderState[id] = ORDERED;
      return 0;
    default:
      return -22;
  }
}
