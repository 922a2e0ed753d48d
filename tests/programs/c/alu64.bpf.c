/* Every 64-bit ALU operation (BPF_ALU64 class), each with an immediate and a
 * register source: add sub mul div mod or and xor lsh rsh arsh neg mov.
 * Default cpu (v1): no alu32, so these are all 64-bit forms.
 * BPF division is unsigned, which is why only unsigned types are divided here
 * (clang 14 refuses signed division for BPF).
 * Two forms never come out of clang 14 from C: `a -= imm` (canonicalised to
 * `a += -imm`, kept below anyway to show it) and modulo (expanded into
 * div, mul, sub); raw-encodings.bpf.c carries BPF_MOD as raw words.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 result;

SEC("socket")
int alu64_ops(struct __sk_buff *skb)
{
	__u64 a = unknown64();
	__u64 b = unknown64() | 1; /* never zero: a divisor */
	__s64 s;

	/* immediate operands */
	a += 7;		OPAQUE(a);
	a -= 0x1234;	OPAQUE(a); /* clang writes this as a += -0x1234 */
	a *= 13;	OPAQUE(a);
	a /= 10;	OPAQUE(a);
	a %= 1000;	OPAQUE(a);  /* becomes r /= 1000; r *= 1000; a -= r */
	a |= 0x40;	OPAQUE(a);
	a &= 0xfff0;	OPAQUE(a);
	a ^= 0x5a5a;	OPAQUE(a);
	a <<= 3;	OPAQUE(a);
	a >>= 2;	OPAQUE(a);
	s = (__s64)a;
	s >>= 5;	OPAQUE(s);  /* arithmetic shift: signed operand */
	a = (__u64)s;

	/* register operands */
	a += b;		OPAQUE(a);
	a -= b;		OPAQUE(a);
	a *= b;		OPAQUE(a);
	a /= b;		OPAQUE(a);
	a %= b;		OPAQUE(a);
	a |= b;		OPAQUE(a);
	a &= b;		OPAQUE(a);
	a ^= b;		OPAQUE(a);
	a <<= (b & 63);	OPAQUE(a);
	a >>= (b & 31);	OPAQUE(a);
	s = (__s64)a;
	s >>= (b & 15);	OPAQUE(s);
	a = (__u64)-s;	OPAQUE(a);  /* neg */

	/* mov: register and immediate */
	b = a;		OPAQUE(b);
	a = 42;		OPAQUE(a);
	a = -1;		OPAQUE(a);  /* sign-extended 32-bit immediate */

	result = a + b;
	return 0;
}
