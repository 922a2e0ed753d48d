// union bpf_attr for BPF_BTF_LOAD, through btf_log_true_size (32 bytes; written by the kernel since 6.4).
import { defineLayout } from '../struct-layout.ts';

//  0             8                  16         20             24              28                  32
//  +-------------+------------------+----------+--------------+---------------+-------------------+
//  | btf (ptr)   | btf_log_buf (ptr)| btf_size | btf_log_size | btf_log_level | btf_log_true_size |
//  +-------------+------------------+----------+--------------+---------------+-------------------+
export const BTF_LOAD_ATTR = defineLayout('bpf_attr', [
  { name: 'btf', off: 0, type: 'ptr' },
  { name: 'btf_log_buf', off: 8, type: 'ptr' },
  { name: 'btf_size', off: 16, type: 'u32' },
  { name: 'btf_log_size', off: 20, type: 'u32' },
  { name: 'btf_log_level', off: 24, type: 'u32' },
  { name: 'btf_log_true_size', off: 28, type: 'u32', out: true },
] as const);
