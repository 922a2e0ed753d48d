# ALU (class 0x04, 32-bit, "w" registers; -mcpu=v3 enables alu32): every operation, K and X source.
	.text
	.globl	alu32
	.type	alu32,@function
alu32:
	w0 = 0
	w1 = 1
	w2 = -1
	w3 = w1
	w1 += 5
	w1 += w2
	w1 -= 5
	w1 -= w2
	w1 *= 7
	w1 *= w2
	w1 /= 3
	w1 /= w2
	w1 |= 16
	w1 |= w2
	w1 &= 255
	w1 &= w2
	w1 <<= 31
	w1 <<= w2
	w1 >>= 31
	w1 >>= w2
	w1 s>>= 3
	w1 s>>= w2
	w1 ^= -1
	w1 ^= w2
	w1 = -w1
	w0 = w1
	exit
.Lfunc_end0:
	.size	alu32, .Lfunc_end0-alu32
