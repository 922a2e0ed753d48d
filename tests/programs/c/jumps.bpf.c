// cflags: -mcpu=v2
/* Conditional jumps of the 64-bit JMP class with every condition, signed and
 * unsigned, against an immediate and against a register; plus the
 * unconditional `goto`. -mcpu=v2 lets clang use JLT/JLE/JSLT/JSLE (cpu v1 only
 * has the "greater" forms and swaps operands instead).
 * clang chooses the jump itself: it usually inverts the C condition to jump
 * over the then-branch, and it rewrites `x >= 13` as `x > 12`, so against an
 * immediate only the strict forms come out (the non-strict ones with an
 * immediate are in unselected.bpf.c, as is JSET, which clang 14 never
 * selects). Against a register every condition appears.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 hits;

/* A side effect per branch, so none of them can be merged or dropped. */
#define HIT(n) do { hits += (n); OPAQUE(hits); } while (0)
/* Fresh, unknown operands for every comparison, so clang cannot reuse what an
 * earlier comparison taught it. */
#define CMP(cond, n) do { OPAQUE(a); OPAQUE(b); OPAQUE(s); OPAQUE(t); if (cond) HIT(n); } while (0)

SEC("socket")
int jumps64(struct __sk_buff *skb)
{
	__u64 a = unknown64(), b = unknown64();
	__s64 s = (__s64)unknown64(), t = (__s64)unknown64();

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
