// C declarators from chains of BTF types (libbpf 1.1 btf_dump_emit_type_decl/_chain): modifiers go left of
// base types but right of pointers, arrays and function pointers nest with parentheses. The chain
// `typedef -> array -> ptr -> const -> int` prints as `const int *x[10]`. GCC-only quirks libbpf drops
// (const/volatile on arrays, volatile on noreturn function pointers) are dropped here too.
// e.g. emitTypeDecl(s, <ptr to func_proto>, 'fns', 1) → "int (*fns)(int, char)"

import { emitEnumDef, emitFwdDef, emitStructDef, emitStructFwd } from './defs.ts';
import { identName, overBudget, typeName, warn, type DumpState } from './state.ts';

const isMod = (k: string): boolean =>
  k === 'BTF_KIND_VOLATILE' || k === 'BTF_KIND_CONST' || k === 'BTF_KIND_RESTRICT' || k === 'BTF_KIND_TYPE_TAG';

/** Pushes the declaration chain of `id` down to its base type, then prints it around `fname`. */
export function emitTypeDecl(s: DumpState, id: number, fname: string, lvl: number): void {
  if (overBudget(s)) return;
  const decls: number[] = [];
  for (;;) {
    decls.push(id);
    if (id === 0) break;
    const t = s.types[id]!;
    let stop = false;
    switch (t.kind) {
      case 'BTF_KIND_PTR': case 'BTF_KIND_VOLATILE': case 'BTF_KIND_CONST': case 'BTF_KIND_RESTRICT':
      case 'BTF_KIND_TYPE_TAG':
        id = t.type;
        break;
      case 'BTF_KIND_FUNC_PROTO':
        id = t.returnType;
        break;
      case 'BTF_KIND_ARRAY':
        id = t.type;
        break;
      case 'BTF_KIND_INT': case 'BTF_KIND_ENUM': case 'BTF_KIND_ENUM64': case 'BTF_KIND_FWD':
      case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION': case 'BTF_KIND_TYPEDEF': case 'BTF_KIND_FLOAT':
        stop = true;
        break;
      default:
        warn(s, `unexpected type in decl chain, kind:${t.kind}, id:[${id}]`);
        stop = true;
    }
    if (stop) break;
  }
  emitTypeChain(s, decls, fname, lvl);
}

/** const/volatile/restrict written before a base type: "const volatile int". */
function emitMods(s: DumpState, decls: number[]): void {
  while (decls.length) {
    const t = s.types[decls[decls.length - 1]!]!;
    if (t.kind === 'BTF_KIND_VOLATILE') s.out.ascii('volatile ');
    else if (t.kind === 'BTF_KIND_CONST') s.out.ascii('const ');
    else if (t.kind === 'BTF_KIND_RESTRICT') s.out.ascii('restrict ');
    else return;
    decls.pop();
  }
}

function dropMods(s: DumpState, decls: number[]): void {
  while (decls.length && isMod(s.types[decls[decls.length - 1]!]!.kind)) decls.pop();
}

function emitName(s: DumpState, name: string, lastWasPtr: boolean): void {
  if (name && !lastWasPtr) s.out.byte(32);
  s.out.text(name);
}

/** Pops the chain from the base type outwards; `lastWasPtr` glues `*` together ("int ***"). */
function emitTypeChain(s: DumpState, decls: number[], fname: string, lvl: number): void {
  let lastWasPtr = true;
  while (decls.length) {
    const id = decls.pop()!;
    if (id === 0) {
      emitMods(s, decls);
      s.out.ascii('void');
      lastWasPtr = false;
      continue;
    }
    const t = s.types[id]!;
    switch (t.kind) {
      case 'BTF_KIND_INT': case 'BTF_KIND_FLOAT':
        emitMods(s, decls);
        s.out.text(t.name);
        break;
      case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION':
        emitMods(s, decls);
        if (t.nameOff === 0) emitStructDef(s, id, t, lvl);
        else emitStructFwd(s, id, t);
        break;
      case 'BTF_KIND_ENUM': case 'BTF_KIND_ENUM64':
        emitMods(s, decls);
        if (t.nameOff === 0) emitEnumDef(s, id, t, lvl);
        else {
          s.out.ascii('enum ');
          s.out.text(typeName(s, id));
        }
        break;
      case 'BTF_KIND_FWD':
        emitMods(s, decls);
        emitFwdDef(s, id, t);
        break;
      case 'BTF_KIND_TYPEDEF':
        emitMods(s, decls);
        s.out.text(identName(s, id));
        break;
      case 'BTF_KIND_PTR':
        s.out.ascii(lastWasPtr ? '*' : ' *');
        break;
      case 'BTF_KIND_VOLATILE':
        s.out.ascii(' volatile');
        break;
      case 'BTF_KIND_CONST':
        s.out.ascii(' const');
        break;
      case 'BTF_KIND_RESTRICT':
        s.out.ascii(' restrict');
        break;
      case 'BTF_KIND_TYPE_TAG':
        emitMods(s, decls);
        s.out.ascii(' __attribute__((btf_type_tag("');
        s.out.text(t.name);
        s.out.ascii('")))');
        break;
      case 'BTF_KIND_ARRAY': {
        // GCC adds const/volatile to arrays of const elements; meaningless in C, so dropped.
        dropMods(s, decls);
        if (decls.length === 0) {
          emitName(s, fname, lastWasPtr);
          s.out.byte(91);
          s.out.num(t.nelems);
          s.out.byte(93);
          return;
        }
        const next = s.types[decls[decls.length - 1]!]!;
        const multidim = next.kind === 'BTF_KIND_ARRAY';
        if (fname && !lastWasPtr) s.out.byte(32);
        if (!multidim) s.out.byte(40);
        emitTypeChain(s, decls, fname, lvl);
        if (!multidim) s.out.byte(41);
        s.out.byte(91);
        s.out.num(t.nelems);
        s.out.byte(93);
        return;
      }
      case 'BTF_KIND_FUNC_PROTO': {
        dropMods(s, decls);
        if (decls.length) {
          s.out.ascii(' (');
          emitTypeChain(s, decls, fname, lvl);
          s.out.byte(41);
        } else {
          emitName(s, fname, lastWasPtr);
        }
        s.out.byte(40);
        const ps = t.params;
        // No parameters, or clang's single void parameter: "(void)" (libbpf fix of July 2024, in 6.1.y).
        if (ps.length === 0 || (ps.length === 1 && ps[0]!.type === 0)) {
          s.out.ascii('void)');
          return;
        }
        for (let i = 0; i < ps.length; i++) {
          if (i > 0) s.out.ascii(', ');
          // A trailing void parameter means varargs.
          if (i === ps.length - 1 && ps[i]!.type === 0) {
            s.out.ascii('...');
            break;
          }
          emitTypeDecl(s, ps[i]!.type, ps[i]!.name, lvl);
        }
        s.out.byte(41);
        return;
      }
      default:
        warn(s, `unexpected type in decl chain, kind:${t.kind}, id:[${id}]`);
        return;
    }
    lastWasPtr = t.kind === 'BTF_KIND_PTR';
  }
  emitName(s, fname, lastWasPtr);
}
