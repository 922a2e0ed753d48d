// The door's struct layouts against the running kernel's BTF: every field at the offset and size the kernel
// itself uses (union bpf_attr per command, bpf_*_info, perf_event_attr with its bit positions).
import { describe, expect, it } from 'vitest';
import { MAP_CREATE_ATTR, MAP_DELETE_ATTR, MAP_ELEM_ATTR, MAP_FREEZE_ATTR, MAP_NEXT_KEY_ATTR } from '../../real-backend/src/kernel/bpf-attr/map.ts';
import { PROG_LOAD_ATTR } from '../../real-backend/src/kernel/bpf-attr/prog.ts';
import { BTF_LOAD_ATTR } from '../../real-backend/src/kernel/bpf-attr/btf.ts';
import { GET_FD_BY_ID_ATTR, OBJ_GET_INFO_ATTR, OBJ_PIN_ATTR } from '../../real-backend/src/kernel/bpf-attr/obj.ts';
import { LINK_CREATE_ATTR, RAW_TRACEPOINT_OPEN_ATTR } from '../../real-backend/src/kernel/bpf-attr/link.ts';
import { BPF_BTF_INFO, BPF_LINK_INFO, BPF_MAP_INFO, BPF_PROG_INFO } from '../../real-backend/src/kernel/info-layouts.ts';
import { PERF_EVENT_ATTR } from '../../real-backend/src/kernel/perf-attr.ts';
import { defineLayout, fieldSize, type StructLayout } from '../../real-backend/src/kernel/struct-layout.ts';
import { findType, flatten, loadVmlinuxTypes, unionMembers, type FlatField } from './helpers/btf-raw.ts';
import { vmlinuxBtfSkipReason } from './helpers/privilege.ts';

const skip = vmlinuxBtfSkipReason();
const types = skip ? undefined : loadVmlinuxTypes();

/** Differences between our layout and the kernel's fields ([] when they agree). */
function mismatches(layout: StructLayout, kernel: FlatField[]): string[] {
  const byPath = new Map(kernel.map((f) => [f.path, f]));
  const bad: string[] = [];
  for (const f of layout.fields) {
    if (f.type === 'bits') {
      f.bits.forEach((name, i) => {
        if (!name) return;
        const k = byPath.get(name);
        if (!k || k.bitOffset !== f.off * 8 + i || k.bitSize !== 1) bad.push(`${name}: ours bit ${f.off * 8 + i}, kernel ${k ? `${k.bitOffset}/${k.bitSize}` : 'none'}`);
      });
      continue;
    }
    const k = byPath.get(f.name);
    if (!k) {
      bad.push(`${f.name}: not in the kernel's struct`);
      continue;
    }
    const size = k.size === 0 ? 4 : k.size; // a bitfield we read through its __u32 (gpl_compatible)
    if (k.bitOffset !== f.off * 8 || size !== fieldSize(f)) {
      bad.push(`${f.name}: ours @${f.off} size ${fieldSize(f)}, kernel @${k.bitOffset / 8} size ${size}`);
    }
  }
  return bad;
}

describe('layouts agree with the running kernel (vmlinux BTF via bpftool)', () => {
  const attrs: [string, StructLayout][] = [
    ['BPF_MAP_CREATE', MAP_CREATE_ATTR],
    ['BPF_MAP_*_ELEM', MAP_ELEM_ATTR],
    ['BPF_MAP_DELETE_ELEM', MAP_DELETE_ATTR],
    ['BPF_MAP_GET_NEXT_KEY', MAP_NEXT_KEY_ATTR],
    ['BPF_MAP_FREEZE', MAP_FREEZE_ATTR],
    ['BPF_PROG_LOAD', PROG_LOAD_ATTR],
    ['BPF_BTF_LOAD', BTF_LOAD_ATTR],
    ['BPF_OBJ_GET_INFO_BY_FD', OBJ_GET_INFO_ATTR],
    ['BPF_*_GET_FD_BY_ID', GET_FD_BY_ID_ATTR],
    ['BPF_OBJ_PIN', OBJ_PIN_ATTR],
    ['BPF_LINK_CREATE', LINK_CREATE_ATTR],
    ['BPF_RAW_TRACEPOINT_OPEN', RAW_TRACEPOINT_OPEN_ATTR],
  ];
  it.for(attrs)('union bpf_attr for %s', ([, layout], ctx) => {
    if (!types) return ctx.skip(skip);
    const attr = findType(types, 'UNION', 'bpf_attr');
    // Some member of the union (anonymous, or named like link_create) must hold every field at our offset.
    const results = unionMembers(types, attr).map((m) => mismatches(layout, m.fields));
    expect(results.reduce((a, b) => (b.length < a.length ? b : a))).toEqual([]);
    expect(layout.size).toBeLessThanOrEqual(attr.size ?? 0);
  });

  it('the check itself catches a wrong offset and a wrong size', (ctx) => {
    if (!types) return ctx.skip(skip);
    const attr = findType(types, 'UNION', 'bpf_attr');
    const wrong = defineLayout('bpf_attr', [
      { name: 'map_type', off: 0, type: 'u32' },
      { name: 'key_size', off: 8, type: 'u32' }, // really at 4
      { name: 'map_extra', off: 64, type: 'u32' }, // really 8 bytes
    ] as const);
    const best = unionMembers(types, attr)
      .map((m) => mismatches(wrong, m.fields))
      .reduce((a, b) => (b.length < a.length ? b : a));
    expect(best).toEqual(['key_size: ours @8 size 4, kernel @4 size 4', 'map_extra: ours @64 size 4, kernel @64 size 8']);
  });

  const structs: [string, StructLayout][] = [
    ['bpf_prog_info', BPF_PROG_INFO],
    ['bpf_map_info', BPF_MAP_INFO],
    ['bpf_btf_info', BPF_BTF_INFO],
    ['bpf_link_info', BPF_LINK_INFO],
    ['perf_event_attr', PERF_EVENT_ATTR],
  ];
  it.for(structs)('struct %s', ([name, layout], ctx) => {
    if (!types) return ctx.skip(skip);
    const t = findType(types, 'STRUCT', name);
    expect(mismatches(layout, flatten(types, t))).toEqual([]);
    // We never pass more than the kernel's sizeof (a bigger struct would need a zero tail; ours would be).
    expect(layout.size).toBeLessThanOrEqual(t.size ?? 0);
  });
});
