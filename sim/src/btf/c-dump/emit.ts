// Emission of ordered types with forward declarations where needed (libbpf 1.1 btf_dump_emit_type). A
// named struct met while its own definition is being emitted gets `struct X;` first; a typedef met while
// emitting doubles as its own forward declaration. `cont_id` is the struct being defined, so that a
// struct referring to itself through a pointer needs no forward declaration. __builtin_va_list is never
// emitted (compilers define it themselves).

import { emitEnumDef, emitFwdDef, emitMissingAliases, emitStructDef, emitStructFwd, emitTypedefDef } from './defs.ts';
import { EMITTED, EMITTING, NOT_EMITTED, overBudget, warn, type DumpState } from './state.ts';

function isBlacklisted(s: DumpState, id: number): boolean {
  const t = s.types[id]!;
  return t.nameOff !== 0 && t.name === '__builtin_va_list';
}

export function emitType(s: DumpState, id: number, contId: number): void {
  if (overBudget(s)) return;
  if (s.emitState[id] === EMITTED) return;
  const t = s.types[id]!;
  const topLevel = contId === 0;
  if (s.emitState[id] === EMITTING) {
    if (s.fwdEmitted[id]) return;
    if (t.kind === 'BTF_KIND_STRUCT' || t.kind === 'BTF_KIND_UNION') {
      // A struct referring to itself needs no forward declaration.
      if (id === contId) return;
      if (t.nameOff === 0) {
        warn(s, `anonymous struct/union loop, id:[${id}]`);
        return;
      }
      emitStructFwd(s, id, t);
      s.out.ascii(';\n\n');
      s.fwdEmitted[id] = 1;
    } else if (t.kind === 'BTF_KIND_TYPEDEF') {
      // The typedef serves as the forward declaration for uses through pointers.
      if (!isBlacklisted(s, id)) {
        emitTypedefDef(s, id, t, 0);
        s.out.ascii(';\n\n');
      }
      s.fwdEmitted[id] = 1;
    }
    return;
  }
  switch (t.kind) {
    case 'BTF_KIND_INT':
      emitMissingAliases(s, id);
      s.emitState[id] = EMITTED;
      break;
    case 'BTF_KIND_ENUM': case 'BTF_KIND_ENUM64':
      if (topLevel) {
        emitEnumDef(s, id, t, 0);
        s.out.ascii(';\n\n');
      }
      s.emitState[id] = EMITTED;
      break;
    case 'BTF_KIND_PTR': case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT':
    case 'BTF_KIND_TYPE_TAG':
      emitType(s, t.type, contId);
      break;
    case 'BTF_KIND_ARRAY':
      emitType(s, t.type, contId);
      break;
    case 'BTF_KIND_FWD':
      emitFwdDef(s, id, t);
      s.out.ascii(';\n\n');
      s.emitState[id] = EMITTED;
      break;
    case 'BTF_KIND_TYPEDEF':
      s.emitState[id] = EMITTING;
      emitType(s, t.type, id);
      if (!s.fwdEmitted[id] && !isBlacklisted(s, id)) {
        emitTypedefDef(s, id, t, 0);
        s.out.ascii(';\n\n');
      }
      s.emitState[id] = EMITTED;
      break;
    case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION':
      s.emitState[id] = EMITTING;
      // A definition (top level or anonymous inline) prints every field, so their types come first.
      if (topLevel || t.nameOff === 0) {
        const newCont = t.nameOff === 0 ? contId : id;
        for (const m of t.members) emitType(s, m.type, newCont);
      } else if (!s.fwdEmitted[id] && id !== contId) {
        emitStructFwd(s, id, t);
        s.out.ascii(';\n\n');
        s.fwdEmitted[id] = 1;
      }
      if (topLevel) {
        emitStructDef(s, id, t, 0);
        s.out.ascii(';\n\n');
        s.emitState[id] = EMITTED;
      } else {
        s.emitState[id] = NOT_EMITTED;
      }
      break;
    case 'BTF_KIND_FUNC_PROTO':
      emitType(s, t.returnType, contId);
      for (const p of t.params) emitType(s, p.type, contId);
      break;
    default:
      break;
  }
}
