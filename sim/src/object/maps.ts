// The maps step: every map libbpf 1.1 would create for an object, in its order (bpf_object__init_maps):
// BTF-defined maps from the `.maps` DATASEC (sorted by offset), then one array map per non-empty global
// data section (.data*, .rodata*, .bss* in section order), then `.kconfig` when there are Kconfig externs.
// Legacy `maps` definitions (struct bpf_map_def, libbpf 0.x: one equal-sized record per symbol) come first
// when present, as libbpf 0.8 put them, although libbpf 1.x refuses the object (see classify.ts).
// Left out: .struct_ops maps (reported as a warning) and the map-in-map/prog-array slot checks that need
// the other maps' types (done in relocations.ts for .rel.maps).

import type { Btf } from '../btf/index.ts';
import { BPF_MAP_TYPE, BPF_MAP_TYPE_NAME } from '../abi/uapi.gen.ts';
import { STB, STT, sectionData, symbolsInSection, type ElfFile, type ElfSection } from '../elf/index.ts';
import { err, ok, type Result } from '../result.ts';
import { findByName, skipModsAndTypedefs, type FixedDatasec } from './btf-view.ts';
import type { Classified } from './classify.ts';
import type { Externs } from './externs.ts';
import { adjustRingbufSize, isMapDefError, parseBtfMapDef, type BtfMapDef } from './maps-btf.ts';
import { BPF_MAP_FLAG, BPF_OBJ_NAME_LEN, DEFAULT_PAGE_SIZE, LIBBPF_PIN } from './uapi-flags.ts';
import type { InnerMapSpec, LibbpfErrno, MapSpec, ObjectError, ObjectWarning } from './types.ts';

/**
 * libbpf 1.1 internal_map_name: as much of the object name as fits in front of the section name, within
 * the kernel's 15 characters, always leaving at least 7 for the suffix; section names with a second dot
 * ('.rodata.str1.1', '.data.extra') get no prefix. Characters the kernel refuses become '_'.
 * e.g. ('minimal', '.bss') → 'minimal.bss'; ('subprog_loop', '.rodata') → 'subprog_.rodata';
 *      ('minimal', '.kconfig') → 'minimal.kconfig'; ('x', '.rodata.str1.1') → '.rodata.str1.1'
 */
export function internalMapName(objectName: string, sectionName: string): string {
  const sfxLen = Math.min(Math.max(7, sectionName.length), BPF_OBJ_NAME_LEN - 1);
  const pfxLen = sectionName.indexOf('.', 1) >= 0 ? 0 : Math.min(BPF_OBJ_NAME_LEN - sfxLen - 1, objectName.length);
  const name = (objectName.slice(0, pfxLen) + sectionName.slice(0, sfxLen)).slice(0, BPF_OBJ_NAME_LEN - 1);
  return name.replace(/[^a-zA-Z0-9_.]/g, '_');
}

/** bpf_object__new: the file's base name cut to 15 characters, then at its first '.'. e.g. 'build/minimal.bpf.o' → 'minimal' */
export function objectNameFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).slice(0, BPF_OBJ_NAME_LEN - 1);
  const dot = base.indexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

const typeName = (v: number): MapSpec['type'] => BPF_MAP_TYPE_NAME[v];

function baseMap(name: string, kind: MapSpec['kind'], sec: ElfSection, offset: number): MapSpec {
  return {
    name, kind, section: sec.name, sectionIndex: sec.index, sectionOffset: offset, type: undefined, typeValue: 0, keySize: 0,
    valueSize: 0, maxEntries: 0, flags: 0, numaNode: 0, mapExtra: 0n, pinning: 'none', btfKeyTypeId: 0, btfValueTypeId: 0,
    inner: undefined, initSlots: [], initialValue: undefined, freezeAfterLoad: false,
  };
}

type DefFields = Pick<MapSpec, 'type' | 'typeValue' | 'keySize' | 'valueSize' | 'maxEntries' | 'declaredMaxEntries' | 'flags' | 'numaNode' | 'mapExtra' | 'btfKeyTypeId' | 'btfValueTypeId' | 'pinning'>;

