// CO-RE, part 2: the value a relocation puts into the instruction, computed for the local spec (what the
// compiler assumed: it must equal what the instruction holds) and for the matched kernel spec (what the
// kernel needs), as libbpf 1.1's bpf_core_calc_relo does. A relocation with no kernel match is either a
// defined answer (FIELD_EXISTS, TYPE_EXISTS, ENUMVAL_EXISTS → 0) or poisoned: the instruction becomes a call
// to helper 195896080 (0xbad2310, "bad relo") so that the verifier, if the code is reachable, says
// "invalid func unknown#195896080" at that instruction.
import type { BpfCoreReloKind, BtfCoreRelo, BtfType } from '@bpflc/sim/btf/index';
import { coreReloFamily } from '@bpflc/sim/btf/index';
import { resolveSize, skipModsAndTypedefs } from '@bpflc/sim/object/btf-view';
import { err, ok, type Result } from '@bpflc/sim/result';
import type { CoreSpec } from './core-match.ts';

export interface CoreResult {
  poison: boolean;
  /** Value for the local spec (checked against the instruction when `validate`). */
  origVal: bigint;
  newVal: bigint;
  validate: boolean;
  /** Field relocations: memory access sizes before/after, and the field types, for LDX/ST/STX size fixes. */
  origSz: number;
  newSz: number;
  origTypeId: number;
  newTypeId: number;
  /** The sizes differ and the types are not both pointers or both unsigned ints: the access cannot be resized. */
  failMemszAdjust: boolean;
}

interface FieldCalc {
  val: bigint;
  sz: number;
  typeId: number;
  validate: boolean;
}

const INT_SIGNED = 1;

/** bpf_core_calc_field_relo; undefined spec = no kernel match (poison unless FIELD_EXISTS). */
function calcField(kind: BpfCoreReloKind, spec: CoreSpec | undefined): Result<FieldCalc | 'poison', string> {
  if (kind === 'BPF_CORE_FIELD_EXISTS') return ok({ val: spec ? 1n : 0n, sz: 0, typeId: 0, validate: true });
  if (!spec) return ok('poison');
  const btf = spec.btf;
  const acc = spec.acc[spec.acc.length - 1]!;
  if (acc.name === undefined) {
    // The path ends in an array element: only its offset and size make sense.
    const sz = resolveSize(btf, acc.typeId);
    if (sz === undefined) return err(`type [${acc.typeId}] has no size`);
    if (kind === 'BPF_CORE_FIELD_BYTE_OFFSET') return ok({ val: BigInt(spec.bitOffset / 8), sz, typeId: acc.typeId, validate: true });
    if (kind === 'BPF_CORE_FIELD_BYTE_SIZE') return ok({ val: BigInt(sz), sz: 0, typeId: 0, validate: true });
    return err(`${kind} cannot be applied to an array element access`);
  }
  const parent = btf.types[acc.typeId] as Extract<BtfType, { members: unknown }>;
  const m = parent.members[acc.idx]!;
  const { id: fieldTypeId, type: mt } = skipModsAndTypedefs(btf, m.type);
  const bitOff = spec.bitOffset;
  let bitSz = m.bitfieldSize;
  const bitfield = bitSz > 0;
  let byteSz: number;
  let byteOff: number;
  if (bitfield) {
    // The smallest aligned load that covers the bitfield.
    byteSz = mt && 'size' in mt ? mt.size : 0;
    if (byteSz === 0) return err(`bitfield ${m.name} has a type without size`);
    byteOff = Math.floor(bitOff / 8 / byteSz) * byteSz;
    while (bitOff + bitSz - byteOff * 8 > byteSz * 8) {
      if (byteSz >= 8) return err(`bitfield ${m.name} cannot be read with one 64-bit load`);
      byteSz *= 2;
      byteOff = Math.floor(bitOff / 8 / byteSz) * byteSz;
    }
  } else {
    const sz = resolveSize(btf, fieldTypeId);
    if (sz === undefined) return err(`field ${m.name} has a type without size`);
    byteSz = sz;
    byteOff = Math.floor(bitOff / 8);
    bitSz = byteSz * 8;
  }
  // For bitfields the compiler's and libbpf's choices may differ: only signedness and the right shift are checked.
  let validate = !bitfield;
  let val: bigint;
  switch (kind) {
    case 'BPF_CORE_FIELD_BYTE_OFFSET':
      return ok({ val: BigInt(byteOff), sz: bitfield ? 0 : byteSz, typeId: bitfield ? 0 : fieldTypeId, validate });
    case 'BPF_CORE_FIELD_BYTE_SIZE':
      val = BigInt(byteSz);
      break;
    case 'BPF_CORE_FIELD_SIGNED': {
      const signedEnum = (mt?.kind === 'BTF_KIND_ENUM' || mt?.kind === 'BTF_KIND_ENUM64') && mt.signed;
      const signedInt = mt?.kind === 'BTF_KIND_INT' && (mt.encoding & INT_SIGNED) !== 0;
      val = signedEnum || signedInt ? 1n : 0n;
      validate = true;
      break;
    }
    case 'BPF_CORE_FIELD_LSHIFT_U64':
      val = BigInt(64 - (bitOff + bitSz - byteOff * 8)); // little-endian
      break;
    case 'BPF_CORE_FIELD_RSHIFT_U64':
      val = BigInt(64 - bitSz);
      validate = true;
      break;
    default:
      return err(`${kind} is not a field relocation`);
  }
  return ok({ val, sz: 0, typeId: 0, validate });
}

