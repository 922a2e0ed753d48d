# Loads and stores: LDX/STX of every size (r and w registers; alu32 loads encode the same opcodes),
# the legacy packet loads (ld_abs, ld_ind), and ld_imm64 with plain values and with relocations against a
# map in .maps, a variable in .data, a constant in .rodata and a function (a callback address).
	.text
	.globl	mem
	.type	mem,@function
mem:
	r1 = *(u8 *)(r2 + 0)
	r1 = *(u16 *)(r2 + 2)
	r1 = *(u32 *)(r2 - 4)
	r1 = *(u64 *)(r10 - 8)
	w1 = *(u8 *)(r2 + 32767)
	w1 = *(u16 *)(r2 - 32768)
	w1 = *(u32 *)(r2 + 0)
	*(u8 *)(r10 - 1) = r1
	*(u16 *)(r10 - 2) = r1
	*(u32 *)(r10 - 4) = r1
	*(u64 *)(r10 - 16) = r1
	*(u8 *)(r10 - 1) = w1
	*(u16 *)(r10 - 2) = w1
	*(u32 *)(r10 - 4) = w1
	r0 = *(u8 *)skb[12]
	r0 = *(u16 *)skb[14]
	r0 = *(u32 *)skb[-1]
	r0 = *(u8 *)skb[r1]
	r0 = *(u16 *)skb[r2]
	r0 = *(u32 *)skb[r3]
	r1 = 0 ll
	r1 = -1 ll
	r1 = 0x7fffffffffffffff ll
	r1 = 0x123456789abcdef0 ll
	r2 = counters ll
	r3 = value ll
	r4 = greeting ll
	r5 = mem ll
	r0 = 0
	exit
.Lfunc_end0:
	.size	mem, .Lfunc_end0-mem

	.type	counters,@object
	.section	.maps,"aw",@progbits
	.globl	counters
	.p2align	3
counters:
	.zero	24
	.size	counters, 24

	.type	value,@object
	.data
	.globl	value
	.p2align	2
value:
	.long	7
	.size	value, 4

	.type	greeting,@object
	.section	.rodata,"a",@progbits
greeting:
	.asciz	"hello"
	.size	greeting, 6
