// cflags: -mcpu=v3
/* Atomic memory operations (BPF_STX | BPF_ATOMIC, kernel >= 5.12), 32- and
 * 64-bit. The operation is in imm; BPF_FETCH (0x01) in imm means "and return
 * the old value in the source register":
 *   add            unused result: lock *(u64 *)(r1 + 0) += r2     (imm 0x00)
 *                  used result:   r2 = atomic_fetch_add(...)      (imm 0x01)
 *   and / or / xor the same pair                         (imm 0x50/0x40/0xa0, | 0x01)
 *   xchg           __sync_lock_test_and_set              (imm 0xe1)
 *   cmpxchg        __sync_val_compare_and_swap; compares with r0 and
 *                  returns the old value in r0             (imm 0xf1)
 * and/or/xor/xchg/cmpxchg and 32-bit fetch forms need -mcpu=v3; with cpu v1
 * and v2 clang only accepts an add whose result is unused (xadd-v1.bpf.c).
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 c64;
__u32 c32;
__u64 seen64[8];
__u32 seen32[8];

SEC("tc")
int atomics(struct __sk_buff *skb)
{
	__u64 v = skb->len;
	__u32 w = skb->mark;

	/* results unused: no fetch */
	__sync_fetch_and_add(&c64, v);
	__sync_fetch_and_and(&c64, v);
	__sync_fetch_and_or(&c64, v);
	__sync_fetch_and_xor(&c64, v);
	__sync_fetch_and_add(&c32, w);
	__sync_fetch_and_and(&c32, w);
	__sync_fetch_and_or(&c32, w);
	__sync_fetch_and_xor(&c32, w);

	/* results used: the fetch forms */
	seen64[0] = __sync_fetch_and_add(&c64, v);
	seen64[1] = __sync_fetch_and_and(&c64, v);
	seen64[2] = __sync_fetch_and_or(&c64, v);
	seen64[3] = __sync_fetch_and_xor(&c64, v);
	seen64[4] = __sync_lock_test_and_set(&c64, v);
	seen64[5] = __sync_val_compare_and_swap(&c64, v, v + 1);
	seen64[6] = __sync_fetch_and_sub(&c64, v);	/* neg, then fetch_add */
	seen32[0] = __sync_fetch_and_add(&c32, w);
	seen32[1] = __sync_fetch_and_and(&c32, w);
	seen32[2] = __sync_fetch_and_or(&c32, w);
	seen32[3] = __sync_fetch_and_xor(&c32, w);
	seen32[4] = __sync_lock_test_and_set(&c32, w);
	seen32[5] = __sync_val_compare_and_swap(&c32, w, w + 1);
	seen32[6] = __sync_fetch_and_sub(&c32, w);
	return 0;
}
