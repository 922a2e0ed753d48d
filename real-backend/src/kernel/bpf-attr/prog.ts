// union bpf_attr for BPF_PROG_LOAD, through log_true_size (144 bytes; the kernel writes log_true_size since 6.4,
// older kernels accept the zeroed tail). 6.18 continues with prog_token_fd, fd_array_cnt, signature, ... which we
// leave out. Offsets from include/uapi/linux/bpf.h, checked against the running kernel's BTF by the tests.
import { BPF_ATTACH_TYPE, BPF_PROG_TYPE } from '@bpflc/sim/abi/uapi.gen';
import { defineLayout } from '../struct-layout.ts';

//  0          4         8                16               24          28         32              40
//  +----------+---------+----------------+----------------+-----------+----------+---------------+
//  |prog_type |insn_cnt | insns (ptr)    | license (ptr)  | log_level | log_size | log_buf (ptr) |
//  +----------+---------+----------------+----------------+-----------+----------+---------------+
//  40            44           48                64             68                     72           76
//  +-------------+------------+-----------------+--------------+----------------------+------------+
//  |kern_version |prog_flags  | prog_name[16]   |prog_ifindex  |expected_attach_type  |prog_btf_fd |
//  +-------------+------------+-----------------+--------------+----------------------+------------+
//  76                   80                88              92                   96               104
//  +--------------------+-----------------+---------------+--------------------+----------------+
//  |func_info_rec_size  | func_info (ptr) |func_info_cnt  |line_info_rec_size  |line_info (ptr) |
//  +--------------------+-----------------+---------------+--------------------+----------------+
//  104            108             112                                  116             120
//  +--------------+---------------+------------------------------------+---------------+
//  |line_info_cnt |attach_btf_id  |attach_prog_fd | attach_btf_obj_fd  |core_relo_cnt  |
//  +--------------+---------------+------------------------------------+---------------+
//  120              128               136                   140             144
//  +----------------+-----------------+---------------------+---------------+
//  |fd_array (ptr)  |core_relos (ptr) |core_relo_rec_size   |log_true_size  |  ← written by the kernel
//  +----------------+-----------------+---------------------+---------------+
export const PROG_LOAD_ATTR = defineLayout('bpf_attr', [
  { name: 'prog_type', off: 0, type: 'enum', names: BPF_PROG_TYPE },
  { name: 'insn_cnt', off: 4, type: 'u32' },
  { name: 'insns', off: 8, type: 'ptr' },
  { name: 'license', off: 16, type: 'str' },
  { name: 'log_level', off: 24, type: 'u32' },
  { name: 'log_size', off: 28, type: 'u32' },
  { name: 'log_buf', off: 32, type: 'ptr' },
  { name: 'kern_version', off: 40, type: 'u32' },
  { name: 'prog_flags', off: 44, type: 'u32' },
  { name: 'prog_name', off: 48, type: 'char', len: 16 },
  { name: 'prog_ifindex', off: 64, type: 'u32' },
  { name: 'expected_attach_type', off: 68, type: 'enum', names: BPF_ATTACH_TYPE },
  { name: 'prog_btf_fd', off: 72, type: 'u32' },
  { name: 'func_info_rec_size', off: 76, type: 'u32' },
  { name: 'func_info', off: 80, type: 'ptr' },
  { name: 'func_info_cnt', off: 88, type: 'u32' },
  { name: 'line_info_rec_size', off: 92, type: 'u32' },
  { name: 'line_info', off: 96, type: 'ptr' },
  { name: 'line_info_cnt', off: 104, type: 'u32' },
  { name: 'attach_btf_id', off: 108, type: 'u32' },
  { name: 'attach_prog_fd', off: 112, type: 'u32' },
  { name: 'attach_btf_obj_fd', off: 112, type: 'u32', alias: true },
  { name: 'core_relo_cnt', off: 116, type: 'u32' },
  { name: 'fd_array', off: 120, type: 'ptr' },
  { name: 'core_relos', off: 128, type: 'ptr' },
  { name: 'core_relo_rec_size', off: 136, type: 'u32' },
  { name: 'log_true_size', off: 140, type: 'u32', out: true },
] as const);
