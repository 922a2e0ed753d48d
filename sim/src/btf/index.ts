// Public surface of the BTF model: wire layer (wire.ts), record index (record-index.ts), decoded graph (types.ts, decode.ts), .BTF.ext
// (ext.ts, core-access.ts) and the two bpftool printers (print-raw.ts, print-c.ts).
export type {
  Btf, BtfArray, BtfComposite, BtfDatasec, BtfDeclTag, BtfEnum, BtfEnum64, BtfEnum64Value, BtfEnumValue, BtfError,
  BtfFloat, BtfFunc, BtfFuncProto, BtfFwd, BtfHeader, BtfInt, BtfMember, BtfParam, BtfRefType, BtfType, BtfVar,
  BtfVarSecinfo, BtfVoid,
} from './types.ts';
export { decodeBtf, typeAt, typeNameAt, wireRecords } from './decode.ts';
export { indexBtf, type BtfIndex } from './record-index.ts';
export { readBtfHeader, BTF_HEADER_SIZE, BTF_TYPE_SIZE, type WireRecord } from './wire.ts';
export { stringAt, type BtfStringTable } from './strings.ts';
export {
  BTF_KINDS, BTF_KIND, BTF_MAGIC, BTF_INT_ENCODING, BTF_VAR_LINKAGES, BTF_FUNC_LINKAGES, BPF_CORE_RELO_KINDS,
  shortKindName, coreReloFamily,
} from './kinds.ts';
export type { BtfKindName, BtfVarLinkage, BtfFuncLinkage, BpfCoreReloKind } from './kinds.ts';
export { decodeBtfExt } from './ext.ts';
export type { BtfExt, BtfExtHeader, BtfExtSection, BtfFuncInfo, BtfLineInfo, BtfCoreRelo } from './ext.ts';
export { resolveCoreAccess, type CoreAccess, type CoreAccessStep } from './core-access.ts';
export { essentialName, essentialNameLength } from './core-names.ts';
export { formatBtfRaw, formatBtfRawBytes, formatRawRecord } from './print-raw.ts';
export { referrersOf } from './referrers.ts';
export { btfSizeOf, decodeBtfValue, findType, type BtfJson } from './value.ts';
export { formatBtfC, formatBtfCBytes, type CDump, type CDumpOptions } from './print-c.ts';
export { formatTypeC } from './print-c-type.ts';
export { readBtfSource, readBtfFromElf, indexBtfFromElf, isRawBtf, type BtfSource } from './source.ts';
