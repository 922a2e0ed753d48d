// ObjectSpec as plain JSON (for `bpflc inspect --json`, goldens and the worker boundary's readers): bigints
// become "0x..." strings, instruction bytes the 16-hex-digit slots of ARCHITECTURE.md, data bytes one hex
// string, the BTF graph a summary (its own printers show it whole), map flags also by name.
// e.g. { "name": "minimal.rodata", "flags": 1152, "flagNames": ["BPF_F_RDONLY_PROG", "BPF_F_MMAPABLE"], ... }

import { mapFlagNames } from './uapi-flags.ts';
import type { MapSpec, ObjectSpec, ProgramSpec, RelocationSpec } from './types.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** 16 hex digits per 8-byte slot, bytes in file order: 'b700000000000000' is r0 = 0. */
export function insnSlotsHex(insns: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= insns.length; i += 8) out.push(hex(insns.subarray(i, i + 8)));
  return out;
}

function programJson(p: ProgramSpec): Json {
  return {
    name: p.name, section: p.section, sectionIndex: p.sectionIndex, autoload: p.autoload, offset: p.offset, insnCount: p.insnCount,
    isSubprog: p.isSubprog, bind: p.bind, secDef: p.secDef ? p.secDef.sec : null, progType: p.progType ?? null,
    progTypeValue: p.progTypeValue, expectedAttachType: p.expectedAttachType ?? null, expectedAttachTypeValue: p.expectedAttachTypeValue,
    progFlags: p.progFlags, attach: p.attach as unknown as Json,
    funcInfo: p.funcInfo ? p.funcInfo.map((f) => ({ ...f })) : null,
    lineInfo: p.lineInfo ? p.lineInfo.map((l) => `${l.insnIndex} ${l.fileName}:${l.lineNum}:${l.col}`) : null,
    insns: insnSlotsHex(p.insns),
  };
}

function mapJson(m: MapSpec): Json {
  return {
    name: m.name, kind: m.kind, section: m.section, sectionIndex: m.sectionIndex, sectionOffset: m.sectionOffset,
    type: m.type ?? null, typeValue: m.typeValue, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries,
    declaredMaxEntries: m.declaredMaxEntries ?? null, flags: m.flags, flagNames: mapFlagNames(m.flags), numaNode: m.numaNode,
    mapExtra: `0x${m.mapExtra.toString(16)}`, pinning: m.pinning, btfKeyTypeId: m.btfKeyTypeId, btfValueTypeId: m.btfValueTypeId,
    inner: m.inner ? { ...m.inner, type: m.inner.type ?? null } : null, initSlots: m.initSlots.map((s) => ({ ...s })),
    initialValue: m.initialValue ? hex(m.initialValue) : null, freezeAfterLoad: m.freezeAfterLoad,
  };
}

function relocationJson(r: RelocationSpec): Json {
  if (r.kind === 'core') {
    const { relo, ...rest } = r;
    return { ...rest, typeId: relo.typeId, accessStr: relo.accessStr, coreKind: relo.kind, access: relo.access.path };
  }
  return { ...r } as unknown as Json;
}

export function objectSpecToJson(spec: ObjectSpec): Json {
  return {
    objectName: spec.objectName,
    libbpf: spec.libbpf,
    littleEndian: spec.littleEndian,
    license: spec.license ?? null,
    kernelVersion: spec.kernelVersion ?? null,
    sections: spec.sections.map((s) => ({ index: s.index, name: s.name, role: s.role, size: s.size })),
    programs: spec.programs.map(programJson),
    maps: spec.maps.map(mapJson),
    relocations: spec.relocations.map(relocationJson),
    externs: spec.externs.map((e) => ({ ...e })),
    btf: spec.btf ? { types: spec.btf.types.length - 1, stringsLen: spec.btf.header.strLen } : null,
    btfExt: spec.btfExt
      ? {
          funcInfo: spec.btfExt.funcInfo.reduce((n, s) => n + s.records.length, 0),
          lineInfo: spec.btfExt.lineInfo.reduce((n, s) => n + s.records.length, 0),
          coreRelos: spec.btfExt.coreRelos.reduce((n, s) => n + s.records.length, 0),
        }
      : null,
    warnings: spec.warnings.map((w) => ({ ...w })),
  };
}