/** fill_map_from_def, including the ring buffer size rounding. */
function defFields(d: BtfMapDef, pageSize: number): DefFields {
  const f: DefFields = {
    type: typeName(d.mapType), typeValue: d.mapType, keySize: d.keySize, valueSize: d.valueSize, maxEntries: d.maxEntries,
    flags: d.mapFlags, numaNode: d.numaNode, mapExtra: d.mapExtra, btfKeyTypeId: d.keyTypeId, btfValueTypeId: d.valueTypeId,
    pinning: d.pinning === LIBBPF_PIN.LIBBPF_PIN_BY_NAME ? 'by-name' : 'none',
  };
  if (d.mapType === BPF_MAP_TYPE.BPF_MAP_TYPE_RINGBUF || d.mapType === BPF_MAP_TYPE.BPF_MAP_TYPE_USER_RINGBUF) {
    const adjusted = adjustRingbufSize(d.maxEntries, pageSize);
    if (adjusted !== d.maxEntries) {
      f.declaredMaxEntries = d.maxEntries;
      f.maxEntries = adjusted;
    }
  }
  return f;
}

function innerOf(name: string, d: BtfMapDef, pageSize: number): InnerMapSpec {
  const f = defFields(d, pageSize);
  return {
    name, type: f.type, typeValue: f.typeValue, keySize: f.keySize, valueSize: f.valueSize, maxEntries: f.maxEntries, flags: f.flags,
    btfKeyTypeId: f.btfKeyTypeId, btfValueTypeId: f.btfValueTypeId,
  };
}

export interface MapsInput {
  elf: ElfFile;
  classified: Classified;
  btf: Btf | undefined;
  datasecs: Map<number, FixedDatasec>;
  externs: Externs;
  objectName: string;
  pageSize?: number | undefined;
  mmapable?: 'global-vars' | 'always' | undefined;
}

type Fail = (offset: number, message: string, libbpfErrno?: LibbpfErrno) => Result<never, ObjectError>;

function legacyMaps(elf: ElfFile, sec: ElfSection, fail: Fail): Result<MapSpec[], ObjectError> {
  const syms = symbolsInSection(elf, sec.index).filter((y) => y.type !== STT.STT_SECTION);
  if (syms.length === 0 || sec.size % syms.length !== 0) return fail(sec.headerOffset, `Cannot tell the size of the legacy map definitions: ${sec.size} bytes for ${syms.length} symbols.`);
  const defSize = sec.size / syms.length;
  const bytes = sectionData(elf, sec);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maps: MapSpec[] = [];
  for (const y of syms) {
    const off = Number(y.value);
    if (y.bind === STB.STB_LOCAL) return fail(sec.offset + off, `Legacy map '${y.name}' is static; static maps are not supported.`);
    if (off + defSize > sec.size) return fail(sec.offset + off, `Legacy map '${y.name}' runs past the end of the 'maps' section.`);
    // struct bpf_map_def { u32 type, key_size, value_size, max_entries, map_flags; } (extra fields ignored)
    const u32 = (i: number): number => (i * 4 + 4 <= defSize ? view.getUint32(off + i * 4, elf.header.littleEndian) : 0);
    const m = baseMap(y.name, 'legacy', sec, off);
    m.typeValue = u32(0);
    m.type = typeName(m.typeValue);
    m.keySize = u32(1);
    m.valueSize = u32(2);
    m.maxEntries = u32(3);
    m.flags = u32(4);
    maps.push(m);
  }
  return ok(maps);
}

