// union bpf_attr for attaching: BPF_LINK_CREATE (the perf_event flavour and the generic head) and
// BPF_RAW_TRACEPOINT_OPEN.
import { BPF_ATTACH_TYPE } from '@bpflc/sim/abi/uapi.gen';
import { defineLayout } from '../struct-layout.ts';

// BPF_LINK_CREATE, 24 bytes (through link_create.perf_event.bpf_cookie, kernel 5.15+; the union at 16 has a
// member per link kind: target_btf_id, iter_info, kprobe_multi, tracing, netfilter, tcx, uprobe_multi, ...).
//  0                  4                         8             12       16                         24
//  +------------------+-------------------------+-------------+--------+--------------------------+
//  | prog_fd (map_fd) | target_fd (ifindex)     | attach_type | flags  | perf_event.bpf_cookie    |
//  +------------------+-------------------------+-------------+--------+--------------------------+
//                                                                       | target_btf_id | ...      |
export const LINK_CREATE_ATTR = defineLayout('bpf_attr', [
  { name: 'prog_fd', off: 0, type: 'u32' },
  { name: 'target_fd', off: 4, type: 'u32' },
  { name: 'attach_type', off: 8, type: 'enum', names: BPF_ATTACH_TYPE },
  { name: 'flags', off: 12, type: 'u32' },
  { name: 'perf_event.bpf_cookie', off: 16, type: 'u64' },
  { name: 'target_btf_id', off: 16, type: 'u32', alias: true },
] as const);

// BPF_RAW_TRACEPOINT_OPEN, 24 bytes (the raw_tracepoint member; cookie since 6.10, zero is accepted before).
//  0                8          12 (pad) 16            24
//  +----------------+----------+--------+-------------+
//  | name (ptr)     | prog_fd  |   0    | cookie      |
//  +----------------+----------+--------+-------------+
export const RAW_TRACEPOINT_OPEN_ATTR = defineLayout('bpf_attr', [
  { name: 'name', off: 0, type: 'str' },
  { name: 'prog_fd', off: 8, type: 'u32' },
  { name: 'cookie', off: 16, type: 'u64' },
] as const);
