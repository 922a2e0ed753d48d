// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Count packets per IP protocol as they arrive at a network device, before the
 * kernel has even allocated an sk_buff for them, and let every one pass.
 *
 * What to notice:
 *  - An XDP program sees raw bytes between ctx->data and ctx->data_end. Every
 *    read must be preceded by a comparison that proves it stays inside: the
 *    verifier tracks "pkt" pointers and the range each check establishes.
 *  - A PERCPU_ARRAY gives each CPU its own slot, so the increment needs no
 *    atomic operation; user space sums the per-CPU values.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256); /* one slot per IP protocol number */
	__type(key, __u32);
	__type(value, __u64);
} proto_packets SEC(".maps");

SEC("xdp")
int count_protocols(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u64 *count;
	__u32 proto;

	/* Without this check the read of eth->h_proto is rejected. */
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;

	proto = ip->protocol;
	count = bpf_map_lookup_elem(&proto_packets, &proto);
	if (count)
		*count += 1;

	return XDP_PASS;
}
