// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A socket filter that keeps only UDP datagrams to or from port 53 (DNS) on a
 * raw packet socket, read with the oldest packet-access instructions eBPF has.
 *
 * What to notice:
 *  - load_byte/load_half are not helpers: they compile to BPF_LD | BPF_ABS and
 *    BPF_LD | BPF_IND instructions inherited from classic BPF (tcpdump's
 *    filters). They read at an offset from the start of the packet, convert
 *    to host order, and end the program with return 0 if the read is out of
 *    bounds, so no bounds check is written here.
 *  - The return value is how many bytes of the packet to keep; 0 drops it.
 *  - The IP header length is variable (IHL field), so the UDP ports are read
 *    with BPF_IND: offset = register + constant.
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Intrinsics clang lowers to LD_ABS/LD_IND. The register holding skb must be
 * the program's context (r6 after the prologue, as classic BPF required). */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");

#define DNS_PORT 53

SEC("socket")
int dns_only(struct __sk_buff *skb)
{
	__u64 ihl_bytes;

	if (load_half(skb, offsetof(struct ethhdr, h_proto)) != ETH_P_IP)
		return 0;
	if (load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol)) != IPPROTO_UDP)
		return 0;

	/* First byte of the IP header: version (high nibble), IHL in 32-bit
	 * words (low nibble). */
	ihl_bytes = (load_byte(skb, ETH_HLEN) & 0x0f) * 4;

	if (load_half(skb, ETH_HLEN + ihl_bytes) == DNS_PORT ||      /* source */
	    load_half(skb, ETH_HLEN + ihl_bytes + 2) == DNS_PORT)    /* dest */
		return skb->len;

	return 0;
}
