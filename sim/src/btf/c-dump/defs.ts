// Definitions in the C dump (libbpf 1.1 btf_dump.c as in Linux 6.1.y's bpftool): struct/union bodies with
// explicit padding markers (`long: 64;`, `int: 24;`) where the compiler would not reproduce the BTF layout
// by itself, `__attribute__((packed))` when a field or the size betrays packing, enums (values printed
// signed or unsigned by kind_flag; no mode(byte)/mode(word) size attributes: that libbpf change is not in
// 6.1.y), forward declarations and typedefs. e.g. "struct bits {\n\tunsigned int a: 3;\n\tint: 24;\n...};"

import { emitTypeDecl } from './decl.ts';
import { alignOf, isStructPacked, resolveSize } from './layout.ts';
import { identName, nameDups, newline, outputTooBig, typeName, type DumpState } from './state.ts';
import type { BtfComposite, BtfEnum, BtfEnum64, BtfFwd, BtfRefType } from '../types.ts';

const roundup = (x: number, y: number): number => Math.trunc((x + y - 1) / y) * y;

/** e.g. "\n\tlong: 64;" */
function padLine(s: DumpState, lvl: number, type: string, bits: number): void {
  newline(s, lvl);
  s.out.ascii(type);
  s.out.ascii(': ');
  s.out.num(bits);
  s.out.byte(59);
}

/**
 * Fills the bit gap [curOff, nextOff) with unnamed bitfields. First the widest of long/int/short/char whose
 * natural alignment lands inside the gap (with an explicit `<type>: 0` when the compiler would not align
 * there by itself), then whole `<type>: <bits>` markers, the last one as small as possible.
 */
function emitBitPadding(s: DumpState, curOff: number, nextOff: number, nextAlign: number, inBitfield: boolean, lvl: number): void {
  const pads: [string, number][] = [['long', s.ptrSz * 8], ['int', 32], ['short', 16], ['char', 8]];
  if (curOff >= nextOff) return;
  let newOff = 0;
  let padType = '';
  let padBits = 0;
  for (const [name, bits] of pads) {
    padBits = bits;
    padType = name;
    newOff = roundup(curOff, padBits);
    if (newOff <= nextOff) break;
  }
  if (newOff > curOff && newOff <= nextOff) {
    if (inBitfield || (newOff === nextOff && roundup(curOff, nextAlign * 8) !== newOff) ||
      (newOff !== nextOff && nextOff - newOff <= newOff - curOff)) {
      padLine(s, lvl, padType, inBitfield ? newOff - curOff : 0);
    }
    curOff = newOff;
  }
  while (curOff !== nextOff) {
    // libbpf prints one `long: 64;` per 8 bytes of gap: a corrupt offset can ask for millions of lines.
    if (outputTooBig(s)) return;
    const bits = Math.min(nextOff - curOff, padBits);
    if (bits === padBits) {
      padLine(s, lvl, padType, padBits);
      curOff += bits;
      continue;
    }
    let progressed = false;
    for (let i = pads.length - 1; i >= 0; i--) {
      padType = pads[i]![0];
      padBits = pads[i]![1];
      if (padBits < bits) continue;
      padLine(s, lvl, padType, bits);
      curOff += bits;
      progressed = true;
      break;
    }
    // Only reachable with a gap wider than every pad type (impossible: bits <= long); guard against a hang.
    if (!progressed) return;
  }
}

export function emitStructFwd(s: DumpState, id: number, t: BtfComposite): void {
  s.out.ascii(t.kind === 'BTF_KIND_STRUCT' ? 'struct' : 'union');
  if (t.nameOff) s.out.byte(32);
  s.out.text(typeName(s, id));
}

