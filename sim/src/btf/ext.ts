// The .BTF.ext section (include/uapi/linux/btf.h + libbpf 1.1 btf_ext__new): per-ELF-section func_info,
// line_info and CO-RE relocation records, whose strings live in the .BTF string section. Models libbpf's
// structural checks (alignment, record sizes, non-empty blocks) and reads both byte orders (libbpf 1.1
// refuses a swapped .BTF.ext; the kernel never sees one). Records bigger than the known layout (a newer
// rec_size) are read by their known prefix. CO-RE access strings are resolved by core-access.ts.

import { BTF_MAGIC, BTF_VERSION, BPF_CORE_RELO_KINDS, type BpfCoreReloKind } from './kinds.ts';
import { stringAt } from './strings.ts';
import { resolveCoreAccess, type CoreAccess } from './core-access.ts';
import type { Btf, BtfError } from './types.ts';
import { err, ok, type Result } from '../result.ts';

/*
 * struct btf_ext_header (32 bytes since LLVM 10; 24 before CO-RE existed):
 *
 *  0        2     3      4          8               12              16              20              24              28              32
 *  +--------+-----+------+----------+---------------+---------------+---------------+---------------+---------------+---------------+
 *  | magic  | ver | flags| hdr_len  | func_info_off | func_info_len | line_info_off | line_info_len | core_relo_off | core_relo_len |
 *  +--------+-----+------+----------+---------------+---------------+---------------+---------------+---------------+---------------+
 *  Offsets count from the end of the header. Each info area is:
 *    u32 rec_size, then blocks { u32 sec_name_off; u32 num_info; rec_size * num_info bytes of records }
 *  func_info  (8):  { u32 insn_off; u32 type_id }
 *  line_info  (16): { u32 insn_off; u32 file_name_off; u32 line_off; u32 line_col }  line_col = line << 10 | col
 *  core_relo  (16): { u32 insn_off; u32 type_id; u32 access_str_off; u32 kind }
 *  insn_off is a BYTE offset inside the ELF section named by sec_name_off (instruction index × 8).
 */
export interface BtfExtHeader {
  magic: number;
  version: number;
  flags: number;
  hdrLen: number;
  funcInfoOff: number;
  funcInfoLen: number;
  lineInfoOff: number;
  lineInfoLen: number;
  /** 0/0 when hdr_len is 24 (no CO-RE area). */
  coreReloOff: number;
  coreReloLen: number;
}

/** Records of one ELF section (e.g. 'tracepoint/syscalls/sys_enter_write'). */
export interface BtfExtSection<R> {
  secName: string;
  secNameOff: number;
  records: R[];
}

export interface BtfFuncInfo {
  /** Byte offset of the function's first instruction in its section. */
  insnOff: number;
  /** Instruction index (insnOff / 8). */
  insnIdx: number;
  /** The BTF_KIND_FUNC describing it, and its name. */
  typeId: number;
  name: string;
}

export interface BtfLineInfo {
  insnOff: number;
  insnIdx: number;
  fileNameOff: number;
  fileName: string;
  lineOff: number;
  /** The source line's text as clang stored it. */
  line: string;
  lineNum: number;
  col: number;
}

export interface BtfCoreRelo {
  insnOff: number;
  insnIdx: number;
  typeId: number;
  accessStrOff: number;
  /** e.g. '0:1:2' */
  accessStr: string;
  kind: BpfCoreReloKind;
  access: CoreAccess;
}

export interface BtfExt {
  header: BtfExtHeader;
  littleEndian: boolean;
  funcInfo: BtfExtSection<BtfFuncInfo>[];
  lineInfo: BtfExtSection<BtfLineInfo>[];
  coreRelos: BtfExtSection<BtfCoreRelo>[];
  /** rec_size of each area as found (0 when the area is absent). */
  recSize: { funcInfo: number; lineInfo: number; coreRelo: number };
}

const fail = (offset: number, message: string): Result<never, BtfError> => err({ kind: 'btf-error', offset, message });

interface Area { name: string; off: number; len: number; minRec: number }

