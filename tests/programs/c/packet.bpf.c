/* The three ways a program reads packet bytes:
 *  - XDP direct access: pointers from ctx->data / ctx->data_end, every read
 *    preceded by a bounds check the verifier turns into a known range
 *    (PTR_TO_PACKET); bpf_xdp_adjust_head invalidates those ranges, so the
 *    program checks again after it;
 *  - tc (sched_cls) direct access through __sk_buff->data / data_end, the
 *    same rules on an sk_buff;
 *  - socket filter LD_ABS / LD_IND (BPF_LD | BPF_ABS|BPF_IND, sizes B/H/W):
 *    implicit ctx in r6, result in r0, host byte order, program ends with 0
 *    when out of bounds. clang reaches them through llvm.bpf.load.* intrinsics.
 */
#include <stddef.h>
#include "common.h"
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

__u64 ttl_sum;

SEC("xdp")
int xdp_parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	ttl_sum += ip->ttl;

	/* Grow the headroom by 4 bytes: every earlier packet pointer is now
	 * invalid and data/data_end must be read again. */
	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 4 + sizeof(struct ethhdr) > data_end)
		return XDP_DROP;
	__builtin_memmove(data, data + 4, sizeof(struct ethhdr));
	return XDP_PASS;
}

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	/* ip->tot_len is a naturally aligned u16, a 2-byte load (the packed
	 * ethhdr is read byte by byte instead) */
	if (eth->h_proto == bpf_htons(ETH_P_IP) && ip->protocol == 6 && bpf_ntohs(ip->tot_len) > 40)
		skb->mark = 0x600;	/* a ctx store: rewritten by the verifier */
	return TC_ACT_OK;
}

SEC("socket")
int ld_abs_ind(struct __sk_buff *skb)
{
	__u64 ihl, proto, words;

	if (load_half(skb, offsetof(struct ethhdr, h_proto)) != ETH_P_IP)	/* LD_ABS H */
		return 0;
	proto = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));	/* LD_ABS B */
	words = load_word(skb, ETH_HLEN + offsetof(struct iphdr, saddr));	/* LD_ABS W */
	ihl = (load_byte(skb, ETH_HLEN) & 0xf) << 2;
	if (load_byte(skb, ETH_HLEN + ihl + 13) & 0x02)			/* LD_IND B */
		return -1;
	if (load_half(skb, ETH_HLEN + ihl + 2) == 80)			/* LD_IND H */
		return -1;
	if (load_word(skb, ETH_HLEN + ihl + 4) == words + proto)		/* LD_IND W */
		return -1;
	return 0;
}