export function emitStructDef(s: DumpState, id: number, t: BtfComposite, lvl: number): void {
  const isStruct = t.kind === 'BTF_KIND_STRUCT';
  const align = alignOf(s.btf, s.ptrSz, id, s.alignCache);
  const packed = isStruct ? isStructPacked(s.btf, s.ptrSz, t, s.alignCache) : false;
  let off = 0;
  let prevBitfield = false;
  emitStructFwd(s, id, t);
  s.out.ascii(' {');
  for (const m of t.members) {
    let mSz = m.bitfieldSize;
    const mOff = m.bitOffset | 0;
    const mAlign = packed ? 1 : alignOf(s.btf, s.ptrSz, m.type, s.alignCache);
    const inBitfield = prevBitfield && mSz !== 0;
    emitBitPadding(s, off, mOff, mAlign, inBitfield, lvl + 1);
    newline(s, lvl + 1);
    emitTypeDecl(s, m.type, m.name, lvl + 1);
    if (mSz) {
      s.out.ascii(': ');
      s.out.num(mSz);
      off = (mOff + mSz) | 0;
      prevBitfield = true;
    } else {
      mSz = Math.max(0, resolveSize(s.btf, s.ptrSz, m.type)) | 0;
      off = (mOff + Math.imul(mSz, 8)) | 0;
      prevBitfield = false;
    }
    s.out.byte(59);
  }
  if (isStruct) emitBitPadding(s, off, (t.size * 8) | 0, align, false, lvl + 1);
  // `struct empty {}` stays on one line.
  if (t.members.length || t.size) newline(s, lvl);
  s.out.byte(125);
  if (packed) s.out.ascii(' __attribute__((packed))');
}

export function emitEnumDef(s: DumpState, id: number, t: BtfEnum | BtfEnum64, lvl: number): void {
  s.out.ascii('enum');
  if (t.nameOff) s.out.byte(32);
  s.out.text(typeName(s, id));
  if (!t.values.length) return;
  s.out.ascii(' {');
  const suffix = t.kind === 'BTF_KIND_ENUM64' ? (t.signed ? 'LL' : 'ULL') : '';
  for (const v of t.values) {
    // Enumerators share the C namespace of typedef names.
    const dup = nameDups(s.identNames, v.name);
    newline(s, lvl + 1);
    s.out.text(v.name);
    if (dup > 1) {
      s.out.ascii('___');
      s.out.num(dup);
    }
    s.out.ascii(' = ');
    if (typeof v.value === 'number') s.out.num(v.value);
    else s.out.ascii(String(v.value));
    s.out.ascii(suffix);
    s.out.byte(44);
  }
  newline(s, lvl);
  s.out.byte(125);
}

export function emitFwdDef(s: DumpState, id: number, t: BtfFwd): void {
  s.out.ascii(t.kindFlag ? 'union ' : 'struct ');
  s.out.text(typeName(s, id));
}

export function emitTypedefDef(s: DumpState, id: number, t: BtfRefType, lvl: number): void {
  const name = identName(s, id);
  // Old GCC emits `typedef void __gnuc_va_list`; libbpf rewrites it to the builtin.
  if (t.type === 0 && name === '__gnuc_va_list') {
    s.out.ascii('typedef __builtin_va_list __gnuc_va_list');
    return;
  }
  s.out.ascii('typedef ');
  emitTypeDecl(s, t.type, name, lvl);
}

/** GCC's Arm SIMD __PolyN_t base types get a typedef to a standard type. */
const MISSING_BASE_TYPES: Record<string, string> = {
  __Poly8_t: 'unsigned char',
  __Poly16_t: 'unsigned short',
  __Poly64_t: 'unsigned long long',
  __Poly128_t: 'unsigned __int128',
};

export function emitMissingAliases(s: DumpState, id: number): void {
  const name = typeName(s, id);
  const std = Object.prototype.hasOwnProperty.call(MISSING_BASE_TYPES, name) ? MISSING_BASE_TYPES[name] : undefined;
  if (std) s.out.text(`typedef ${std} ${name};\n\n`);
}
