// cflags: -mcpu=v3
/* byteswap.bpf.c compiled with -mcpu=v3 (alu32); see that file. The source
 * is repeated because the cpu is a per-object choice. */
#include "common.h"
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

__u64 swapped[6];
__u32 next_addr;
__u16 next_port;

SEC("tc")
int swaps_v3(struct __sk_buff *skb)
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
