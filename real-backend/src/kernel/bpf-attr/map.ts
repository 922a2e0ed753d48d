// union bpf_attr as the map commands use it (offsets from include/uapi/linux/bpf.h; checked against the running
// kernel's BTF by tests/kernel/layout.test.ts). Each layout stops at the last field the command uses, as libbpf's
// bpf.c does; a kernel that knows a longer attr requires the bytes we do not send to be zero, and ours are.
import { BPF_MAP_TYPE } from '@bpflc/sim/abi/uapi.gen';
import { defineLayout } from '../struct-layout.ts';

// BPF_MAP_CREATE, 72 bytes (offsetofend map_extra; 6.18 continues with value_type_btf_obj_fd, map_token_fd, ...)
//  0       4          8            12            16         20            24         28
//  +-------+----------+------------+-------------+----------+-------------+----------+---------------------
//  |map_type|key_size  |value_size  |max_entries  |map_flags |inner_map_fd |numa_node | map_name[16] ...
//  +-------+----------+------------+-------------+----------+-------------+----------+---------------------
//  44           48      52               56                 60                           64            72
//  +------------+-------+----------------+------------------+----------------------------+-------------+
//  |map_ifindex |btf_fd |btf_key_type_id |btf_value_type_id |btf_vmlinux_value_type_id   | map_extra   |
//  +------------+-------+----------------+------------------+----------------------------+-------------+
export const MAP_CREATE_ATTR = defineLayout('bpf_attr', [
  { name: 'map_type', off: 0, type: 'enum', names: BPF_MAP_TYPE },
  { name: 'key_size', off: 4, type: 'u32' },
  { name: 'value_size', off: 8, type: 'u32' },
  { name: 'max_entries', off: 12, type: 'u32' },
  { name: 'map_flags', off: 16, type: 'u32' },
  { name: 'inner_map_fd', off: 20, type: 'u32' },
  { name: 'numa_node', off: 24, type: 'u32' },
  { name: 'map_name', off: 28, type: 'char', len: 16 },
  { name: 'map_ifindex', off: 44, type: 'u32' },
  { name: 'btf_fd', off: 48, type: 'u32' },
  { name: 'btf_key_type_id', off: 52, type: 'u32' },
  { name: 'btf_value_type_id', off: 56, type: 'u32' },
  { name: 'btf_vmlinux_value_type_id', off: 60, type: 'u32' },
  { name: 'map_extra', off: 64, type: 'u64' },
] as const);

// BPF_MAP_LOOKUP_ELEM / BPF_MAP_UPDATE_ELEM, 32 bytes (key, value: user pointers to key_size / value_size bytes)
//  0        4 (pad)  8           16                      24          32
//  +--------+--------+-----------+-----------------------+-----------+
//  | map_fd |   0    | key       | value (or next_key)   | flags     |
//  +--------+--------+-----------+-----------------------+-----------+
export const MAP_ELEM_ATTR = defineLayout('bpf_attr', [
  { name: 'map_fd', off: 0, type: 'u32' },
  { name: 'key', off: 8, type: 'ptr' },
  { name: 'value', off: 16, type: 'ptr' },
  { name: 'flags', off: 24, type: 'u64' },
] as const);

// BPF_MAP_DELETE_ELEM, 16 bytes: map_fd, key (flags at 24 exist but delete takes none here).
export const MAP_DELETE_ATTR = defineLayout('bpf_attr', [
  { name: 'map_fd', off: 0, type: 'u32' },
  { name: 'key', off: 8, type: 'ptr' },
] as const);

// BPF_MAP_GET_NEXT_KEY, 24 bytes: map_fd, key (NULL → the first key), next_key (the union member over value).
export const MAP_NEXT_KEY_ATTR = defineLayout('bpf_attr', [
  { name: 'map_fd', off: 0, type: 'u32' },
  { name: 'key', off: 8, type: 'ptr' },
  { name: 'next_key', off: 16, type: 'ptr' },
] as const);

// BPF_MAP_FREEZE, 4 bytes: map_fd. After it, writes from user space fail with EPERM (kernel 5.2+).
export const MAP_FREEZE_ATTR = defineLayout('bpf_attr', [{ name: 'map_fd', off: 0, type: 'u32' }] as const);
