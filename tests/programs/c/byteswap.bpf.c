/* Byte swaps (BPF_ALU | BPF_END). On this little-endian target
 * bpf_htons/htonl/ntohs/ntohl/cpu_to_be64 become `rX = be16/be32/be64 rX`
 * (BPF_TO_BE, imm = width); the le16/32/64 forms (BPF_TO_LE) only come out
 * of a big-endian target and are in unselected.bpf.c. Constants are swapped
 * by the compiler, so the values swapped at run time come from the context.
 * byteswap-v3.bpf.c is this source with -mcpu=v3: the swaps are the same,
 * the 32-bit arithmetic around them moves to w registers.
 */
#include "common.h"
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

__u64 swapped[6];
__u32 next_addr;
__u16 next_port;

SEC("tc")
int swaps(struct __sk_buff *skb)
{
	__u16 port = skb->vlan_tci;
	__u32 addr = skb->hash;
	__u64 wide = ((__u64)skb->ifindex << 32) | skb->mark;

	swapped[0] = bpf_htons(port);
	swapped[1] = bpf_ntohs((__u16)skb->protocol);
	swapped[2] = bpf_htonl(addr);
	swapped[3] = bpf_ntohl(skb->priority);
	swapped[4] = bpf_cpu_to_be64(wide);
	/* constant: folded at compile time, no swap instruction */
	swapped[5] = bpf_htons(0x1234);

	/* arithmetic in network order: swap, add, swap back */
	next_addr = bpf_htonl(bpf_ntohl(addr) + 1);
	next_port = bpf_htons(bpf_ntohs(port) + 1);
	return 0;
}
