# Atomics (BPF_STX | BPF_ATOMIC): add/or/and/xor with and without FETCH, xchg, cmpxchg, 32 and 64 bit.
# clang 14's assembler parses only the `lock ... op= reg` forms; the fetch, xchg and cmpxchg forms (which
# clang 14 does emit from C, see tests/programs/c/atomics.bpf.c) are written as their 8 raw bytes below.
# llvm-objdump 14 (no +alu32 decoder by default) prints 32-bit or/and/xor and every 32-bit fetch form as
# <unknown> (a fetch_add prints as the plain add): the golden file records exactly that.
	.text
	.globl	atomics
	.type	atomics,@function
atomics:
	lock *(u32 *)(r1 + 0) += w2
	lock *(u32 *)(r1 + 4) |= w2
	lock *(u32 *)(r1 + 8) &= w2
	lock *(u32 *)(r1 - 4) ^= w2
	lock *(u64 *)(r1 + 0) += r2
	lock *(u64 *)(r1 + 8) |= r2
	lock *(u64 *)(r1 + 16) &= r2
	lock *(u64 *)(r1 - 8) ^= r2

	# w2 = atomic_fetch_add((u32 *)(r1 + 0), w2)
	.byte 0xc3, 0x21, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00
	# w2 = atomic_fetch_or((u32 *)(r1 + 0), w2)
	.byte 0xc3, 0x21, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00
	# w2 = atomic_fetch_and((u32 *)(r1 + 0), w2)
	.byte 0xc3, 0x21, 0x00, 0x00, 0x51, 0x00, 0x00, 0x00
	# w2 = atomic_fetch_xor((u32 *)(r1 + 0), w2)
	.byte 0xc3, 0x21, 0x00, 0x00, 0xa1, 0x00, 0x00, 0x00
	# w2 = xchg32_32(r1 + 0, w2)
	.byte 0xc3, 0x21, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00
	# w0 = cmpxchg32_32(r1 + 0, w0, w2)
	.byte 0xc3, 0x21, 0x00, 0x00, 0xf1, 0x00, 0x00, 0x00
	# r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)
	.byte 0xdb, 0x21, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00
	# r2 = atomic_fetch_or((u64 *)(r1 + 8), r2)
	.byte 0xdb, 0x21, 0x08, 0x00, 0x41, 0x00, 0x00, 0x00
	# r2 = atomic_fetch_and((u64 *)(r1 + 16), r2)
	.byte 0xdb, 0x21, 0x10, 0x00, 0x51, 0x00, 0x00, 0x00
	# r2 = atomic_fetch_xor((u64 *)(r1 - 8), r2)
	.byte 0xdb, 0x21, 0xf8, 0xff, 0xa1, 0x00, 0x00, 0x00
	# r2 = xchg_64(r1 + 0, r2)
	.byte 0xdb, 0x21, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00
	# r0 = cmpxchg_64(r1 + 0, r0, r2)
	.byte 0xdb, 0x21, 0x00, 0x00, 0xf1, 0x00, 0x00, 0x00
	exit
