// The BTF wire format (include/uapi/linux/btf.h, Linux 6.1): the header and the type records with their
// kind-specific trailers, as byte layouts. Both byte orders are read (the header magic decides), as libbpf
// 1.1 does. This layer only knows sizes and field positions; decode.ts turns records into the type graph
// and checks their meaning. It leaves out the kernel's semantic checks (decode.ts/validate.ts do those).

import { BTF_MAGIC } from './kinds.ts';
import type { BtfError, BtfHeader } from './types.ts';
import { err, ok, type Result } from '../result.ts';

/*
 * struct btf_header (24 bytes; hdr_len may announce more, the extra bytes are ignored here):
 *
 *  0        2     3      4          8           12          16          20          24
 *  +--------+-----+------+----------+-----------+-----------+-----------+-----------+
 *  | magic  | ver | flags| hdr_len  | type_off  | type_len  | str_off   | str_len   |
 *  | 0xeb9f |  1  |  0   |   u32    | u32       | u32       | u32       | u32       |
 *  +--------+-----+------+----------+-----------+-----------+-----------+-----------+
 *  type_off and str_off count from the END of the header (hdr_len), not from byte 0.
 */
export const BTF_HEADER_SIZE = 24;

/*
 * struct btf_type (12 bytes), then a trailer that depends on the kind:
 *
 *  0           4                                 8                 12
 *  +-----------+---------------------------------+-----------------+
 *  | name_off  | info                            | size / type     |
 *  +-----------+---------------------------------+-----------------+
 *  info:  31 | 30..29 | 28..24 | 23..16 | 15..0
 *         kf |   0    |  kind  |   0    | vlen
 *  "size" for INT ENUM ENUM64 STRUCT UNION DATASEC FLOAT; "type" (an id) for the others.
 */
export const BTF_TYPE_SIZE = 12;

export const infoKind = (info: number): number => (info >>> 24) & 0x1f;
export const infoVlen = (info: number): number => info & 0xffff;
export const infoKindFlag = (info: number): boolean => info >>> 31 === 1;

/*
 * Trailers (all fields u32 unless noted):
 *   INT         +4          encoding word:  31..28 | 27..24 enc | 23..16 bits_offset | 15..8 | 7..0 nr_bits
 *   ARRAY       +12         { type, index_type, nelems }
 *   STRUCT/UNION +12*vlen   { name_off, type, offset }  offset: kind_flag=0 → bit offset;
 *                                                      kind_flag=1 → 31..24 bitfield size | 23..0 bit offset
 *   ENUM        +8*vlen     { name_off, val (s32 or u32 by kind_flag) }
 *   ENUM64      +12*vlen    { name_off, val_lo32, val_hi32 }
 *   FUNC_PROTO  +8*vlen     { name_off, type }
 *   VAR         +4          { linkage }
 *   DATASEC     +12*vlen    { type, offset, size }
 *   DECL_TAG    +4          { component_idx (s32) }
 *   PTR TYPEDEF VOLATILE CONST RESTRICT FUNC FWD FLOAT TYPE_TAG: no trailer.
 */
export const INT_ENCODING = (w: number): number => (w >>> 24) & 0x0f;
export const INT_OFFSET = (w: number): number => (w >>> 16) & 0xff;
export const INT_BITS = (w: number): number => w & 0xff;
export const MEMBER_BITFIELD_SIZE = (off: number): number => off >>> 24;
export const MEMBER_BIT_OFFSET = (off: number): number => off & 0xffffff;

/** Size of the trailer after the 12-byte btf_type, or -1 for an unknown kind. */
export function trailerSize(kind: number, vlen: number): number {
  switch (kind) {
    case 1: case 14: case 17: return 4; // INT, VAR, DECL_TAG
    case 3: return 12; // ARRAY
    case 4: case 5: case 15: case 19: return 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
    case 6: case 13: return 8 * vlen; // ENUM, FUNC_PROTO
    case 2: case 7: case 8: case 9: case 10: case 11: case 12: case 16: case 18: return 0;
    default: return -1;
  }
}

/** Reads the magic to learn the byte order, then the header. Checks only what is needed to read on. */
export function readBtfHeader(bytes: Uint8Array): Result<{ header: BtfHeader; le: boolean }, BtfError> {
  if (bytes.length < BTF_HEADER_SIZE) {
    return err({ kind: 'btf-error', offset: 0, message: `BTF is ${bytes.length} bytes, shorter than the ${BTF_HEADER_SIZE}-byte btf_header.` });
  }
  const le = bytes[0] === (BTF_MAGIC & 0xff) && bytes[1] === BTF_MAGIC >> 8;
  const be = bytes[0] === BTF_MAGIC >> 8 && bytes[1] === (BTF_MAGIC & 0xff);
  if (!le && !be) {
    const got = ((bytes[1]! << 8) | bytes[0]!).toString(16).padStart(4, '0');
    return err({ kind: 'btf-error', offset: 0, message: `Bad BTF magic 0x${got} (expected 0xeb9f in either byte order): this is not BTF.` });
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: BtfHeader = {
    magic: BTF_MAGIC,
    version: bytes[2]!,
    flags: bytes[3]!,
    hdrLen: v.getUint32(4, le),
    typeOff: v.getUint32(8, le),
    typeLen: v.getUint32(12, le),
    strOff: v.getUint32(16, le),
    strLen: v.getUint32(20, le),
  };
  return ok({ header, le });
}

/** One type record's place in the blob, for inspectors (a hex view can colour header vs trailer). */
export interface WireRecord {
  id: number;
  /** Byte offset of the btf_type inside the blob. */
  offset: number;
  kind: number;
  vlen: number;
  /** 12 + trailer size. */
  length: number;
}
