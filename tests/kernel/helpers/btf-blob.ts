// A raw BTF blob built by hand (include/uapi/linux/btf.h): header, one BTF_KIND_INT "int", string section.
//   header (24 bytes): magic 0xeB9F:16 | version:8 | flags:8 | hdr_len:32 | type_off:32 | type_len:32 | str_off:32 | str_len:32
//   struct btf_type (12): name_off:32 | info:32 (vlen:16, kind:5 at bit 24, kind_flag at bit 31) | size:32
//   INT extra (4): encoding:4 at bit 24 | offset:8 at bit 16 | bits:8
import { BTF_INT_ENCODING, BTF_KIND, BTF_MAGIC, BTF_VERSION } from '@bpflc/sim/btf/kinds';

const BTF_KIND_INT = BTF_KIND.BTF_KIND_INT;
const BTF_INT_SIGNED = BTF_INT_ENCODING.BTF_INT_SIGNED;

export function intBtf(opts: { kind?: number; bits?: number } = {}): Buffer {
  const strings = Buffer.from('\0int\0', 'latin1');
  const types = Buffer.alloc(16);
  types.writeUInt32LE(1, 0); // name_off → "int"
  types.writeUInt32LE(((opts.kind ?? BTF_KIND_INT) & 0x1f) << 24, 4); // kind INT, vlen 0
  types.writeUInt32LE(4, 8); // size 4
  types.writeUInt32LE((BTF_INT_SIGNED << 24) | (opts.bits ?? 32), 12);
  const hdr = Buffer.alloc(24);
  hdr.writeUInt16LE(BTF_MAGIC, 0);
  hdr.writeUInt8(BTF_VERSION, 2);
  hdr.writeUInt8(0, 3);
  hdr.writeUInt32LE(24, 4);
  hdr.writeUInt32LE(0, 8);
  hdr.writeUInt32LE(types.length, 12);
  hdr.writeUInt32LE(types.length, 16);
  hdr.writeUInt32LE(strings.length, 20);
  return Buffer.concat([hdr, types, strings]);
}
