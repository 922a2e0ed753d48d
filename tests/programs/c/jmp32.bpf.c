// cflags: -mcpu=v3
/* The JMP32 class: the same conditions as jumps.bpf.c on 32-bit operands
 * (`if w1 > w2 goto`), which compare only the low halves of the registers.
 * JMP32 exists from cpu v3 (kernel 5.1); with -mcpu=v3 clang uses it for
 * comparisons of 32-bit values instead of zero- or sign-extending them into
 * 64-bit registers first. As in jumps.bpf.c, only strict conditions come out
 * against an immediate.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u32 hits;

/* A side effect per branch, so none of them can be merged or dropped. */
#define HIT(n) do { hits += (n); OPAQUE(hits); } while (0)
/* Fresh, unknown operands for every comparison, so clang cannot reuse what an
 * earlier comparison taught it. */
#define CMP(cond, n) do { OPAQUE(a); OPAQUE(b); OPAQUE(s); OPAQUE(t); if (cond) HIT(n); } while (0)

SEC("socket")
int jumps32(struct __sk_buff *skb)
{
	__u32 a = bpf_get_prandom_u32(), b = bpf_get_prandom_u32();
	__s32 s = (__s32)bpf_get_prandom_u32(), t = (__s32)bpf_get_prandom_u32();

	/* unsigned, immediate */
	CMP(a == 10, 1);
	CMP(a != 11, 2);
	CMP(a > 12, 3);
	CMP(a >= 13, 4);
	CMP(a < 14, 5);
	CMP(a <= 15, 6);
	/* signed, immediate */
	CMP(s > -16, 7);
	CMP(s >= -17, 8);
	CMP(s < -18, 9);
	CMP(s <= -19, 10);
	/* unsigned, register */
	CMP(a == b, 11);
	CMP(a != b, 12);
	CMP(a > b, 13);
	CMP(a >= b, 14);
	CMP(a < b, 15);
	CMP(a <= b, 16);
	/* signed, register */
	CMP(s > t, 17);
	CMP(s >= t, 18);
	CMP(s < t, 19);
	CMP(s <= t, 20);

	return hits & 1;
}
