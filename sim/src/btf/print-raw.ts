// `bpftool btf dump file X format raw`, byte for byte as bpftool 7.1.0 (Linux 6.1 tools/bpf/bpftool/btf.c)
// prints it: one line per type, then one tab-indented line per member/enumerator/parameter/var. Names are
// copied as raw bytes from the string section, as bpftool's printf("%s") does. Models the plain-text form
// only (not `-j` JSON), and a whole-file dump (not the `root_type_ids` of `btf dump map`).
// e.g. "[2] STRUCT 'event' size=16 vlen=2\n\t'pid' type_id=3 bits_offset=0\n"

import { ByteWriter } from './byte-writer.ts';
import { shortKindName } from './kinds.ts';
import type { Btf, BtfType } from './types.ts';

function intEncoding(enc: number): string {
  switch (enc) {
    case 0: return '(none)';
    case 1: return 'SIGNED';
    case 2: return 'CHAR';
    case 4: return 'BOOL';
    default: return 'UNKN';
  }
}

const LINKAGE = ['static', 'global', 'extern'];

/** 'name' with bpftool's quotes; offset 0 prints as '(anon)'. */
function quoted(w: ByteWriter, strs: Uint8Array, nameOff: number): void {
  w.byte(39);
  if (nameOff === 0) w.ascii('(anon)');
  else w.cstr(strs, nameOff);
  w.byte(39);
}

function writeType(w: ByteWriter, btf: Btf, t: BtfType): void {
  const strs = btf.strings.bytes;
  w.byte(91); // '['
  w.num(t.id);
  w.ascii('] ');
  w.ascii(shortKindName(t.kind));
  w.byte(32);
  quoted(w, strs, t.nameOff);
  switch (t.kind) {
    case 'BTF_KIND_INT':
      w.ascii(' size='); w.num(t.size);
      w.ascii(' bits_offset='); w.num(t.bitsOffset);
      w.ascii(' nr_bits='); w.num(t.nrBits);
      w.ascii(' encoding='); w.ascii(intEncoding(t.encoding));
      break;
    case 'BTF_KIND_PTR': case 'BTF_KIND_CONST': case 'BTF_KIND_VOLATILE': case 'BTF_KIND_RESTRICT':
    case 'BTF_KIND_TYPEDEF': case 'BTF_KIND_TYPE_TAG':
      w.ascii(' type_id='); w.num(t.type);
      break;
    case 'BTF_KIND_ARRAY':
      w.ascii(' type_id='); w.num(t.type);
      w.ascii(' index_type_id='); w.num(t.indexType);
      w.ascii(' nr_elems='); w.num(t.nelems);
      break;
    case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION':
      w.ascii(' size='); w.num(t.size);
      w.ascii(' vlen='); w.num(t.members.length);
      for (const m of t.members) {
        w.ascii('\n\t');
        quoted(w, strs, m.nameOff);
        w.ascii(' type_id='); w.num(m.type);
        w.ascii(' bits_offset='); w.num(m.bitOffset);
        if (m.bitfieldSize) { w.ascii(' bitfield_size='); w.num(m.bitfieldSize); }
      }
      break;
    case 'BTF_KIND_ENUM':
      w.ascii(t.signed ? ' encoding=SIGNED size=' : ' encoding=UNSIGNED size='); w.num(t.size);
      w.ascii(' vlen='); w.num(t.values.length);
      for (const v of t.values) {
        w.ascii('\n\t');
        quoted(w, strs, v.nameOff);
        w.ascii(' val='); w.num(v.value);
      }
      break;
    case 'BTF_KIND_ENUM64':
      w.ascii(t.signed ? ' encoding=SIGNED size=' : ' encoding=UNSIGNED size='); w.num(t.size);
      w.ascii(' vlen='); w.num(t.values.length);
      for (const v of t.values) {
        w.ascii('\n\t');
        quoted(w, strs, v.nameOff);
        w.ascii(' val='); w.ascii(String(v.value)); w.ascii(t.signed ? 'LL' : 'ULL');
      }
      break;
    case 'BTF_KIND_FWD':
      w.ascii(' fwd_kind='); w.ascii(t.fwdKind);
      break;
    case 'BTF_KIND_FUNC':
      w.ascii(' type_id='); w.num(t.type);
      w.ascii(' linkage='); w.ascii(LINKAGE[t.linkage] ?? '(unknown)');
      break;
    case 'BTF_KIND_FUNC_PROTO':
      w.ascii(' ret_type_id='); w.num(t.returnType);
      w.ascii(' vlen='); w.num(t.params.length);
      for (const p of t.params) {
        w.ascii('\n\t');
        quoted(w, strs, p.nameOff);
        w.ascii(' type_id='); w.num(p.type);
      }
      break;
    case 'BTF_KIND_VAR':
      w.ascii(' type_id='); w.num(t.type);
      w.ascii(', linkage='); w.ascii(LINKAGE[t.linkage] ?? '(unknown)');
      break;
    case 'BTF_KIND_DATASEC':
      w.ascii(' size='); w.num(t.size);
      w.ascii(' vlen='); w.num(t.vars.length);
      for (const v of t.vars) {
        w.ascii('\n\ttype_id='); w.num(v.type);
        w.ascii(' offset='); w.num(v.offset);
        w.ascii(' size='); w.num(v.size);
        const vt = btf.types[v.type];
        if (vt) {
          w.ascii(' (');
          w.ascii(shortKindName(vt.kind));
          w.byte(32);
          quoted(w, strs, vt.nameOff);
          w.byte(41);
        }
      }
      break;
    case 'BTF_KIND_FLOAT':
      w.ascii(' size='); w.num(t.size);
      break;
    case 'BTF_KIND_DECL_TAG':
      w.ascii(' type_id='); w.num(t.type);
      w.ascii(' component_idx='); w.num(t.componentIdx);
      break;
    default:
      break;
  }
  w.byte(10);
}

/** The whole `format raw` dump as bytes (what the CLI writes): every type from id 1 on. */
export function formatBtfRawBytes(btf: Btf): Uint8Array {
  const w = new ByteWriter(Math.max(1 << 12, btf.types.length * 96));
  for (let id = 1; id < btf.types.length; id++) writeType(w, btf, btf.types[id]!);
  return w.bytes();
}

const utf8 = new TextDecoder('utf-8');

/** The whole `format raw` dump as text. */
export function formatBtfRaw(btf: Btf): string {
  return utf8.decode(formatBtfRawBytes(btf));
}

/** One type as bpftool prints it, newline included. e.g. "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n" */
export function formatRawType(btf: Btf, t: BtfType): string {
  const w = new ByteWriter(256);
  writeType(w, btf, t);
  return utf8.decode(w.bytes());
}
