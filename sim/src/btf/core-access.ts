// CO-RE access strings ("0:1:2") resolved against the object's own BTF, as libbpf 1.1's
// bpf_core_parse_spec and bpf_core_format_spec (relo_core.c) do for the *local* spec: field relocations
// walk members and array elements from the root type, enumerator relocations name one enumerator, type
// relocations take the type itself. Candidate matching against a target kernel is not modelled here.
// e.g. (task_struct, "0:92", FIELD_BYTE_OFFSET) → path "task_struct.pid",
//      spec "<byte_off> [13] struct task_struct.pid (0:92 @ offset 1264)"

import { coreReloFamily, type BpfCoreReloKind } from './kinds.ts';
import { resolveSize } from './c-dump/layout.ts';
import type { Btf, BtfType } from './types.ts';
import { err, ok, type Result } from '../result.ts';

export interface CoreAccessStep {
  /** Type id the step indexes into (a struct/union, an array's element type, or the root). */
  typeId: number;
  /** Member index, array index, or enumerator index. */
  idx: number;
  /** Member or enumerator name; undefined for array indices and anonymous members. */
  name?: string;
}

export interface CoreAccess {
  /** Parsed access indices, e.g. [0, 92]. */
  raw: number[];
  /** Named steps as libbpf keeps them (anonymous members skipped). */
  steps: CoreAccessStep[];
  /** Human path: 'task_struct.pid', 'file.f_path.dentry', 'bpf_func_id___x::BPF_FUNC_x', 'task_struct'. */
  path: string;
  /** libbpf's debug form of the local spec (printed by `bpftool -d` for each relocation). */
  spec: string;
  /** Field relocations: bit offset of the field from the root type's start. */
  bitOffset?: number;
}

const KIND_STR: Record<BpfCoreReloKind, string> = {
  BPF_CORE_FIELD_BYTE_OFFSET: 'byte_off',
  BPF_CORE_FIELD_BYTE_SIZE: 'byte_sz',
  BPF_CORE_FIELD_EXISTS: 'field_exists',
  BPF_CORE_FIELD_SIGNED: 'signed',
  BPF_CORE_FIELD_LSHIFT_U64: 'lshift_u64',
  BPF_CORE_FIELD_RSHIFT_U64: 'rshift_u64',
  BPF_CORE_TYPE_ID_LOCAL: 'local_type_id',
  BPF_CORE_TYPE_ID_TARGET: 'target_type_id',
  BPF_CORE_TYPE_EXISTS: 'type_exists',
  BPF_CORE_TYPE_SIZE: 'type_size',
  BPF_CORE_ENUMVAL_EXISTS: 'enumval_exists',
  BPF_CORE_ENUMVAL_VALUE: 'enumval_value',
  BPF_CORE_TYPE_MATCHES: 'type_matches',
};

/** libbpf's lower-case kind names (btf_kind_str). */
const LOWER_KIND = ['void', 'int', 'ptr', 'array', 'struct', 'union', 'enum', 'fwd', 'typedef', 'volatile', 'const',
  'restrict', 'func', 'func_proto', 'var', 'datasec', 'float', 'decl_tag', 'type_tag', 'enum64'];
const KIND_INDEX: Record<string, number> = {
  BTF_KIND_UNKN: 0, BTF_KIND_INT: 1, BTF_KIND_PTR: 2, BTF_KIND_ARRAY: 3, BTF_KIND_STRUCT: 4, BTF_KIND_UNION: 5,
  BTF_KIND_ENUM: 6, BTF_KIND_FWD: 7, BTF_KIND_TYPEDEF: 8, BTF_KIND_VOLATILE: 9, BTF_KIND_CONST: 10,
  BTF_KIND_RESTRICT: 11, BTF_KIND_FUNC: 12, BTF_KIND_FUNC_PROTO: 13, BTF_KIND_VAR: 14, BTF_KIND_DATASEC: 15,
  BTF_KIND_FLOAT: 16, BTF_KIND_DECL_TAG: 17, BTF_KIND_TYPE_TAG: 18, BTF_KIND_ENUM64: 19,
};
const lowerKind = (t: BtfType): string => LOWER_KIND[KIND_INDEX[t.kind]!]!;

/** Skips const/volatile/restrict/type_tag and typedefs (libbpf skip_mods_and_typedefs). */
function skipModsAndTypedefs(btf: Btf, id: number): number {
  for (let guard = 0; guard < btf.types.length + 1; guard++) {
    const t = btf.types[id];
    if (!t) return id;
    if (t.kind === 'BTF_KIND_VOLATILE' || t.kind === 'BTF_KIND_CONST' || t.kind === 'BTF_KIND_RESTRICT' ||
      t.kind === 'BTF_KIND_TYPE_TAG' || t.kind === 'BTF_KIND_TYPEDEF') id = t.type;
    else return id;
  }
  return id;
}

