// The info structs BPF_OBJ_GET_INFO_BY_FD fills: bpf_prog_info, bpf_map_info, bpf_btf_info, bpf_link_info
// (include/uapi/linux/bpf.h, sizes as on 6.18; the kernel copies min(info_len, its sizeof) and zero-checks the
// tail we pass beyond its sizeof). Pointer fields are ours to fill: the kernel writes arrays into them.
import { BPF_LINK_TYPE, BPF_MAP_TYPE, BPF_PROG_TYPE } from '@bpflc/sim/abi/uapi.gen';
import { defineLayout } from './struct-layout.ts';

// bpf_prog_info, 232 bytes (the fields a lifecycle view reads; the rest are listed so offsets stay honest)
//  0     4    8         16              20               24                     32                     40
//  +-----+----+---------+---------------+----------------+----------------------+----------------------+
//  |type |id  | tag[8]  |jited_prog_len |xlated_prog_len |jited_prog_insns (ptr)|xlated_prog_insns(ptr)|
//  +-----+----+---------+---------------+----------------+----------------------+----------------------+
//  40          48              52           56             64        80        84                88
//  +-----------+---------------+------------+--------------+---------+---------+-----------------+
//  |load_time  |created_by_uid |nr_map_ids  |map_ids (ptr) |name[16] |ifindex  |gpl_compatible:1 | ...
//  +-----------+---------------+------------+--------------+---------+---------+-----------------+
//  ... 128 btf_id ... 192 run_time_ns, 200 run_cnt, 208 recursion_misses, 216 verified_insns,
//      220 attach_btf_obj_id, 224 attach_btf_id, 228 padding → 232
export const BPF_PROG_INFO = defineLayout(
  'bpf_prog_info',
  [
    { name: 'type', off: 0, type: 'enum', names: BPF_PROG_TYPE },
    { name: 'id', off: 4, type: 'u32' },
    { name: 'tag', off: 8, type: 'bytes', len: 8 },
    { name: 'jited_prog_len', off: 16, type: 'u32' },
    { name: 'xlated_prog_len', off: 20, type: 'u32' },
    { name: 'jited_prog_insns', off: 24, type: 'ptr' },
    { name: 'xlated_prog_insns', off: 32, type: 'ptr' },
    { name: 'load_time', off: 40, type: 'u64' },
    { name: 'created_by_uid', off: 48, type: 'u32' },
    { name: 'nr_map_ids', off: 52, type: 'u32' },
    { name: 'map_ids', off: 56, type: 'ptr' },
    { name: 'name', off: 64, type: 'char', len: 16 },
    { name: 'ifindex', off: 80, type: 'u32' },
    { name: 'gpl_compatible', off: 84, type: 'u32' }, // bit 0 of this __u32 (a 1-bit bitfield)
    { name: 'netns_dev', off: 88, type: 'u64' },
    { name: 'netns_ino', off: 96, type: 'u64' },
    { name: 'nr_jited_ksyms', off: 104, type: 'u32' },
    { name: 'nr_jited_func_lens', off: 108, type: 'u32' },
    { name: 'jited_ksyms', off: 112, type: 'ptr' },
    { name: 'jited_func_lens', off: 120, type: 'ptr' },
    { name: 'btf_id', off: 128, type: 'u32' },
    { name: 'func_info_rec_size', off: 132, type: 'u32' },
    { name: 'func_info', off: 136, type: 'ptr' },
    { name: 'nr_func_info', off: 144, type: 'u32' },
    { name: 'nr_line_info', off: 148, type: 'u32' },
    { name: 'line_info', off: 152, type: 'ptr' },
    { name: 'jited_line_info', off: 160, type: 'ptr' },
    { name: 'nr_jited_line_info', off: 168, type: 'u32' },
    { name: 'line_info_rec_size', off: 172, type: 'u32' },
    { name: 'jited_line_info_rec_size', off: 176, type: 'u32' },
    { name: 'nr_prog_tags', off: 180, type: 'u32' },
    { name: 'prog_tags', off: 184, type: 'ptr' },
    { name: 'run_time_ns', off: 192, type: 'u64' },
    { name: 'run_cnt', off: 200, type: 'u64' },
    { name: 'recursion_misses', off: 208, type: 'u64' },
    { name: 'verified_insns', off: 216, type: 'u32' },
    { name: 'attach_btf_obj_id', off: 220, type: 'u32' },
    { name: 'attach_btf_id', off: 224, type: 'u32' },
  ] as const,
  232,
);

