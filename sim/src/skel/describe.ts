// The Skeleton pane's data: which ELF section or BTF type becomes which skeleton member
// (`skel->bss->my_pid` ← `.bss` ← DATASEC [7] ← VAR [6]) and which skeleton function drives which
// lifecycle stages (libbpf 1.1's bpf_object__{open,load,attach,detach,destroy}_skeleton). Paths are the
// C expressions a loader writes; every one of them names a member the rendered header declares.
// e.g. { path: 'skel->bss->my_pid', member: 'int my_pid', role: 'var', elfSection: '.bss', btf: { id: 6, kind: 'VAR' } }

import type { Btf } from '../btf/index.ts';
import type { StageId } from '../lifecycle/stages.ts';
import type { SkeletonModel } from './model.ts';

export type SkelBtfKind = 'DATASEC' | 'VAR' | 'FUNC';

export interface SkelBinding {
  /** The C expression in a loader, e.g. 'skel->maps.bss', 'skel->progs.handle_tp', 'skel->bss->my_pid'. */
  path: string;
  /** The member's declaration in the header, e.g. 'struct bpf_map *bss', 'int my_pid', 'char __pad0[4]'. */
  member: string;
  role: 'map' | 'prog' | 'link' | 'datasec' | 'var' | 'pad';
  /** The ELF section it comes from (map definitions: '.maps'; global data: the data section). */
  elfSection: string | undefined;
  btf: { id: number; kind: SkelBtfKind } | undefined;
  /** Byte offset and size inside the data section (datasec members only). */
  offset?: number;
  size?: number;
}

export const SKEL_FUNCTIONS = [
  { suffix: '__open', libbpf: 'bpf_object__open_skeleton', stages: ['open'] },
  { suffix: '__open_opts', libbpf: 'bpf_object__open_skeleton', stages: ['open'] },
  { suffix: '__load', libbpf: 'bpf_object__load_skeleton', stages: ['btf_load', 'map_create', 'relocate', 'prog_load', 'verify', 'jit'] },
  { suffix: '__open_and_load', libbpf: 'bpf_object__open_skeleton + bpf_object__load_skeleton', stages: ['open', 'btf_load', 'map_create', 'relocate', 'prog_load', 'verify', 'jit'] },
  { suffix: '__attach', libbpf: 'bpf_object__attach_skeleton', stages: ['attach'] },
  { suffix: '__detach', libbpf: 'bpf_object__detach_skeleton', stages: ['detach'] },
  { suffix: '__destroy', libbpf: 'bpf_object__destroy_skeleton', stages: ['detach'] },
  { suffix: '__create_skeleton', libbpf: '(fills the tables bpf_object__open_skeleton reads)', stages: [] },
  { suffix: '__elf_bytes', libbpf: '(returns the embedded object)', stages: [] },
] as const satisfies readonly { suffix: string; libbpf: string; stages: readonly StageId[] }[];

export interface SkelFunctionInfo {
  /** The C function, e.g. 'minimal_bpf__load'. */
  fn: string;
  suffix: (typeof SKEL_FUNCTIONS)[number]['suffix'];
  libbpf: string;
  stages: readonly StageId[];
}

export interface SkelDescription {
  name: string;
  bindings: SkelBinding[];
  functions: SkelFunctionInfo[];
}

function findId(btf: Btf | undefined, kind: 'BTF_KIND_FUNC' | 'BTF_KIND_VAR', name: string, inSec?: string): number | undefined {
  if (!btf) return undefined;
  if (inSec !== undefined) {
    for (const t of btf.types) {
      if (t.kind !== 'BTF_KIND_DATASEC' || t.name !== inSec) continue;
      const v = t.vars.find((x) => btf.types[x.type]?.name === name);
      if (v) return v.type;
    }
    return undefined;
  }
  const i = btf.types.findIndex((t) => t.kind === kind && t.name === name);
  return i < 0 ? undefined : i;
}

const ref = (id: number | undefined, kind: SkelBtfKind): SkelBinding['btf'] => (id === undefined ? undefined : { id, kind });

export function describeSkeleton(m: SkeletonModel): SkelDescription {
  const b: SkelBinding[] = [];
  for (const map of m.maps) {
    const s = map.spec;
    const btf = map.internal ? ref(s.btfValueTypeId || undefined, 'DATASEC') : ref(findId(m.btf, 'BTF_KIND_VAR', s.name, s.section), 'VAR');
    b.push({ path: `skel->maps.${map.ident}`, member: `struct bpf_map *${map.ident}`, role: 'map', elfSection: s.section, btf });
  }
  for (const p of m.progs) {
    const fn = ref(findId(m.btf, 'BTF_KIND_FUNC', p.name), 'FUNC');
    b.push({ path: `skel->progs.${p.name}`, member: `struct bpf_program *${p.name}`, role: 'prog', elfSection: p.section, btf: fn });
    b.push({ path: `skel->links.${p.name}`, member: `struct bpf_link *${p.name}`, role: 'link', elfSection: p.section, btf: fn });
  }
  for (const d of m.datasecs) {
    const sec = d.secName ?? d.map.spec.section;
    b.push({ path: `skel->${d.ident}`, member: `struct ${m.name}__${d.ident} *${d.ident}`, role: 'datasec', elfSection: sec, btf: ref(d.btfId, 'DATASEC') });
    for (const l of d.lines) {
      b.push({
        path: `skel->${d.ident}->${l.ident}`, member: l.decl, role: l.kind, elfSection: sec,
        btf: l.kind === 'var' ? ref(l.varId, 'VAR') : undefined, offset: l.offset, size: l.size,
      });
    }
  }
  const functions = SKEL_FUNCTIONS.map((f) => ({ fn: `${m.name}${f.suffix}`, suffix: f.suffix, libbpf: f.libbpf, stages: f.stages }));
  return { name: m.name, bindings: b, functions };
}
