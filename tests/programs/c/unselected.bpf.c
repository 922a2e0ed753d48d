// cflags: -mcpu=v3
/* Instruction forms clang 14 never selects from C, so the other programs
 * cannot contain them, yet kernels accept them and other compilers (GCC's BPF
 * backend, newer LLVM, hand-written assembly) produce them:
 *  - sub with an immediate (clang writes `r1 += -7`);
 *  - non-strict comparisons with an immediate (clang writes `r1 > 12` for
 *    `r1 >= 13`): jge jle jsge jsle, 64- and 32-bit;
 *  - le16/le32/le64 (BPF_TO_LE, a no-op width truncation on little endian;
 *    clang emits them only for a big-endian target);
 * written as inline assembly, which LLVM 14's BPF assembler accepts; and
 *  - mod (BPF_MOD) and jset (BPF_JSET), 64- and 32-bit, immediate and
 *    register, and stores of an immediate (BPF_ST | BPF_MEM, sizes B H W DW),
 *    which LLVM 14 can neither select nor assemble: they are raw
 *    8-byte words (.quad), little-endian
 *        imm(32) | off(16) | src(4) dst(4) | opcode(8)
 *    with operands pinned to r1 and r2. llvm-objdump 14 prints every one of
 *    them as <unknown>. The kernel accepts the whole program.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 sink64;
__u32 sink32;
__u64 st_target[2];

SEC("socket")
int unselected(struct __sk_buff *skb)
{
	__u64 a = unknown64();
	__u32 w = bpf_get_prandom_u32();

	asm volatile("%[a] -= 7" : [a] "+r"(a));
	asm volatile("%[w] -= 7" : [w] "+w"(w));

	asm volatile("if %[a] >= 13 goto +1\n\t%[a] += 1" : [a] "+r"(a));
	asm volatile("if %[a] <= 14 goto +1\n\t%[a] += 1" : [a] "+r"(a));
	asm volatile("if %[a] s>= -15 goto +1\n\t%[a] += 1" : [a] "+r"(a));
	asm volatile("if %[a] s<= -16 goto +1\n\t%[a] += 1" : [a] "+r"(a));
	asm volatile("if %[w] >= 13 goto +1\n\t%[w] += 1" : [w] "+w"(w));
	asm volatile("if %[w] <= 14 goto +1\n\t%[w] += 1" : [w] "+w"(w));
	asm volatile("if %[w] s>= -15 goto +1\n\t%[w] += 1" : [w] "+w"(w));
	asm volatile("if %[w] s<= -16 goto +1\n\t%[w] += 1" : [w] "+w"(w));

	asm volatile("%[a] = le16 %[a]" : [a] "+r"(a));
	asm volatile("%[a] = le32 %[a]" : [a] "+r"(a));
	asm volatile("%[a] = le64 %[a]" : [a] "+r"(a));

	{
		register __u64 r1 asm("r1") = a;
		register __u64 r2 asm("r2") = (__u64)w | 1;

		asm volatile(".quad 0x000003e800000197" : "+r"(r1));		/* r1 %= 1000 */
		asm volatile(".quad 0x000000000000219f" : "+r"(r1) : "r"(r2));	/* r1 %= r2 */
		asm volatile(".quad 0x000003e800000194" : "+r"(r1));		/* w1 %= 1000 */
		asm volatile(".quad 0x000000000000219c" : "+r"(r1) : "r"(r2));	/* w1 %= w2 */
		/* if r1 & 8 goto +1; r1 += 1 */
		asm volatile(".quad 0x0000000800010145\n\t.quad 0x0000000100000107" : "+r"(r1));
		/* if r1 & r2 goto +1; r1 += 1 */
		asm volatile(".quad 0x000000000001214d\n\t.quad 0x0000000100000107" : "+r"(r1) : "r"(r2));
		/* if w1 & 8 goto +1; r1 += 1 */
		asm volatile(".quad 0x0000000800010146\n\t.quad 0x0000000100000107" : "+r"(r1));
		/* if w1 & w2 goto +1; r1 += 1 */
		asm volatile(".quad 0x000000000001214e\n\t.quad 0x0000000100000107" : "+r"(r1) : "r"(r2));
		a = r1;
	}
	{
		register __u64 *p asm("r1") = st_target;

		asm volatile(".quad 0x000000050000017a" :: "r"(p) : "memory");	/* *(u64 *)(r1 + 0) = 5 */
		asm volatile(".quad 0x0000000700080162" :: "r"(p) : "memory");	/* *(u32 *)(r1 + 8) = 7 */
		asm volatile(".quad 0x00000001000c016a" :: "r"(p) : "memory");	/* *(u16 *)(r1 + 12) = 1 */
		asm volatile(".quad 0x00000002000e0172" :: "r"(p) : "memory");	/* *(u8 *)(r1 + 14) = 2 */
	}

	sink64 = a;
	sink32 = w;
	return 0;
}
