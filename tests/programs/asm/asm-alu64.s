# ALU64 (class 0x07): every operation clang 14 assembles, immediate (K) and register (X) source.
# LLVM 14 has no BPF_MOD and no cpu-v4 sdiv/smod/movsx: those are in asm-opcode-sweep.s as raw bytes.
	.text
	.globl	alu64
	.type	alu64,@function
alu64:
	r0 = 0
	r1 = 1
	r2 = -1
	r3 = 2147483647
	r4 = -2147483648
	r5 = r1
	r1 += 5
	r1 += r2
	r1 -= 5
	r1 -= r2
	r1 *= 7
	r1 *= r2
	r1 /= 3
	r1 /= r2
	r1 |= 0x10
	r1 |= r2
	r1 &= 255
	r1 &= r2
	r1 <<= 32
	r1 <<= r2
	r1 >>= 32
	r1 >>= r2
	r1 s>>= 3
	r1 s>>= r2
	r1 ^= -1
	r1 ^= r2
	r1 = -r1
	r9 = r10
	r0 = r9
	exit
.Lfunc_end0:
	.size	alu64, .Lfunc_end0-alu64
