// union bpf_attr for the object commands: BPF_OBJ_GET_INFO_BY_FD, BPF_*_GET_FD_BY_ID, BPF_OBJ_PIN / BPF_OBJ_GET.
import { defineLayout } from '../struct-layout.ts';

// BPF_OBJ_GET_INFO_BY_FD, 16 bytes (the `info` member of the union). info_len goes in as the buffer size and
// comes back as the number of bytes the kernel filled (min of ours and its sizeof).
//  0        4          8                 16
//  +--------+----------+-----------------+
//  | bpf_fd | info_len | info (ptr)      |
//  +--------+----------+-----------------+
export const OBJ_GET_INFO_ATTR = defineLayout('bpf_attr', [
  { name: 'bpf_fd', off: 0, type: 'u32' },
  { name: 'info_len', off: 4, type: 'u32', out: true },
  { name: 'info', off: 8, type: 'ptr' },
] as const);

// BPF_PROG_GET_FD_BY_ID / BPF_MAP_GET_FD_BY_ID / BPF_BTF_GET_FD_BY_ID / BPF_LINK_GET_FD_BY_ID, 12 bytes.
//  0                                   4         8            12
//  +-----------------------------------+---------+------------+
//  | prog_id | map_id | btf_id | link_id | next_id | open_flags |
//  +-----------------------------------+---------+------------+
export const GET_FD_BY_ID_ATTR = defineLayout('bpf_attr', [
  { name: 'prog_id', off: 0, type: 'u32' },
  { name: 'map_id', off: 0, type: 'u32', alias: true },
  { name: 'btf_id', off: 0, type: 'u32', alias: true },
  { name: 'link_id', off: 0, type: 'u32', alias: true },
  { name: 'next_id', off: 4, type: 'u32' },
  { name: 'open_flags', off: 8, type: 'u32' },
] as const);

// BPF_OBJ_PIN / BPF_OBJ_GET, 16 bytes: a path in a bpffs mount (the agent pins nothing by default).
//  0                  8        12           16
//  +------------------+--------+------------+
//  | pathname (ptr)   | bpf_fd | file_flags |
//  +------------------+--------+------------+
export const OBJ_PIN_ATTR = defineLayout('bpf_attr', [
  { name: 'pathname', off: 0, type: 'str' },
  { name: 'bpf_fd', off: 8, type: 'u32' },
  { name: 'file_flags', off: 12, type: 'u32' },
] as const);
