// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program the verifier refuses, on purpose.
 *
 * bpf_map_lookup_elem returns a pointer to the value, or NULL when the key is
 * absent. The verifier types its result as `map_value_or_null` and will not
 * let the program read or write through it until a comparison with NULL has
 * split the two cases. This program forgets the check, so loading it fails with
 *     R0 invalid mem access 'map_value_or_null'
 * although it compiles without a warning: clang knows nothing about the rule.
 * The fix is one line: `if (!count) return 0;` before the increment.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} writes SEC(".maps");

SEC("tp/syscalls/sys_enter_write")
int count_writes(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 *count;

	count = bpf_map_lookup_elem(&writes, &pid);
	/* Missing: if (!count) return 0; */
	*count += 1;
	return 0;
}
