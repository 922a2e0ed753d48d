# Big-endian eBPF (-target bpfeb): the register nibbles swap (dst in bits 7-4) and off/imm are stored
# big-endian; llvm-objdump still names the format elf64-bpf. One of each instruction class.
	.text
	.globl	big_endian
	.type	big_endian,@function
big_endian:
	r6 = r1
	r1 = 0x123456789abcdef0 ll
	r2 = -2 ll
	r1 += -8
	w2 = w3
	w2 s>>= 3
	r3 = be16 r3
	r3 = le64 r3
	r4 = *(u16 *)(r6 - 2)
	*(u32 *)(r10 - 4) = r4
	*(u64 *)(r10 - 16) = r1
	r0 = *(u8 *)skb[12]
	r0 = *(u32 *)skb[r6]
	lock *(u64 *)(r10 - 16) += r1
	lock *(u32 *)(r10 - 4) += w2
	if r1 s> -3 goto +1
	if w2 != w3 goto +1
	call 14
	call sub
	exit

	.type	sub,@function
sub:
	r0 = 7
	exit
