// BTF-defined maps (SEC(".maps")), read as libbpf 1.1's parse_btf_map_def reads them. The definition is a
// struct whose members carry numbers in their *types*: bpf_helpers.h's
//   #define __uint(name, val) int (*name)[val]
//   #define __type(name, val) typeof(val) *name
//   #define __array(name, val) typeof(val) *name[]
// so `__uint(type, BPF_MAP_TYPE_HASH)` is a member `type` of type PTR → ARRAY(nelems = 1): the array's
// element count is the value. `key`/`value` are pointers to the real types (their sizes and BTF ids),
// `values` is a zero-length array of pointers to an inner map definition or a program prototype.
//   e.g. [5] PTR → [6] ARRAY nr_elems=4   ⇒ max_entries = 4
// Unknown members are an error (libbpf's strict mode, the default).

import type { Btf, BtfComposite } from '../btf/index.ts';
import { BPF_MAP_TYPE } from '../abi/uapi.gen.ts';
import { resolveSize, skipModsAndTypedefs } from './btf-view.ts';
import { LIBBPF_PIN } from './uapi-flags.ts';

export interface BtfMapDef {
  mapType: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags: number;
  numaNode: number;
  mapExtra: bigint;
  pinning: number;
  keyTypeId: number;
  valueTypeId: number;
  /** What `values` holds: nothing, programs (prog array) or an inner map (map-in-map). */
  values: 'none' | 'progs' | 'maps';
  inner: BtfMapDef | undefined;
}

const emptyDef = (): BtfMapDef => ({
  mapType: 0, keySize: 0, valueSize: 0, maxEntries: 0, mapFlags: 0, numaNode: 0, mapExtra: 0n, pinning: 0,
  keyTypeId: 0, valueTypeId: 0, values: 'none', inner: undefined,
});

/** A definition libbpf refuses: the sentence and the errno parse_btf_map_def returns. */
export interface MapDefError {
  message: string;
  libbpfErrno: 'EINVAL' | 'EOPNOTSUPP';
}
const bad = (message: string, libbpfErrno: MapDefError['libbpfErrno'] = 'EINVAL'): MapDefError => ({ message, libbpfErrno });
export const isMapDefError = (x: unknown): x is MapDefError => typeof x === 'object' && x !== null && 'libbpfErrno' in x;

const isMapInMap = (t: number): boolean => t === BPF_MAP_TYPE.BPF_MAP_TYPE_ARRAY_OF_MAPS || t === BPF_MAP_TYPE.BPF_MAP_TYPE_HASH_OF_MAPS;

/** get_map_field_int: PTR (after modifiers) → ARRAY; the value is the array's nelems. */
function fieldInt(btf: Btf, mapName: string, member: string, typeId: number): number | MapDefError {
  const { type: p } = skipModsAndTypedefs(btf, typeId);
  if (!p || p.kind !== 'BTF_KIND_PTR') return bad(`map '${mapName}': attr '${member}': expected PTR, got ${p?.kind ?? 'nothing'}.`);
  const arr = btf.types[p.type];
  if (!arr || arr.kind !== 'BTF_KIND_ARRAY') return bad(`map '${mapName}': attr '${member}': expected ARRAY, got ${arr?.kind ?? 'nothing'}.`);
  return arr.nelems;
}

/** A pointer member (`__type(key, T)`): the pointee's size and id. */
function pointee(btf: Btf, mapName: string, member: string, typeId: number): { size: number; id: number } | MapDefError {
  const t = btf.types[typeId];
  if (!t) return bad(`map '${mapName}': ${member} type [${typeId}] not found.`);
  if (t.kind !== 'BTF_KIND_PTR') return bad(`map '${mapName}': ${member} spec is not PTR: ${t.kind}.`);
  const size = resolveSize(btf, t.type);
  if (size === undefined) return bad(`map '${mapName}': can't determine ${member} size for type [${t.type}].`);
  return { size, id: t.type };
}

/**
 * parse_btf_map_def: the definition struct `def` of map `mapName`; `isInner` for the inner definition of a
 * map-in-map (which cannot itself have `values` or `pinning`). Returns the definition or a sentence.
 */
