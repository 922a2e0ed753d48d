/* Big switches. BPF has no indirect jump, so clang 14 lowers a switch to a
 * tree of compare-and-jump instructions: a binary search on the value
 * (`if r0 s> 33 goto`), then equality tests, with forward and backward
 * jumps into the case bodies. A switch that only picks a constant (the second
 * one) is not turned into a lookup table for BPF either: it becomes the same
 * kind of tree ending in `r1 = <constant>; goto`.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 counters[20];
__u64 last_class;

SEC("tp/raw_syscalls/sys_enter")
int dispatch(void *ctx)
{
	__u64 id = bpf_get_prandom_u32() & 0x3ff;

	/* a jump tree: every case has its own side effect */
	switch (id) {
	case 0:   counters[0] += bpf_ktime_get_ns(); break;
	case 1:   counters[1] += bpf_get_prandom_u32(); break;
	case 2:   counters[2] ^= bpf_get_smp_processor_id(); break;
	case 3:   counters[3] += 3; break;
	case 5:   counters[4] -= id; break;
	case 8:   counters[5] |= bpf_get_current_pid_tgid(); break;
	case 13:  counters[6] += bpf_get_current_uid_gid(); break;
	case 21:  counters[7] *= 21; break;
	case 34:  counters[8] = 34; break;
	case 55:  counters[9] >>= 1; break;
	case 89:  counters[10] <<= 1; break;
	case 144: counters[11] += bpf_ktime_get_boot_ns(); break;
	case 233: counters[12] ^= 233; break;
	case 377: counters[13] &= 0xff; break;
	case 610: counters[14] += bpf_get_numa_node_id(); break;
	case 987: counters[15] = ~counters[15]; break;
	default:  counters[16]++; break;
	}

	/* cases only choose a value: still a jump tree, no table */
	switch (id & 15) {
	case 0:  last_class = 0x11; break;
	case 1:  last_class = 0x2203; break;
	case 2:  last_class = 0x330005; break;
	case 3:  last_class = 0x44000007; break;
	case 4:  last_class = 0x55; break;
	case 5:  last_class = 0x6600; break;
	case 6:  last_class = 0x770000; break;
	case 7:  last_class = 0x88000000; break;
	case 8:  last_class = 0x99; break;
	case 9:  last_class = 0xaa00; break;
	case 10: last_class = 0xbb0000; break;
	case 11: last_class = 0xcc000000; break;
	default: last_class = 0; break;
	}
	return 0;
}
