// The decoded BTF type graph (what decodeBtf() hands to the rest of the project), modelled on the kernel's
// include/uapi/linux/btf.h as of Linux 6.1 (kinds 1..19). Types are numbered by id as the kernel numbers them:
// `types[0]` is void, `types[id]` the id-th record; references stay ids (no object cycles), so the graph is
// plain data that can cross a worker boundary. Split BTF (module BTF on top of vmlinux) is not modelled.
// Names are resolved from the string section; `nameOff` is kept because printers distinguish "no name"
// (offset 0) from an empty string elsewhere.

import type { BtfKindName } from './kinds.ts';
import type { BtfIndex } from './record-index.ts';
import type { BtfStringTable } from './strings.ts';

/** A malformed BTF or .BTF.ext blob: byte offset inside the blob and a sentence a learner can act on. */
export type BtfError = { kind: 'btf-error'; offset: number; message: string };

export interface BtfHeader {
  magic: number;
  version: number;
  flags: number;
  hdrLen: number;
  typeOff: number;
  typeLen: number;
  strOff: number;
  strLen: number;
}

interface TypeBase {
  id: number;
  /** '' when anonymous. */
  name: string;
  nameOff: number;
  /** btf_type.info bit 31. */
  kindFlag: boolean;
  /** Byte offset of the record inside the BTF blob (header included), for inspectors and errors. */
  offset: number;
}

export interface BtfVoid extends TypeBase { kind: 'BTF_KIND_UNKN' }

export interface BtfInt extends TypeBase {
  kind: 'BTF_KIND_INT';
  size: number;
  /** BTF_INT_ENCODING bits: 1 SIGNED, 2 CHAR, 4 BOOL (0 = unsigned, no flag). */
  encoding: number;
  bitsOffset: number;
  nrBits: number;
}

/** Kinds whose only payload is the referenced type id. */
export interface BtfRefType extends TypeBase {
  kind: 'BTF_KIND_PTR' | 'BTF_KIND_TYPEDEF' | 'BTF_KIND_VOLATILE' | 'BTF_KIND_CONST' | 'BTF_KIND_RESTRICT' | 'BTF_KIND_TYPE_TAG';
  type: number;
}

export interface BtfArray extends TypeBase {
  kind: 'BTF_KIND_ARRAY';
  type: number;
  indexType: number;
  nelems: number;
}

export interface BtfMember {
  name: string;
  nameOff: number;
  type: number;
  /** Offset of the member in bits from the start of the struct. */
  bitOffset: number;
  /** Bitfield width in bits (kind_flag structs only); 0 for a plain member. */
  bitfieldSize: number;
}

export interface BtfComposite extends TypeBase {
  kind: 'BTF_KIND_STRUCT' | 'BTF_KIND_UNION';
  size: number;
  members: BtfMember[];
}

export interface BtfEnumValue {
  name: string;
  nameOff: number;
  /** int32 when the enum is signed (kind_flag), uint32 otherwise. */
  value: number;
}

export interface BtfEnum extends TypeBase {
  kind: 'BTF_KIND_ENUM';
  size: number;
  signed: boolean;
  values: BtfEnumValue[];
}

export interface BtfEnum64Value {
  name: string;
  nameOff: number;
  /** int64 when the enum is signed (kind_flag), uint64 otherwise. */
  value: bigint;
}

export interface BtfEnum64 extends TypeBase {
  kind: 'BTF_KIND_ENUM64';
  size: number;
  signed: boolean;
  values: BtfEnum64Value[];
}

export interface BtfFwd extends TypeBase {
  kind: 'BTF_KIND_FWD';
  /** kind_flag: 0 → struct, 1 → union. */
  fwdKind: 'struct' | 'union';
}

export interface BtfFunc extends TypeBase {
  kind: 'BTF_KIND_FUNC';
  /** The FUNC_PROTO. */
  type: number;
  /** vlen: 0 static, 1 global, 2 extern (see BTF_FUNC_LINKAGES). */
  linkage: number;
}

export interface BtfParam {
  name: string;
  nameOff: number;
  /** 0 (void) as the last parameter means varargs. */
  type: number;
}

export interface BtfFuncProto extends TypeBase {
  kind: 'BTF_KIND_FUNC_PROTO';
  returnType: number;
  params: BtfParam[];
}

export interface BtfVar extends TypeBase {
  kind: 'BTF_KIND_VAR';
  type: number;
  /** btf_var.linkage: 0 static, 1 global, 2 extern (see BTF_VAR_LINKAGES). */
  linkage: number;
}

export interface BtfVarSecinfo {
  type: number;
  offset: number;
  size: number;
}

export interface BtfDatasec extends TypeBase {
  kind: 'BTF_KIND_DATASEC';
  size: number;
  vars: BtfVarSecinfo[];
}

export interface BtfFloat extends TypeBase {
  kind: 'BTF_KIND_FLOAT';
  size: number;
}

export interface BtfDeclTag extends TypeBase {
  kind: 'BTF_KIND_DECL_TAG';
  type: number;
  /** -1: the tag applies to the type itself; otherwise a member or parameter index. */
  componentIdx: number;
}

export type BtfType =
  | BtfVoid
  | BtfInt
  | BtfRefType
  | BtfArray
  | BtfComposite
  | BtfEnum
  | BtfEnum64
  | BtfFwd
  | BtfFunc
  | BtfFuncProto
  | BtfVar
  | BtfDatasec
  | BtfFloat
  | BtfDeclTag;

/** Compile-time check that every kind name has its variant. */
export type BtfTypeOfKind<K extends BtfKindName> = Extract<BtfType, { kind: K }>;

export interface Btf {
  header: BtfHeader;
  /** Byte order of the blob, from the magic. */
  littleEndian: boolean;
  /** types[0] is void; types[id] for 1 <= id < types.length. */
  types: BtfType[];
  /** The string section (read names with stringAt(btf.strings, off)). */
  strings: BtfStringTable;
  /** The records in the blob (record-index.ts): where each type's bytes are, for printers and inspectors. */
  index: BtfIndex;
}
