/* Tail calls: bpf_tail_call(ctx, &prog_array, index) jumps into another
 * program without returning, reusing the caller's stack frame. The target
 * table is a BPF_MAP_TYPE_PROG_ARRAY whose values are program fds; here
 * libbpf fills slots 0 and 1 at load time from the initialiser of the
 * BTF-defined map (the `values` array, relocated through .rel.maps).
 * When the slot is empty or the chain is already 33 calls deep the helper
 * returns and execution continues after it: the fall-through below.
 * The verifier rewrites the helper call into an inline sequence
 * (BPF_TAIL_CALL); the JIT turns that into a jump.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

int stage_one(struct __sk_buff *skb);
int stage_two(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int(struct __sk_buff *));
} jump_table SEC(".maps") = {
	.values = {
		[0] = (void *)&stage_one,
		[1] = (void *)&stage_two,
	},
};

__u64 fell_through;

SEC("socket")
int stage_two(struct __sk_buff *skb)
{
	return skb->len > 64 ? skb->len : 0;
}

SEC("socket")
int stage_one(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump_table, 1);
	fell_through++;
	return 0;
}

SEC("socket")
int entry(struct __sk_buff *skb)
{
	__u32 index = skb->protocol & 1;	/* index from data: a register */

	bpf_tail_call(skb, &jump_table, index);
	bpf_tail_call(skb, &jump_table, 0);	/* constant index */
	fell_through++;
	return 0;
}
