// Pure helpers for the BTF tab, over sim's record index (BtfIndex): the object's own BTF and a whole vmlinux
// (126k types) are browsed the same way, decoding a type only when a row or the detail shows it (typeAt).
// A one-line summary, the children a row expands to (members, params, enumerators, DATASEC vars) with the
// type ids they refer to, and the search.
import { BTF_KINDS, essentialName, typeNameAt, type BtfIndex, type BtfType } from '@bpflc/sim';

export interface TypeChild {
  label: string;
  detail: string;
  /** The type id this child refers to (clickable), if any. */
  ref: number | undefined;
}

/** 'STRUCT', 'PTR'…; 'VOID' for id 0. */
export const kindAt = (ix: BtfIndex, id: number): string => (id === 0 ? 'VOID' : (BTF_KINDS[ix.kinds[id] ?? 0] ?? 'BTF_KIND_UNKN').replace('BTF_KIND_', ''));

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

/** Number of children a row expands to, without decoding the type (vlen, or 2 for an array). */
export function childCount(ix: BtfIndex, id: number): number {
  const kind = ix.kinds[id];
  if (kind === 3) return 2;
  return kind === 4 || kind === 5 || kind === 6 || kind === 13 || kind === 15 || kind === 19 ? (ix.vlens[id] ?? 0) : 0;
}

/** Lower-cased names by id, made once per index (search runs on every keystroke). */
const lowerNames = new WeakMap<BtfIndex, string[]>();

function namesOf(ix: BtfIndex): string[] {
  let n = lowerNames.get(ix);
  if (!n) {
    n = new Array<string>(ix.count);
    n[0] = '';
    for (let id = 1; id < ix.count; id++) n[id] = typeNameAt(ix, id).toLowerCase();
    lowerNames.set(ix, n);
  }
  return n;
}

/** Ids matching a query: "42" or "[42]" is an id (listed first), anything else a case-insensitive name substring. */
export function searchTypes(ix: BtfIndex, query: string): number[] {
  const q = query.trim();
  if (!q) return Array.from({ length: ix.count }, (_, id) => id);
  const idq = /^\[?(\d+)\]?$/.exec(q);
  const out: number[] = [];
  const byId = idq ? Number(idq[1]) : -1;
  if (byId >= 0 && byId < ix.count) out.push(byId);
  const low = q.toLowerCase();
  const names = namesOf(ix);
  for (let id = 0; id < ix.count; id++) if (id !== byId && names[id]!.includes(low)) out.push(id);
  return out;
}

/** Kernel types a local CO-RE root type can be matched to: same kind, same essential name (libbpf's candidates). */
export function coreCandidates(kernel: BtfIndex, kind: number, name: string): number[] {
  const want = essentialName(name);
  if (want === '') return [];
  const out: number[] = [];
  for (let id = 1; id < kernel.count; id++) if (kernel.kinds[id] === kind && essentialName(typeNameAt(kernel, id)) === want) out.push(id);
  return out;
}

