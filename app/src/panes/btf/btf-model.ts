// Pure helpers over the decoded BTF types for the BTF tab: a one-line summary, the children a type row expands
// to (members, params, enumerators, DATASEC vars) with the type ids they refer to, and the search.
import type { BtfType } from '@bpflc/sim';

export interface TypeChild {
  label: string;
  detail: string;
  /** The type id this child refers to (clickable), if any. */
  ref: number | undefined;
}

export const shortKind = (t: BtfType): string => (t.id === 0 ? 'VOID' : t.kind.replace('BTF_KIND_', ''));

/** "size 4", "→ [3]", "(u32 nelems 16)"… the part of the row after the name. */
export function typeSummary(t: BtfType): string {
  switch (t.kind) {
    case 'BTF_KIND_INT':
      return `size ${t.size}, ${t.nrBits} bits${t.encoding & 1 ? ', signed' : ''}${t.encoding & 2 ? ', char' : ''}${t.encoding & 4 ? ', bool' : ''}`;
    case 'BTF_KIND_STRUCT':
    case 'BTF_KIND_UNION':
      return `size ${t.size}, ${t.members.length} members`;
    case 'BTF_KIND_ENUM':
    case 'BTF_KIND_ENUM64':
      return `size ${t.size}, ${t.values.length} values`;
    case 'BTF_KIND_ARRAY':
      return `[${t.nelems}] of [${t.type}]`;
    case 'BTF_KIND_FUNC_PROTO':
      return `(${t.params.length} params) → [${t.returnType}]`;
    case 'BTF_KIND_DATASEC':
      return `size ${t.size}, ${t.vars.length} vars`;
    case 'BTF_KIND_FWD':
      return t.fwdKind;
    case 'BTF_KIND_FLOAT':
      return `size ${t.size}`;
    case 'BTF_KIND_UNKN':
      return '';
    default:
      return `→ [${t.type}]`;
  }
}

/** The single type a row refers to directly (typedef target, pointee, func proto…), if any. */
export function directRef(t: BtfType): number | undefined {
  if (t.kind === 'BTF_KIND_FUNC_PROTO') return t.returnType;
  return 'type' in t ? t.type : undefined;
}

export function typeChildren(t: BtfType): TypeChild[] {
  switch (t.kind) {
    case 'BTF_KIND_STRUCT':
    case 'BTF_KIND_UNION':
      return t.members.map((m) => ({
        label: m.name || '(anon)',
        detail: `bit offset ${m.bitOffset}${m.bitfieldSize ? `, bitfield ${m.bitfieldSize}` : ''}`,
        ref: m.type,
      }));
    case 'BTF_KIND_FUNC_PROTO':
      return t.params.map((p) => ({ label: p.name || '(anon)', detail: 'param', ref: p.type }));
    case 'BTF_KIND_ENUM':
      return t.values.map((v) => ({ label: v.name, detail: `= ${v.value}`, ref: undefined }));
    case 'BTF_KIND_ENUM64':
      return t.values.map((v) => ({ label: v.name, detail: `= ${v.value}`, ref: undefined }));
    case 'BTF_KIND_DATASEC':
      return t.vars.map((v) => ({ label: `var`, detail: `offset ${v.offset}, size ${v.size}`, ref: v.type }));
    case 'BTF_KIND_ARRAY':
      return [
        { label: 'element', detail: `× ${t.nelems}`, ref: t.type },
        { label: 'index', detail: 'index type', ref: t.indexType },
      ];
    default:
      return [];
  }
}

/** Ids matching a query: "42" or "[42]" is an id (listed first), anything else a case-insensitive name substring. */
export function searchTypes(types: readonly BtfType[], query: string): number[] {
  const q = query.trim();
  if (!q) return types.map((t) => t.id);
  const idq = /^\[?(\d+)\]?$/.exec(q);
  const out: number[] = [];
  if (idq && types[Number(idq[1])]) out.push(Number(idq[1]));
  const low = q.toLowerCase();
  for (const t of types) if (t.name.toLowerCase().includes(low) && !out.includes(t.id)) out.push(t.id);
  return out;
}

/** Ids of the types that refer to `id` (for "used by"). */
export function usersOf(types: readonly BtfType[], id: number): number[] {
  const out: number[] = [];
  for (const t of types) {
    if (t.id === 0) continue;
    if (directRef(t) === id || typeChildren(t).some((c) => c.ref === id)) out.push(t.id);
  }
  return out;
}