/** bpf_core_calc_type_relo */
function calcType(kind: BpfCoreReloKind, spec: CoreSpec | undefined): Result<{ val: bigint; validate: boolean } | 'poison', string> {
  if (!spec) return kind === 'BPF_CORE_TYPE_EXISTS' || kind === 'BPF_CORE_TYPE_MATCHES' ? ok({ val: 0n, validate: true }) : ok('poison');
  switch (kind) {
    case 'BPF_CORE_TYPE_ID_LOCAL':
      return ok({ val: BigInt(spec.rootTypeId), validate: false });
    case 'BPF_CORE_TYPE_ID_TARGET':
      return ok({ val: BigInt(spec.rootTypeId), validate: true });
    case 'BPF_CORE_TYPE_EXISTS':
    case 'BPF_CORE_TYPE_MATCHES':
      return ok({ val: 1n, validate: true });
    case 'BPF_CORE_TYPE_SIZE': {
      const sz = resolveSize(spec.btf, spec.rootTypeId);
      return sz === undefined ? err(`type [${spec.rootTypeId}] has no size`) : ok({ val: BigInt(sz), validate: true });
    }
    default:
      return err(`${kind} is not a type relocation`);
  }
}

/** bpf_core_calc_enumval_relo */
function calcEnumval(kind: BpfCoreReloKind, spec: CoreSpec | undefined): Result<bigint | 'poison', string> {
  if (!spec) return kind === 'BPF_CORE_ENUMVAL_EXISTS' ? ok(0n) : ok('poison');
  if (kind === 'BPF_CORE_ENUMVAL_EXISTS') return ok(1n);
  const a = spec.acc[0]!;
  const t = spec.btf.types[a.typeId];
  if (t?.kind === 'BTF_KIND_ENUM64') return ok(BigInt.asUintN(64, t.values[a.idx]!.value));
  if (t?.kind === 'BTF_KIND_ENUM') return ok(BigInt.asUintN(64, BigInt(t.values[a.idx]!.value)));
  return err(`type [${a.typeId}] is not an enum`);
}

const POISON: CoreResult = { poison: true, origVal: 0n, newVal: 0n, validate: false, origSz: 0, newSz: 0, origTypeId: 0, newTypeId: 0, failMemszAdjust: false };

/** bpf_core_calc_relo: local vs kernel (target undefined: no kernel type matched). */
export function calcRelo(relo: BtfCoreRelo, local: CoreSpec, target: CoreSpec | undefined): Result<CoreResult, string> {
  const family = coreReloFamily(relo.kind);
  if (family === 'field') {
    const o = calcField(relo.kind, local);
    if (!o.ok) return o;
    const n = calcField(relo.kind, target);
    if (!n.ok) return n;
    if (o.value === 'poison' || n.value === 'poison') return ok(POISON);
    const res: CoreResult = {
      poison: false, origVal: o.value.val, newVal: n.value.val, validate: o.value.validate,
      origSz: o.value.sz, newSz: n.value.sz, origTypeId: o.value.typeId, newTypeId: n.value.typeId, failMemszAdjust: false,
    };
    if (res.origSz !== res.newSz && target) {
      // Resizing a load is safe for pointers (a 32-bit kernel pointer) and unsigned ints (zero extension).
      const ot = local.btf.types[res.origTypeId];
      const nt = target.btf.types[res.newTypeId];
      const bothPtr = ot?.kind === 'BTF_KIND_PTR' && nt?.kind === 'BTF_KIND_PTR';
      const bothUnsigned = ot?.kind === 'BTF_KIND_INT' && nt?.kind === 'BTF_KIND_INT' && ot.encoding !== INT_SIGNED && nt.encoding !== INT_SIGNED;
      res.failMemszAdjust = !bothPtr && !bothUnsigned;
    }
    return ok(res);
  }
  if (family === 'type') {
    const o = calcType(relo.kind, local);
    if (!o.ok) return o;
    const n = calcType(relo.kind, target);
    if (!n.ok) return n;
    if (o.value === 'poison' || n.value === 'poison') return ok(POISON);
    return ok({ ...POISON, poison: false, origVal: o.value.val, newVal: n.value.val, validate: o.value.validate });
  }
  const o = calcEnumval(relo.kind, local);
  if (!o.ok) return o;
  const n = calcEnumval(relo.kind, target);
  if (!n.ok) return n;
  if (o.value === 'poison' || n.value === 'poison') return ok(POISON);
  return ok({ ...POISON, poison: false, origVal: o.value, newVal: n.value, validate: true });
}
