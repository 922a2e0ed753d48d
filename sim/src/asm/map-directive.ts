// `.map <name> type=<map type> key=<bytes> value=<bytes> max_entries=<n> [flags=<bits>]`: a BTF-defined map,
// as the C idiom `struct { __uint(type, ...); ... } name SEC(".maps");` declares one. The assembler reserves
// a pointer-sized slot per field in `.maps`, defines `name` there (STB_GLOBAL, STT_OBJECT) and describes it
// in .BTF (btf-maps.ts), so libbpf 1.x creates it and relocates `r1 = name ll` to it.
// Types are BPF_MAP_TYPE_* names (or their short form: hash, array, ringbuf, ...) or numbers; flags are
// BPF_F_* names joined by '|', or a number. key/value are sizes in bytes (0 or left out: no key/value, as
// ring buffers want). e.g. ".map events type=ringbuf max_entries=4096"

import { BPF_MAP_TYPE } from '../abi/uapi.gen.ts';
import { BPF_MAP_FLAG } from '../object/uapi-flags.ts';
import { mapVarSize } from './btf-maps.ts';
import { AsmSyntaxError, Cursor } from './cursor.ts';
import { describeTok } from './lexer.ts';
import { emitBytes, here, useSection, type Origin, type Program } from './program.ts';

const FIELDS: Readonly<Record<string, string>> = {
  type: 'type', key: 'key_size', key_size: 'key_size', value: 'value_size', value_size: 'value_size',
  max_entries: 'max_entries', flags: 'map_flags', map_flags: 'map_flags',
};
const ORDER = ['type', 'key_size', 'value_size', 'max_entries', 'map_flags'];

function mapType(c: Cursor): number {
  const t = c.peek();
  if (t.t === 'num') {
    c.next();
    return Number(t.v);
  }
  if (t.t !== 'id') c.fail(t, 'a map type (e.g. BPF_MAP_TYPE_HASH or hash)');
  c.next();
  const full = t.text.startsWith('BPF_MAP_TYPE_') ? t.text : `BPF_MAP_TYPE_${t.text.toUpperCase()}`;
  const v = (BPF_MAP_TYPE as Readonly<Record<string, number>>)[full];
  if (v === undefined) throw new AsmSyntaxError(t.col, `unknown map type '${t.text}': expected a BPF_MAP_TYPE_* name such as BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY or BPF_MAP_TYPE_RINGBUF`);
  return v;
}

function mapFlags(c: Cursor): number {
  let v = 0;
  do {
    const t = c.peek();
    if (t.t === 'num') {
      c.next();
      v |= Number(t.v);
    } else if (t.t === 'id') {
      c.next();
      const bit = (BPF_MAP_FLAG as Readonly<Record<string, number>>)[t.text];
      if (bit === undefined) throw new AsmSyntaxError(t.col, `unknown map flag '${t.text}': expected a BPF_F_* name such as BPF_F_NO_PREALLOC, or a number`);
      v |= bit;
    } else c.fail(t, 'map flags (BPF_F_* names joined by |, or a number)');
  } while (c.isOp('|') && c.next());
  return v >>> 0;
}

export function parseMapDirective(p: Program, c: Cursor, o: Origin): void {
  const nameTok = c.peek();
  if (nameTok.t !== 'id') c.fail(nameTok, 'a map name');
  c.next();
  const name = nameTok.text;
  const values = new Map<string, number>();
  while (c.peek().t !== 'end') {
    const k = c.peek();
    const field = k.t === 'id' ? FIELDS[k.text] : undefined;
    if (!field) throw new AsmSyntaxError(k.col, `expected a map field (type=, key=, value=, max_entries=, flags=), found ${describeTok(k)}`);
    if (values.has(field)) throw new AsmSyntaxError(k.col, `${k.text}= is given twice`);
    c.next();
    c.op('=');
    if (field === 'type') values.set(field, mapType(c));
    else if (field === 'map_flags') values.set(field, mapFlags(c));
    else {
      const n = c.signed('a number');
      if (n.v < 0n || n.v > 0xffffffffn) throw new AsmSyntaxError(n.col, `${k.text} must be 0 to 4294967295, not ${n.v}`);
      values.set(field, Number(n.v));
    }
  }
  if (!values.has('type')) throw new AsmSyntaxError(c.peek().col, `expected type=<map type> in the definition of map '${name}'`);
  if (!values.has('max_entries')) throw new AsmSyntaxError(c.peek().col, `expected max_entries=<n> in the definition of map '${name}'`);
  const prior = p.labels.get(name);
  if (prior) throw new AsmSyntaxError(nameTok.col, `'${name}' is already defined at line ${prior.line}`);
  // Zero-valued sizes and flags are left out, as `__uint(key_size, 0)` would be absent in C.
  const fields = ORDER.filter((f) => values.has(f) && (f === 'type' || f === 'max_entries' || values.get(f) !== 0)).map((f) => [f, values.get(f) as number] as const);
  const prev = p.current;
  const s = useSection(p, '.maps', o);
  const offset = here(s);
  const size = mapVarSize({ fields });
  emitBytes(s, new Array<number>(size).fill(0));
  p.labels.set(name, { name, section: s, offset, line: o.line, col: nameTok.col, objdump: false });
  p.globals.set(name, { ...o, weak: false });
  p.types.set(name, { ...o, type: 'object' });
  p.maps.push({ name, fields, offset, ...o });
  p.current = prev;
}