/** Walks one info area: returns each block's records as byte offsets (btf_ext_setup_info). */
function scanArea(view: DataView, le: boolean, hdrLen: number, a: Area): Result<{ recSize: number; blocks: { secNameOff: number; at: number; recs: number[] }[] }, BtfError> {
  if (a.len === 0) return ok({ recSize: 0, blocks: [] });
  if (a.off % 4) return fail(0, `.BTF.ext ${a.name} area offset ${a.off} is not aligned to 4 bytes.`);
  const start = hdrLen + a.off;
  if (start + a.len > view.byteLength) return fail(start, `.BTF.ext ${a.name} area (off ${a.off}, len ${a.len}) runs past the end of the section (${view.byteLength} bytes).`);
  if (a.len < 4) return fail(start, `.BTF.ext ${a.name} area is too short to hold its record size.`);
  const recSize = view.getUint32(start, le);
  if (recSize < a.minRec || recSize % 4) return fail(start, `.BTF.ext ${a.name} record size ${recSize} is invalid (at least ${a.minRec}, a multiple of 4).`);
  let left = a.len - 4;
  if (left === 0) return fail(start, `.BTF.ext ${a.name} area has a record size but no records.`);
  let p = start + 4;
  const blocks: { secNameOff: number; at: number; recs: number[] }[] = [];
  while (left) {
    if (left < 8) return fail(p, `.BTF.ext ${a.name} block header is cut short (${left} bytes left).`);
    const secNameOff = view.getUint32(p, le);
    const num = view.getUint32(p + 4, le);
    if (num === 0) return fail(p + 4, `.BTF.ext ${a.name} block has num_info 0.`);
    const total = 8 + num * recSize;
    if (left < total) return fail(p + 4, `.BTF.ext ${a.name} block claims ${num} records of ${recSize} bytes, more than the ${left - 8} bytes left.`);
    const recs: number[] = [];
    for (let i = 0; i < num; i++) {
      const r = p + 8 + i * recSize;
      const insnOff = view.getUint32(r, le);
      if (insnOff % 8) return fail(r, `.BTF.ext ${a.name} record has insn_off ${insnOff}, not a multiple of the 8-byte instruction size.`);
      recs.push(r);
    }
    blocks.push({ secNameOff, at: p, recs });
    left -= total;
    p += total;
  }
  return ok({ recSize, blocks });
}

/**
 * Decodes .BTF.ext against the object's decoded .BTF (its strings and types).
 * e.g. funcInfo[0] = { secName: 'tp/syscalls/sys_enter_write', records: [{ insnOff: 0, typeId: 7, name: 'handle_tp' }] }
 */