export function parseBtfMapDef(btf: Btf, mapName: string, def: BtfComposite, isInner = false): BtfMapDef | MapDefError {
  const d = emptyDef();
  const int = (member: string, typeId: number): number | MapDefError => fieldInt(btf, mapName, member, typeId);
  for (let i = 0; i < def.members.length; i++) {
    const m = def.members[i]!;
    const name = m.name;
    const setSize = (which: 'keySize' | 'valueSize', sz: number, what: string): MapDefError | undefined => {
      if (d[which] && d[which] !== sz) return bad(`map '${mapName}': conflicting ${what} size ${d[which]} != ${sz}.`);
      d[which] = sz;
      return undefined;
    };
    let r: number | MapDefError | undefined;
    switch (name) {
      case 'type': r = int(name, m.type); if (typeof r === 'number') d.mapType = r; break;
      case 'max_entries': r = int(name, m.type); if (typeof r === 'number') d.maxEntries = r; break;
      case 'map_flags': r = int(name, m.type); if (typeof r === 'number') d.mapFlags = r; break;
      case 'numa_node': r = int(name, m.type); if (typeof r === 'number') d.numaNode = r; break;
      case 'map_extra': r = int(name, m.type); if (typeof r === 'number') d.mapExtra = BigInt(r); break;
      case 'key_size': r = int(name, m.type); if (typeof r === 'number') r = setSize('keySize', r, 'key'); break;
      case 'value_size': r = int(name, m.type); if (typeof r === 'number') r = setSize('valueSize', r, 'value'); break;
      case 'key':
      case 'value': {
        const p = pointee(btf, mapName, name, m.type);
        if (isMapDefError(p)) return p;
        r = setSize(name === 'key' ? 'keySize' : 'valueSize', p.size, name);
        if (name === 'key') d.keyTypeId = p.id;
        else d.valueTypeId = p.id;
        break;
      }
      case 'pinning': {
        if (isInner) return bad(`map '${mapName}': inner def can't be pinned.`);
        r = int(name, m.type);
        if (typeof r === 'number') {
          if (r !== LIBBPF_PIN.LIBBPF_PIN_NONE && r !== LIBBPF_PIN.LIBBPF_PIN_BY_NAME) return bad(`map '${mapName}': invalid pinning value ${r}.`);
          d.pinning = r;
        }
        break;
      }
      case 'values': {
        const inMap = isMapInMap(d.mapType);
        const progArray = d.mapType === BPF_MAP_TYPE.BPF_MAP_TYPE_PROG_ARRAY;
        const desc = inMap ? 'map-in-map inner' : 'prog-array value';
        if (isInner) return bad(`map '${mapName}': multi-level inner maps not supported.`, 'EOPNOTSUPP');
        if (i !== def.members.length - 1) return bad(`map '${mapName}': '${name}' member should be last.`);
        if (!inMap && !progArray) return bad(`map '${mapName}': 'values' needs a map-in-map or prog-array type (declare __uint(type, ...) first).`, 'EOPNOTSUPP');
        if (d.valueSize && d.valueSize !== 4) return bad(`map '${mapName}': conflicting value size ${d.valueSize} != 4.`);
        d.valueSize = 4;
        const arr = btf.types[m.type];
        if (!arr || arr.kind !== 'BTF_KIND_ARRAY' || arr.nelems !== 0) return bad(`map '${mapName}': ${desc} spec is not a zero-sized array.`);
        const { type: ptr } = skipModsAndTypedefs(btf, arr.type);
        if (!ptr || ptr.kind !== 'BTF_KIND_PTR') return bad(`map '${mapName}': ${desc} def is of unexpected kind ${ptr?.kind ?? 'nothing'}.`);
        const { type: target } = skipModsAndTypedefs(btf, ptr.type);
        if (progArray) {
          if (!target || target.kind !== 'BTF_KIND_FUNC_PROTO') return bad(`map '${mapName}': prog-array value def is of unexpected kind ${target?.kind ?? 'nothing'}.`);
          d.values = 'progs';
          break;
        }
        if (!target || target.kind !== 'BTF_KIND_STRUCT') return bad(`map '${mapName}': map-in-map inner def is of unexpected kind ${target?.kind ?? 'nothing'}.`);
        const inner = parseBtfMapDef(btf, `${mapName}.inner`, target, true);
        if (isMapDefError(inner)) return inner;
        d.values = 'maps';
        d.inner = inner;
        break;
      }
      default:
        return bad(`map '${mapName}': unknown field '${name}' (libbpf's strict mode refuses it).`, 'EOPNOTSUPP');
    }
    if (isMapDefError(r)) return r;
  }
  if (d.mapType === 0) return bad(`map '${mapName}': map type isn't specified (add __uint(type, BPF_MAP_TYPE_...)).`);
  return d;
}

/** adjust_ringbuf_sz: ring buffers need a power-of-2 number of pages; libbpf rounds up. */
export function adjustRingbufSize(sz: number, pageSize: number): number {
  if (sz === 0) return 0;
  const pages = sz / pageSize;
  if (sz % pageSize === 0 && (pages & (pages - 1)) === 0) return sz;
  for (let mul = 1; mul <= Math.floor(0xffffffff / pageSize); mul *= 2) {
    if (mul * pageSize > sz) return mul * pageSize;
  }
  return sz;
}
