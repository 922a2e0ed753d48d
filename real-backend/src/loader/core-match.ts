// CO-RE, part 1: does a kernel type match what the program expects? Modelled on libbpf 1.1 relo_core.c:
// candidates are the kernel types of the same kind whose name equals the local one up to a ___flavour suffix
// (bpf_core_add_cands); a field relocation's access path is replayed in each candidate by member *name*,
// descending into anonymous structs and unions (bpf_core_spec_match, bpf_core_match_member), and the field
// types must be compatible (bpf_core_fields_are_compat); a type relocation needs compatible types
// (bpf_core_types_are_compat); an enum value relocation an enumerator of the same essential name.
// Left out: module BTF (candidates come from vmlinux only) and BPF_CORE_TYPE_MATCHES' stricter rules
// (bpf_core_types_match): it is answered with the looser type compatibility.
import type { Btf, BtfCoreRelo, BtfType } from '@bpflc/sim/btf/index';
import { coreReloFamily } from '@bpflc/sim/btf/index';
import { resolveSize, skipModsAndTypedefs } from '@bpflc/sim/object/btf-view';
import { err, ok, type Result } from '@bpflc/sim/result';
import { essentialName, type KernelBtf } from './vmlinux-btf.ts';

/** One step of an access path: the type indexed, the index, and the member/enumerator name (none for arrays). */
export interface Accessor {
  typeId: number;
  idx: number;
  name?: string;
}

/** libbpf's bpf_core_spec: a resolved access path in one BTF. */
export interface CoreSpec {
  btf: Btf;
  rootTypeId: number;
  acc: Accessor[];
  /** Raw indices, as in the access string ("0:1:2"). */
  raw: number[];
  /** Field relocations: bit offset from the root type's start. */
  bitOffset: number;
}

/** The local spec of a relocation, from the object's BTF (sim resolved the access string already). */
export function localSpec(btf: Btf, relo: BtfCoreRelo): CoreSpec {
  return { btf, rootTypeId: relo.typeId, acc: relo.access.steps.map((s) => ({ ...s })), raw: [...relo.access.raw], bitOffset: relo.access.bitOffset ?? 0 };
}

const MAX_DEPTH = 32;
const isComposite = (t: BtfType | undefined): boolean => t?.kind === 'BTF_KIND_STRUCT' || t?.kind === 'BTF_KIND_UNION';
const isAnyEnum = (t: BtfType | undefined): boolean => t?.kind === 'BTF_KIND_ENUM' || t?.kind === 'BTF_KIND_ENUM64';
/** btf_kind_core_compat: same kind, or both enums (32 or 64 bit). */
const kindCompat = (a: BtfType, b: BtfType): boolean => a.kind === b.kind || (isAnyEnum(a) && isAnyEnum(b));

function sameEssentialName(a: string, b: string): boolean {
  const ea = essentialName(a);
  const eb = essentialName(b);
  return ea === '' || eb === '' || ea === eb;
}

/** bpf_core_fields_are_compat: can a field of local type `lid` be read as a field of target type `tid`? */
export function fieldsCompat(lb: Btf, lid: number, tb: Btf, tid: number): boolean {
  let l = skipModsAndTypedefs(lb, lid).type;
  let t = skipModsAndTypedefs(tb, tid).type;
  for (let depth = 0; depth < MAX_DEPTH && l && t; depth++) {
    if (isComposite(l) && isComposite(t)) return true;
    if (!kindCompat(l, t)) return false;
    switch (l.kind) {
      case 'BTF_KIND_PTR':
      case 'BTF_KIND_FLOAT':
        return true;
      case 'BTF_KIND_FWD':
      case 'BTF_KIND_ENUM':
      case 'BTF_KIND_ENUM64':
        return sameEssentialName(l.name, t.name);
      case 'BTF_KIND_INT':
        // Only the deprecated bitfield-like ints (non-zero bit offset) are refused.
        return l.bitsOffset === 0 && t.kind === 'BTF_KIND_INT' && t.bitsOffset === 0;
      case 'BTF_KIND_ARRAY':
        if (t.kind !== 'BTF_KIND_ARRAY') return false;
        l = skipModsAndTypedefs(lb, l.type).type;
        t = skipModsAndTypedefs(tb, t.type).type;
        break;
      default:
        return false;
    }
  }
  return false;
}

/** bpf_core_types_are_compat: the looser equivalence type relocations use. */
export function typesCompat(lb: Btf, lid: number, tb: Btf, tid: number, depth = MAX_DEPTH): boolean {
  let l = skipModsAndTypedefs(lb, lid).type;
  let t = skipModsAndTypedefs(tb, tid).type;
  for (; depth > 0 && l && t; depth--) {
    if (!kindCompat(l, t)) return false;
    switch (l.kind) {
      case 'BTF_KIND_UNKN':
      case 'BTF_KIND_STRUCT':
      case 'BTF_KIND_UNION':
      case 'BTF_KIND_ENUM':
      case 'BTF_KIND_ENUM64':
      case 'BTF_KIND_FWD':
        return true;
      case 'BTF_KIND_INT':
        return l.bitsOffset === 0 && t.kind === 'BTF_KIND_INT' && t.bitsOffset === 0;
      case 'BTF_KIND_PTR':
      case 'BTF_KIND_ARRAY': {
        const ln = l.type;
        const tn = (t as { type: number }).type;
        l = skipModsAndTypedefs(lb, ln).type;
        t = skipModsAndTypedefs(tb, tn).type;
        break;
      }
      case 'BTF_KIND_FUNC_PROTO': {
        if (t.kind !== 'BTF_KIND_FUNC_PROTO' || l.params.length !== t.params.length) return false;
        for (let i = 0; i < l.params.length; i++) {
          if (!typesCompat(lb, l.params[i]!.type, tb, t.params[i]!.type, depth - 1)) return false;
        }
        l = skipModsAndTypedefs(lb, l.returnType).type;
        t = skipModsAndTypedefs(tb, t.returnType).type;
        break;
      }
      default:
        return false;
    }
  }
  return false;
}