const MAX_SPEC_LEN = 64;

/** Parses and resolves one access string; the error is a sentence (ext.ts adds the offset). */
export function resolveCoreAccess(btf: Btf, typeId: number, accessStr: string, kind: BpfCoreReloKind): Result<CoreAccess, string> {
  if (accessStr === '' || accessStr[0] === ':') return err(`access string '${accessStr}' is empty or starts with ':'.`);
  const root = btf.types[typeId]!;
  const rootName = root.name === '' ? '<anon>' : root.name;
  const head = `<${KIND_STR[kind]}> [${typeId}] ${lowerKind(root)} ${rootName}`;
  const family = coreReloFamily(kind);
  if (family === 'type') {
    if (accessStr !== '0') return err(`a type relocation's access string must be '0', not '${accessStr}'.`);
    return ok({ raw: [0], steps: [{ typeId, idx: 0 }], path: rootName, spec: head });
  }
  if (!/^\d+(:\d+)*$/.test(accessStr)) return err(`access string '${accessStr}' is not colon-separated numbers.`);
  const raw = accessStr.split(':').map((x) => Number(x));
  if (raw.length > MAX_SPEC_LEN) return err(`access string has ${raw.length} steps, over libbpf's limit of ${MAX_SPEC_LEN}.`);
  if (raw.some((x) => x > 0x7fffffff)) return err(`access string '${accessStr}' has an index too large for an int.`);
  let id = skipModsAndTypedefs(btf, typeId);
  const steps: CoreAccessStep[] = [{ typeId: id, idx: raw[0]! }];
  const t0 = btf.types[id]!;

  if (family === 'enumval') {
    if ((t0.kind !== 'BTF_KIND_ENUM' && t0.kind !== 'BTF_KIND_ENUM64') || raw.length > 1 || raw[0]! >= t0.values.length) {
      return err(`enumerator access '${accessStr}' does not name an enumerator of [${typeId}].`);
    }
    const e = t0.values[raw[0]!]!;
    steps[0]!.name = e.name;
    const val = t0.kind === 'BTF_KIND_ENUM' ? String(e.value) : String(e.value);
    return ok({ raw, steps, path: `${rootName}::${e.name}`, spec: `${head}::${e.name} = ${val}` });
  }

  let sz = resolveSize(btf, 8, id);
  if (sz < 0) return err(`the root type [${typeId}] has no size, so '${accessStr}' cannot index it.`);
  let bitOffset = raw[0]! * sz * 8;
  let path = rootName + (raw[0]! > 0 ? `[${raw[0]}]` : '');
  for (let i = 1; i < raw.length; i++) {
    id = skipModsAndTypedefs(btf, id);
    const t = btf.types[id]!;
    const idx = raw[i]!;
    if (t.kind === 'BTF_KIND_STRUCT' || t.kind === 'BTF_KIND_UNION') {
      if (idx >= t.members.length) return err(`step ${i} of '${accessStr}' asks for member ${idx} of [${id}], which has ${t.members.length}.`);
      const m = t.members[idx]!;
      bitOffset += m.bitOffset;
      if (m.nameOff) {
        steps.push({ typeId: id, idx, name: m.name });
        path += `.${m.name}`;
      }
      id = m.type;
    } else if (t.kind === 'BTF_KIND_ARRAY') {
      const elem = skipModsAndTypedefs(btf, t.type);
      const prev = steps[steps.length - 1]!;
      const prevT = btf.types[prev.typeId]!;
      // A flexible array (nelems 0, last member of its struct) may be indexed past its end.
      const flex = prev.name !== undefined && t.nelems === 0 && 'members' in prevT && prev.idx === prevT.members.length - 1;
      if (!flex && idx >= t.nelems) return err(`step ${i} of '${accessStr}' indexes element ${idx} of a ${t.nelems}-element array.`);
      steps.push({ typeId: elem, idx });
      path += `[${idx}]`;
      id = elem;
      sz = resolveSize(btf, 8, id);
      if (sz < 0) return err(`step ${i} of '${accessStr}' indexes an array of unsized elements.`);
      bitOffset += idx * sz * 8;
    } else {
      return err(`step ${i} of '${accessStr}' reaches [${id}] ${t.kind}, which has no members or elements.`);
    }
  }
  const rawStr = raw.join(':');
  const off = bitOffset % 8 ? `${Math.floor(bitOffset / 8)}.${bitOffset % 8}` : `${bitOffset / 8}`;
  const specPath = steps.map((s, i) => (s.name !== undefined ? `.${s.name}` : i > 0 || s.idx > 0 ? `[${s.idx}]` : '')).join('');
  return ok({ raw, steps, path, spec: `${head}${specPath} (${rawStr} @ offset ${off})`, bitOffset });
}
