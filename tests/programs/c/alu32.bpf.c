// cflags: -mcpu=v3
/* Every 32-bit ALU operation (BPF_ALU class, the `w` registers), each with an
 * immediate and a register source: add sub mul div or and xor lsh rsh arsh
 * neg mov. Needs -mcpu=v3 (alu32): with the default cpu clang computes u32
 * arithmetic in 64-bit registers and masks the result instead.
 * A 32-bit operation zero-extends its result into the upper half of the
 * 64-bit register, which is why clang needs no masking here.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u32 result32;

SEC("socket")
int alu32_ops(struct __sk_buff *skb)
{
	__u32 a = bpf_get_prandom_u32();
	__u32 b = bpf_get_prandom_u32() | 1;
	__s32 s;

	/* immediate operands */
	a += 7;		OPAQUE(a);
	a -= 0x1234;	OPAQUE(a);
	a *= 13;	OPAQUE(a);
	a /= 10;	OPAQUE(a);
	a |= 0x40;	OPAQUE(a);
	a &= 0xfff0;	OPAQUE(a);
	a ^= 0x5a5a;	OPAQUE(a);
	a <<= 3;	OPAQUE(a);
	a >>= 2;	OPAQUE(a);
	s = (__s32)a;
	s >>= 5;	OPAQUE(s);
	a = (__u32)s;

	/* register operands */
	a += b;		OPAQUE(a);
	a -= b;		OPAQUE(a);
	a *= b;		OPAQUE(a);
	a /= b;		OPAQUE(a);
	a |= b;		OPAQUE(a);
	a &= b;		OPAQUE(a);
	a ^= b;		OPAQUE(a);
	a <<= (b & 31);	OPAQUE(a);
	a >>= (b & 15);	OPAQUE(a);
	s = (__s32)a;
	s >>= (b & 7);	OPAQUE(s);
	a = (__u32)-s;	OPAQUE(a);

	/* mov: register and immediate */
	b = a;		OPAQUE(b);
	a = 42;		OPAQUE(a);
	a = 0xffffffff;	OPAQUE(a);

	result32 = a + b;
	return 0;
}