export function decodeBtfExt(bytes: Uint8Array, btf: Btf): Result<BtfExt, BtfError> {
  if (bytes.length < 8) return fail(0, `.BTF.ext is ${bytes.length} bytes, too short for its header.`);
  const le = bytes[0] === (BTF_MAGIC & 0xff) && bytes[1] === BTF_MAGIC >> 8;
  const be = bytes[0] === BTF_MAGIC >> 8 && bytes[1] === (BTF_MAGIC & 0xff);
  if (!le && !be) return fail(0, 'Bad .BTF.ext magic (expected 0xeb9f): this is not a .BTF.ext section.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number): number => view.getUint32(o, le);
  const hdrLen = u32(4);
  if (bytes[2] !== BTF_VERSION) return fail(2, `Unsupported .BTF.ext version ${bytes[2]}.`);
  if (bytes[3] !== 0) return fail(3, `Unsupported .BTF.ext flags 0x${bytes[3]!.toString(16)}.`);
  if (hdrLen > bytes.length) return fail(4, `.BTF.ext hdr_len ${hdrLen} is larger than the section (${bytes.length} bytes).`);
  if (hdrLen < 24) return fail(4, `.BTF.ext hdr_len ${hdrLen} is too small to hold func_info and line_info (24 bytes).`);
  if (hdrLen === bytes.length) return fail(4, '.BTF.ext has a header but no data.');
  const hasCore = hdrLen >= 32;
  const header: BtfExtHeader = {
    magic: BTF_MAGIC, version: bytes[2]!, flags: bytes[3]!, hdrLen,
    funcInfoOff: u32(8), funcInfoLen: u32(12), lineInfoOff: u32(16), lineInfoLen: u32(20),
    coreReloOff: hasCore ? u32(24) : 0, coreReloLen: hasCore ? u32(28) : 0,
  };
  const strLen = btf.header.strLen;
  const str = (off: number, at: number, what: string): Result<string, BtfError> =>
    off < strLen ? ok(stringAt(btf.strings, off)!) : fail(at, `${what} string offset ${off} is past the ${strLen}-byte .BTF string section.`);

  const fa = scanArea(view, le, hdrLen, { name: 'func_info', off: header.funcInfoOff, len: header.funcInfoLen, minRec: 8 });
  if (!fa.ok) return fa;
  const la = scanArea(view, le, hdrLen, { name: 'line_info', off: header.lineInfoOff, len: header.lineInfoLen, minRec: 16 });
  if (!la.ok) return la;
  const ca = scanArea(view, le, hdrLen, { name: 'core_relo', off: header.coreReloOff, len: header.coreReloLen, minRec: 16 });
  if (!ca.ok) return ca;

  const funcInfo: BtfExtSection<BtfFuncInfo>[] = [];
  for (const b of fa.value.blocks) {
    const sn = str(b.secNameOff, b.at, 'func_info section name');
    if (!sn.ok) return sn;
    const records: BtfFuncInfo[] = [];
    for (const p of b.recs) {
      const typeId = u32(p + 4);
      const t = btf.types[typeId];
      if (!t || t.kind !== 'BTF_KIND_FUNC') return fail(p + 4, `func_info record refers to type [${typeId}], which is not a BTF_KIND_FUNC.`);
      records.push({ insnOff: u32(p), insnIdx: u32(p) / 8, typeId, name: t.name });
    }
    funcInfo.push({ secName: sn.value, secNameOff: b.secNameOff, records });
  }

  const lineInfo: BtfExtSection<BtfLineInfo>[] = [];
  for (const b of la.value.blocks) {
    const sn = str(b.secNameOff, b.at, 'line_info section name');
    if (!sn.ok) return sn;
    const records: BtfLineInfo[] = [];
    for (const p of b.recs) {
      const fileNameOff = u32(p + 4);
      const lineOff = u32(p + 8);
      const fname = str(fileNameOff, p + 4, 'line_info file name');
      if (!fname.ok) return fname;
      const line = str(lineOff, p + 8, 'line_info line');
      if (!line.ok) return line;
      const lc = u32(p + 12);
      records.push({ insnOff: u32(p), insnIdx: u32(p) / 8, fileNameOff, fileName: fname.value, lineOff, line: line.value, lineNum: lc >>> 10, col: lc & 0x3ff });
    }
    lineInfo.push({ secName: sn.value, secNameOff: b.secNameOff, records });
  }

  const coreRelos: BtfExtSection<BtfCoreRelo>[] = [];
  for (const b of ca.value.blocks) {
    const sn = str(b.secNameOff, b.at, 'core_relo section name');
    if (!sn.ok) return sn;
    const records: BtfCoreRelo[] = [];
    for (const p of b.recs) {
      const typeId = u32(p + 4);
      const accessStrOff = u32(p + 8);
      const kindNum = u32(p + 12);
      const kind = BPF_CORE_RELO_KINDS[kindNum];
      if (!kind) return fail(p + 12, `core_relo record has unknown kind ${kindNum} (known kinds are 0..${BPF_CORE_RELO_KINDS.length - 1}).`);
      if (typeId >= btf.types.length) return fail(p + 4, `core_relo record refers to type [${typeId}], but the last type is [${btf.types.length - 1}].`);
      const as = str(accessStrOff, p + 8, 'core_relo access');
      if (!as.ok) return as;
      const access = resolveCoreAccess(btf, typeId, as.value, kind);
      if (!access.ok) return fail(p + 8, `core_relo at insn_off ${u32(p)}: ${access.error}`);
      records.push({ insnOff: u32(p), insnIdx: u32(p) / 8, typeId, accessStrOff, accessStr: as.value, kind, access: access.value });
    }
    coreRelos.push({ secName: sn.value, secNameOff: b.secNameOff, records });
  }

  return ok({
    header, littleEndian: le, funcInfo, lineInfo, coreRelos,
    recSize: { funcInfo: fa.value.recSize, lineInfo: la.value.recSize, coreRelo: ca.value.recSize },
  });
}
