# Byte swaps (BPF_ALU | BPF_END): to big- and little-endian, 16/32/64 bits (cpu v4's bswap is in the sweep).
	.text
	.globl	endian
	.type	endian,@function
endian:
	r1 = be16 r1
	r1 = be32 r1
	r1 = be64 r1
	r2 = le16 r2
	r2 = le32 r2
	r2 = le64 r2
	r0 = r1
	exit
