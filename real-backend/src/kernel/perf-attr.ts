// struct perf_event_attr (include/uapi/linux/perf_event.h) through config2: 72 bytes, PERF_ATTR_SIZE_VER1, enough for
// tracepoint, kprobe/uprobe PMU and software events. The kernel accepts any size it knows (VER0 = 64 up to its own
// sizeof, 136 on 6.18) and, for a bigger one, a zero tail. Offsets checked against BTF by tests/kernel/layout.test.ts.
import { PERF_SAMPLE, PERF_TYPE } from '@bpflc/sim/abi/perf.gen';
import { defineLayout } from './struct-layout.ts';

/** The 1-bit fields of the __u64 at offset 40, by bit position (precise_ip is 2 bits at 15-16: not offered). */
export const PERF_ATTR_BITS = [
  'disabled', 'inherit', 'pinned', 'exclusive', 'exclude_user', 'exclude_kernel', 'exclude_hv', 'exclude_idle',
  'mmap', 'comm', 'freq', 'inherit_stat', 'enable_on_exec', 'task', 'watermark', '', '',
  'mmap_data', 'sample_id_all', 'exclude_host', 'exclude_guest', 'exclude_callchain_kernel', 'exclude_callchain_user',
  'mmap2', 'comm_exec', 'use_clockid', 'context_switch', 'write_backward', 'namespaces', 'ksymbol', 'bpf_event',
  'aux_output', 'cgroup', 'text_poke', 'build_id', 'inherit_thread', 'remove_on_exec', 'sigtrap',
] as const;

//  0       4       8              16                          24             32             40
//  +-------+-------+--------------+---------------------------+--------------+--------------+
//  | type  | size  | config       | sample_period / _freq     | sample_type  | read_format  |
//  +-------+-------+--------------+---------------------------+--------------+--------------+
//  40                                    48                                   52         56
//  +-------------------------------------+------------------------------------+----------+
//  | disabled:1 inherit:1 pinned:1 ...   | wakeup_events / wakeup_watermark   | bp_type  |
//  +-------------------------------------+------------------------------------+----------+
//  56                                              64                                          72
//  +-----------------------------------------------+-------------------------------------------+
//  | config1 = kprobe_func / uprobe_path / bp_addr | config2 = probe_offset / kprobe_addr / bp_len|
//  +-----------------------------------------------+-------------------------------------------+
export const PERF_EVENT_ATTR = defineLayout('perf_event_attr', [
  // A PMU's dynamic type (kprobe: /sys/bus/event_source/devices/kprobe/type) has no name: shown as a number.
  { name: 'type', off: 0, type: 'enum', names: PERF_TYPE },
  { name: 'size', off: 4, type: 'u32' },
  { name: 'config', off: 8, type: 'u64' },
  { name: 'sample_period', off: 16, type: 'u64' },
  { name: 'sample_freq', off: 16, type: 'u64', alias: true },
  { name: 'sample_type', off: 24, type: 'flags', names: PERF_SAMPLE },
  { name: 'read_format', off: 32, type: 'u64' },
  { name: 'flags', off: 40, type: 'bits', bits: PERF_ATTR_BITS },
  { name: 'wakeup_events', off: 48, type: 'u32' },
  { name: 'wakeup_watermark', off: 48, type: 'u32', alias: true },
  { name: 'bp_type', off: 52, type: 'u32' },
  { name: 'config1', off: 56, type: 'u64' },
  { name: 'kprobe_func', off: 56, type: 'str', alias: true },
  { name: 'uprobe_path', off: 56, type: 'str', alias: true },
  { name: 'config2', off: 64, type: 'u64' },
  { name: 'probe_offset', off: 64, type: 'u64', alias: true },
  { name: 'kprobe_addr', off: 64, type: 'u64', alias: true },
] as const);