/** bpf_core_match_member: find the local member `la` by name in target composite `tid` (anonymous members included). */
function matchMember(lb: Btf, la: Accessor, tb: Btf, tid: number, spec: CoreSpec, depth = 0): number {
  const lt = lb.types[la.typeId];
  if (!lt || !isComposite(lt) || depth > MAX_DEPTH) return 0;
  const lm = (lt as Extract<BtfType, { members: unknown }>).members[la.idx]!;
  const sk = skipModsAndTypedefs(tb, tid);
  const t = sk.type;
  if (!t || !isComposite(t)) return 0;
  const members = (t as Extract<BtfType, { members: unknown }>).members;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    spec.bitOffset += m.bitOffset;
    spec.raw.push(i);
    if (m.name === '') {
      const next = matchMember(lb, la, tb, m.type, spec, depth + 1);
      if (next) return next;
    } else if (m.name === lm.name) {
      if (!fieldsCompat(lb, lm.type, tb, m.type)) return 0;
      spec.acc.push({ typeId: sk.id, idx: i, name: m.name });
      // The member's type id, never 0 for a real member: 0 means "no match" to the caller.
      return m.type === 0 ? -1 : m.type;
    }
    spec.bitOffset -= m.bitOffset;
    spec.raw.pop();
  }
  return 0;
}

/** is_flex_arr: a zero-length array that is the last member of its struct may be indexed past its end. */
function isFlexArr(btf: Btf, prev: Accessor | undefined, nelems: number): boolean {
  if (!prev?.name || nelems > 0) return false;
  const t = btf.types[prev.typeId];
  return isComposite(t) && prev.idx === (t as Extract<BtfType, { members: unknown }>).members.length - 1;
}

/** bpf_core_spec_match: the candidate's spec, null when it does not match, an error sentence when it cannot be sized. */
export function matchCandidate(local: CoreSpec, relo: BtfCoreRelo, tb: Btf, candId: number): Result<CoreSpec | null, string> {
  const spec: CoreSpec = { btf: tb, rootTypeId: candId, acc: [], raw: [], bitOffset: 0 };
  const family = coreReloFamily(relo.kind);
  if (family === 'type') return ok(typesCompat(local.btf, local.rootTypeId, tb, candId) ? spec : null);
  if (family === 'enumval') {
    const sk = skipModsAndTypedefs(tb, candId);
    const t = sk.type;
    if (!t || (t.kind !== 'BTF_KIND_ENUM' && t.kind !== 'BTF_KIND_ENUM64')) return ok(null);
    const want = essentialName(local.acc[0]?.name ?? '');
    const i = t.values.findIndex((v) => essentialName(v.name) === want);
    if (i < 0) return ok(null);
    spec.acc.push({ typeId: sk.id, idx: i, name: t.values[i]!.name });
    spec.raw.push(i);
    return ok(spec);
  }
  let id = candId;
  for (let i = 0; i < local.acc.length; i++) {
    const la = local.acc[i]!;
    id = skipModsAndTypedefs(tb, id).id;
    if (la.name !== undefined) {
      const next = matchMember(local.btf, la, tb, id, spec);
      if (next === 0) return ok(null);
      id = next < 0 ? 0 : next;
      continue;
    }
    if (i > 0) {
      const t = tb.types[id];
      if (t?.kind !== 'BTF_KIND_ARRAY') return ok(null);
      if (!isFlexArr(tb, spec.acc[spec.acc.length - 1], t.nelems) && la.idx >= t.nelems) return ok(null);
      id = skipModsAndTypedefs(tb, t.type).id;
    }
    spec.acc.push({ typeId: id, idx: la.idx });
    spec.raw.push(la.idx);
    const sz = resolveSize(tb, id);
    if (sz === undefined) return err(`kernel type [${id}] has no size, so element ${la.idx} cannot be located`);
    spec.bitOffset += la.idx * sz * 8;
  }
  return ok(spec);
}

/** bpf_core_find_cands over vmlinux: kernel types of a compatible kind and the same essential name. */
export function findCandidates(k: KernelBtf, local: Btf, localTypeId: number): number[] {
  const lt = local.types[localTypeId];
  if (!lt || lt.name === '') return [];
  const want = essentialName(lt.name);
  return (k.byEssentialName.get(want) ?? []).filter((id) => {
    const t = k.btf.types[id]!;
    return kindCompat(t, lt) && essentialName(t.name) === want;
  });
}
