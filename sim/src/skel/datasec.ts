// The datasec structs of a bpftool 7.1 skeleton (`struct minimal_bpf__bss { int my_pid; } *bss;`): one
// member per non-static VAR of the DATASEC, declared by libbpf's btf_dump decl printer at indent level 2,
// with `const`/`volatile` stripped (except in .kconfig), and `char __padN[K]` where the next variable does
// not sit where alignment (capped at 4, bpftool's 32-bit assumption) would put it. One printer state is
// shared by all datasecs of an object, as bpftool shares one btf_dump. Leaves out: bpftool's sub-skeletons.
// e.g. "\tstruct minimal_bpf__bss {\n\t\tint my_pid;\n\t} *bss;\n"

import type { Btf, BtfType } from '../btf/index.ts';
import { emitTypeDecl } from '../btf/c-dump/decl.ts';
import { alignOf, guessPointerSize } from '../btf/c-dump/layout.ts';
import { createState, type DumpState } from '../btf/c-dump/state.ts';
import { err, ok, type Result } from '../result.ts';

const BTF_VAR_STATIC = 0;
const utf8 = new TextDecoder('utf-8');

/** A DATASEC as libbpf leaves it after its open-time fix-up (sizes and offsets filled, vars sorted by offset). */
export interface DatasecInput {
  id: number;
  name: string;
  vars: { typeId: number; name: string; offset: number; size: number; linkage: number }[];
}

export type DatasecLine =
  | { kind: 'var'; varId: number; name: string; ident: string; decl: string; offset: number; size: number }
  | { kind: 'pad'; ident: string; decl: string; offset: number; size: number };

/** A decl printer over one BTF, with copies of the decl chains whose modifiers bpftool strips. */
export interface DeclPrinter {
  state: DumpState;
  /** VAR id → the type id to print (a stripped copy for everything but .kconfig). */
  printId: Map<number, number>;
  ptrSz: number;
}

const isMod = (k: BtfType['kind']): boolean =>
  k === 'BTF_KIND_VOLATILE' || k === 'BTF_KIND_CONST' || k === 'BTF_KIND_RESTRICT' || k === 'BTF_KIND_TYPE_TAG';

/**
 * btf_dump's strip_mods skips modifiers wherever the decl walk meets them, also inside the parameters of
 * function pointers and the members of anonymous structs it prints inline. The shared type graph is left
 * alone: every node on such a path that changes gets a fresh copy appended after the last real id.
 */
function stripMods(types: BtfType[], id: number, memo: Map<number, number>): number {
  let t = types[id];
  for (let depth = 0; t && isMod(t.kind) && depth < 64; depth++) {
    id = (t as { type: number }).type;
    t = types[id];
  }
  if (!t || id === 0) return id;
  const seen = memo.get(id);
  if (seen !== undefined) return seen;
  memo.set(id, id); // a loop (only through named types in valid C) prints unchanged
  let copy: BtfType | undefined;
  switch (t.kind) {
    case 'BTF_KIND_PTR': case 'BTF_KIND_ARRAY': {
      const next = stripMods(types, t.type, memo);
      if (next !== t.type) copy = { ...t, type: next };
      break;
    }
    case 'BTF_KIND_FUNC_PROTO': {
      const ret = stripMods(types, t.returnType, memo);
      const params = t.params.map((p) => ({ ...p, type: stripMods(types, p.type, memo) }));
      if (ret !== t.returnType || params.some((p, i) => p.type !== t.params[i]!.type)) copy = { ...t, returnType: ret, params };
      break;
    }
    case 'BTF_KIND_STRUCT': case 'BTF_KIND_UNION': {
      if (t.nameOff !== 0) break; // a named struct prints as `struct foo`: nothing inside is walked
      const members = t.members.map((m) => ({ ...m, type: stripMods(types, m.type, memo) }));
      if (members.some((m, i) => m.type !== t.members[i]!.type)) copy = { ...t, members };
      break;
    }
    default:
      break;
  }
  if (!copy) return id;
  types.push(copy);
  memo.set(id, types.length - 1);
  return types.length - 1;
}

export function createDeclPrinter(btf: Btf, secs: readonly DatasecInput[]): DeclPrinter {
  const types = [...btf.types];
  const memo = new Map<number, number>();
  const printId = new Map<number, number>();
  for (const sec of secs) {
    for (const v of sec.vars) {
      const vt = btf.types[v.typeId];
      if (vt?.kind !== 'BTF_KIND_VAR') continue;
      printId.set(v.typeId, sec.name === '.kconfig' ? vt.type : stripMods(types, vt.type, memo));
    }
  }
  const ext: Btf = { ...btf, types };
  const ptrSz = guessPointerSize(btf) ?? 8;
  return { state: createState(ext, ptrSz), printId, ptrSz };
}

function printDecl(p: DeclPrinter, typeId: number, ident: string): string {
  const before = p.state.out.bytes().length;
  emitTypeDecl(p.state, typeId, ident, 2);
  return utf8.decode(p.state.out.bytes().subarray(before));
}

/** The struct's members in order (codegen_datasec_def); an error value where bpftool stops with one. */
export function datasecLines(p: DeclPrinter, sec: DatasecInput, sanitize: (s: string) => string): Result<DatasecLine[], string> {
  const lines: DatasecLine[] = [];
  let off = 0;
  let padCnt = 0;
  for (const [i, v] of sec.vars.entries()) {
    const vt = p.state.btf.types[v.typeId];
    if (vt?.kind !== 'BTF_KIND_VAR') return err(`${sec.name}'s variable #${i} is not a BTF VAR.`);
    if (v.linkage === BTF_VAR_STATIC) continue; // static: not exposed
    const need = v.offset;
    if (off > need) return err(`Something is wrong for ${sec.name}'s variable #${i}: need offset ${need}, already at ${off}.`);
    let align = alignOf(p.state.btf, p.ptrSz, vt.type);
    if (align <= 0) return err(`Failed to determine alignment of variable '${vt.name}': ${align === 0 ? -22 : align}.`);
    // bpftool assumes a 32-bit host: 8-byte types may sit at 4-byte boundaries there, so it pads for that.
    if (align > 4) align = 4;
    const alignOff = Math.ceil(off / align) * align;
    if (alignOff !== need) {
      const ident = `__pad${padCnt++}`;
      lines.push({ kind: 'pad', ident, decl: `char ${ident}[${need - off}]`, offset: off, size: need - off });
    }
    const ident = sanitize(vt.name);
    const decl = printDecl(p, p.printId.get(v.typeId) ?? vt.type, ident);
    if (p.state.abort) return err(`Cannot print the type of variable '${vt.name}' as C: ${p.state.abort}.`);
    lines.push({ kind: 'var', varId: v.typeId, name: vt.name, ident, decl, offset: v.offset, size: v.size });
    off = v.offset + v.size;
  }
  return ok(lines);
}

export function datasecStructText(objName: string, secIdent: string, lines: readonly DatasecLine[]): string {
  return `\tstruct ${objName}__${secIdent} {\n${lines.map((l) => `\t\t${l.decl};\n`).join('')}\t} *${secIdent};\n`;
}
