// Reads `bpftool btf dump file /sys/kernel/btf/vmlinux format raw` far enough to flatten a struct or union into
// (path, byte offset, size) rows: the running kernel's own word on where each UAPI field sits.
// e.g. "[1933] UNION 'bpf_attr' size=168 vlen=21" then member lines "\t'map_type' type_id=8 bits_offset=0".
import { execFileSync } from 'node:child_process';

interface RawMember {
  name: string;
  type: number;
  bitsOffset: number;
  bitfieldSize: number;
}
interface RawType {
  id: number;
  kind: string;
  name: string;
  type?: number;
  size?: number;
  nrElems?: number;
  members: RawMember[];
}

export interface FlatField {
  /** Dotted path; anonymous structs and unions add nothing ("link_create.perf_event.bpf_cookie"). */
  path: string;
  bitOffset: number;
  /** Bytes, or 0 for a bitfield (then bitSize says how many bits). */
  size: number;
  bitSize: number;
}

export function loadVmlinuxTypes(): Map<number, RawType> {
  const text = execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'raw'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const types = new Map<number, RawType>();
  let cur: RawType | undefined;
  for (const line of text.split('\n')) {
    const head = /^\[(\d+)\] (\w+) '([^']*)'(.*)$/.exec(line);
    if (head) {
      const rest = head[4] ?? '';
      const num = (key: string) => {
        const m = new RegExp(`\\b${key}=(\\d+)`).exec(rest);
        return m ? Number(m[1]) : undefined;
      };
      const t: RawType = { id: Number(head[1]), kind: head[2] ?? '', name: head[3] ?? '', members: [] };
      const type = num('type_id');
      const size = num('size');
      const nrElems = num('nr_elems');
      if (type !== undefined) t.type = type;
      if (size !== undefined) t.size = size;
      if (nrElems !== undefined) t.nrElems = nrElems;
      types.set(t.id, t);
      cur = t;
      continue;
    }
    const mem = /^\t'([^']*)' type_id=(\d+) bits_offset=(\d+)(?: bitfield_size=(\d+))?/.exec(line);
    if (mem && cur) cur.members.push({ name: mem[1] ?? '', type: Number(mem[2]), bitsOffset: Number(mem[3]), bitfieldSize: Number(mem[4] ?? 0) });
  }
  return types;
}

function resolve(types: Map<number, RawType>, id: number): RawType {
  let t = types.get(id);
  while (t && ['TYPEDEF', 'CONST', 'VOLATILE', 'TYPE_TAG', 'RESTRICT'].includes(t.kind) && t.type !== undefined) t = types.get(t.type);
  if (!t) throw new Error(`BTF type ${id} not found`);
  return t;
}

function sizeOf(types: Map<number, RawType>, id: number): number {
  const t = resolve(types, id);
  if (t.kind === 'ARRAY') return (t.nrElems ?? 0) * sizeOf(types, t.type ?? 0);
  if (t.kind === 'PTR') return 8;
  return t.size ?? 0;
}

export function findType(types: Map<number, RawType>, kind: 'STRUCT' | 'UNION', name: string): RawType {
  for (const t of types.values()) if (t.kind === kind && t.name === name) return t;
  throw new Error(`no ${kind} ${name} in vmlinux BTF`);
}

export function flatten(types: Map<number, RawType>, t: RawType, base = 0, prefix = ''): FlatField[] {
  const out: FlatField[] = [];
  for (const m of t.members) {
    const mt = resolve(types, m.type);
    const off = base + m.bitsOffset;
    if (mt.kind === 'STRUCT' || mt.kind === 'UNION') out.push(...flatten(types, mt, off, m.name === '(anon)' ? prefix : `${prefix}${m.name}.`));
    else out.push({ path: `${prefix}${m.name}`, bitOffset: off, size: m.bitfieldSize ? 0 : sizeOf(types, m.type), bitSize: m.bitfieldSize });
  }
  return out;
}

/** The members of a union (anonymous or named), each flattened on its own, with the member's name. */
export function unionMembers(types: Map<number, RawType>, t: RawType): { name: string; fields: FlatField[] }[] {
  return t.members.map((m) => {
    const mt = resolve(types, m.type);
    return { name: m.name, fields: mt.kind === 'STRUCT' || mt.kind === 'UNION' ? flatten(types, mt, m.bitsOffset) : [] };
  });
}

export function structSize(types: Map<number, RawType>, t: RawType): number {
  return t.size ?? 0;
}