// bpf_map_info, 104 bytes on 6.18; we pass 88 (through map_extra): the kernel copies min(info_len, its sizeof).
//  0     4    8          12           16            20         24        40        44
//  +-----+----+----------+------------+-------------+----------+---------+---------+---------------------------+
//  |type |id  |key_size  |value_size  |max_entries  |map_flags |name[16] |ifindex  |btf_vmlinux_value_type_id  |
//  +-----+----+----------+------------+-------------+----------+---------+---------+---------------------------+
//  48 netns_dev, 56 netns_ino, 64 btf_id, 68 btf_key_type_id, 72 btf_value_type_id, 76 btf_vmlinux_id,
//  80 map_extra | 88 hash (ptr), 96 hash_size, 100 padding → 104 (not passed)
export const BPF_MAP_INFO = defineLayout(
  'bpf_map_info',
  [
    { name: 'type', off: 0, type: 'enum', names: BPF_MAP_TYPE },
    { name: 'id', off: 4, type: 'u32' },
    { name: 'key_size', off: 8, type: 'u32' },
    { name: 'value_size', off: 12, type: 'u32' },
    { name: 'max_entries', off: 16, type: 'u32' },
    { name: 'map_flags', off: 20, type: 'u32' },
    { name: 'name', off: 24, type: 'char', len: 16 },
    { name: 'ifindex', off: 40, type: 'u32' },
    { name: 'btf_vmlinux_value_type_id', off: 44, type: 'u32' },
    { name: 'netns_dev', off: 48, type: 'u64' },
    { name: 'netns_ino', off: 56, type: 'u64' },
    { name: 'btf_id', off: 64, type: 'u32' },
    { name: 'btf_key_type_id', off: 68, type: 'u32' },
    { name: 'btf_value_type_id', off: 72, type: 'u32' },
    { name: 'btf_vmlinux_id', off: 76, type: 'u32' },
    { name: 'map_extra', off: 80, type: 'u64' },
  ] as const,
  88,
);

// bpf_btf_info, 32 bytes
//  0            8          12    16            24         28           32
//  +------------+----------+-----+-------------+----------+------------+
//  | btf (ptr)  | btf_size | id  | name (ptr)  | name_len | kernel_btf |
//  +------------+----------+-----+-------------+----------+------------+
export const BPF_BTF_INFO = defineLayout('bpf_btf_info', [
  { name: 'btf', off: 0, type: 'ptr' },
  { name: 'btf_size', off: 8, type: 'u32' },
  { name: 'id', off: 12, type: 'u32' },
  { name: 'name', off: 16, type: 'ptr' },
  { name: 'name_len', off: 24, type: 'u32' },
  { name: 'kernel_btf', off: 28, type: 'u32' },
] as const);

// bpf_link_info, 64 bytes: a head, then a union by link type; only the perf_event member is spelled out.
//  0     4    8         12 (pad) 16                24                          32          40
//  +-----+----+---------+--------+-----------------+---------------------------+-----------+-----------+
//  |type |id  |prog_id  |   0    |perf_event.type  |perf_event.tracepoint.     |...name_len|...cookie  |
//  |     |    |         |        |                 |tp_name (ptr)              |           |           |
//  +-----+----+---------+--------+-----------------+---------------------------+-----------+-----------+
export const BPF_LINK_INFO = defineLayout(
  'bpf_link_info',
  [
    { name: 'type', off: 0, type: 'enum', names: BPF_LINK_TYPE },
    { name: 'id', off: 4, type: 'u32' },
    { name: 'prog_id', off: 8, type: 'u32' },
    { name: 'perf_event.type', off: 16, type: 'u32' },
    { name: 'perf_event.tracepoint.tp_name', off: 24, type: 'ptr' },
    { name: 'perf_event.tracepoint.name_len', off: 32, type: 'u32' },
    { name: 'perf_event.tracepoint.cookie', off: 40, type: 'u64' },
  ] as const,
  64,
);