function btfMaps(input: MapsInput, sec: ElfSection, fail: Fail, pageSize: number): Result<MapSpec[], ObjectError> {
  const { btf, datasecs } = input;
  if (!btf) return fail(sec.headerOffset, "The object has SEC(\".maps\") but no usable .BTF: BTF-defined maps are described only in BTF (compile with -g).");
  const dsId = btf.types.findIndex((t) => t.kind === 'BTF_KIND_DATASEC' && t.name === '.maps');
  const ds = datasecs.get(dsId);
  if (!ds) return fail(sec.headerOffset, "BTF has no DATASEC '.maps' describing the maps in SEC(\".maps\").", 'ENOENT');
  const maps: MapSpec[] = [];
  for (const v of ds.vars) {
    const at = sec.offset + v.offset;
    if (!v.name) return fail(at, 'A map in .maps has no name.');
    if (v.offset + v.size > sec.size) return fail(at, `Map '${v.name}': its BTF says it ends at ${v.offset + v.size}, past the ${sec.size}-byte .maps section.`);
    const varT = btf.types[v.typeId];
    if (!varT || varT.kind !== 'BTF_KIND_VAR') return fail(at, `Map '${v.name}': unexpected ${varT?.kind ?? 'missing'} in the .maps DATASEC.`);
    if (varT.linkage !== 1) return fail(at, `Map '${v.name}': unsupported linkage (${varT.linkage}); maps must be global, allocated variables.`, 'EOPNOTSUPP');
    const { type: def } = skipModsAndTypedefs(btf, varT.type);
    if (!def || def.kind !== 'BTF_KIND_STRUCT') return fail(at, `Map '${v.name}': its definition is a ${def?.kind ?? 'missing type'}, not a struct.`);
    if (def.size > v.size) return fail(at, `Map '${v.name}': invalid definition size.`);
    const d = parseBtfMapDef(btf, v.name, def);
    if (isMapDefError(d)) return fail(at, d.message, d.libbpfErrno);
    const m: MapSpec = { ...baseMap(v.name, 'btf-defined', sec, v.offset), ...defFields(d, pageSize) };
    if (d.inner) m.inner = innerOf(`${v.name}.inner`, d.inner, pageSize);
    maps.push(m);
  }
  return ok(maps);
}

/** map_is_mmapable: the DATASEC has at least one non-static VAR (after hidden globals became static). */
function mmapable(ds: FixedDatasec | undefined): boolean {
  return ds !== undefined && ds.vars.some((v) => v.linkage !== 0 && v.linkage !== -1);
}

function internalMap(input: MapsInput, kind: 'global-data' | 'kconfig', realName: string, sec: ElfSection, size: number, data: Uint8Array | undefined): MapSpec {
  const m = baseMap(internalMapName(input.objectName, realName), kind, sec, 0);
  m.typeValue = BPF_MAP_TYPE.BPF_MAP_TYPE_ARRAY;
  m.type = 'BPF_MAP_TYPE_ARRAY';
  m.keySize = 4;
  m.valueSize = size;
  m.maxEntries = 1;
  const readonly = kind === 'kconfig' || realName === '.rodata' || realName.startsWith('.rodata.');
  m.flags = readonly ? BPF_MAP_FLAG.BPF_F_RDONLY_PROG : 0;
  m.freezeAfterLoad = readonly;
  // map_fill_btf_type_info: key id 0, value = the first type named like the section (its DATASEC), if any.
  const valueId = input.btf ? findByName(input.btf, realName) : 0;
  m.btfValueTypeId = valueId;
  const ds = input.datasecs.get(valueId);
  if (input.mmapable === 'always' || mmapable(ds)) m.flags |= BPF_MAP_FLAG.BPF_F_MMAPABLE;
  m.initialValue = data ? data.slice(0, size) : new Uint8Array(size);
  return m;
}

export function collectMaps(input: MapsInput, warnings: ObjectWarning[]): Result<MapSpec[], ObjectError> {
  const fail: Fail = (offset, message, libbpfErrno = 'EINVAL') => err({ kind: 'object-error', step: 'maps', offset, message, libbpfErrno });
  const { elf, classified } = input;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const maps: MapSpec[] = [];
  if (classified.legacyMaps) {
    const r = legacyMaps(elf, classified.legacyMaps, fail);
    if (!r.ok) return r;
    maps.push(...r.value);
  }
  if (classified.btfMaps) {
    const r = btfMaps(input, classified.btfMaps, fail, pageSize);
    if (!r.ok) return r;
    maps.push(...r.value);
  }
  for (const c of classified.sections) {
    if ((c.role !== 'data' && c.role !== 'rodata' && c.role !== 'bss') || c.size === 0) continue;
    const sec = elf.sections[c.index]!;
    maps.push(internalMap(input, 'global-data', sec.name, sec, sec.size, c.role === 'bss' ? undefined : sectionData(elf, sec)));
  }
  if (input.externs.kconfigSize > 0) {
    maps.push(internalMap(input, 'kconfig', '.kconfig', classified.symtab, input.externs.kconfigSize, undefined));
  }
  if (classified.structOps) {
    warnings.push({ kind: 'note', step: 'maps', offset: classified.structOps.headerOffset, message: 'The .struct_ops section defines struct_ops maps; this reader does not model them yet.' });
  }
  return ok(maps);
}
