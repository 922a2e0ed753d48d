/* The original atomic: XADD (BPF_STX | BPF_XADD, the mode that BPF_ATOMIC
 * later generalised; imm 0 means add). With the default cpu (v1) this is the
 * only atomic clang accepts, and only when the result is unused: it cannot
 * return the old value. 32- and 64-bit, on a global and on a map value.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 packets;
__u32 bytes_low;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} per_prog SEC(".maps");

SEC("socket")
int xadd_counters(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *v;

	__sync_fetch_and_add(&packets, 1);
	__sync_fetch_and_add(&bytes_low, skb->len);
	v = bpf_map_lookup_elem(&per_prog, &zero);
	if (v)
		__sync_fetch_and_add(v, skb->len);
	return 0;
}
