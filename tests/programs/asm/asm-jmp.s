# Jumps (JMP 0x05 and JMP32 0x06), K and X forms of every condition clang 14 assembles (no jset),
# goto forwards and backwards, helper calls, BPF-to-BPF calls (local and global, with relocations), exit.
	.text
	.globl	jumps
	.type	jumps,@function
jumps:
	r6 = r1
LBB0_1:
	if r1 == 1 goto LBB0_2
	if r1 != 2 goto LBB0_2
	if r1 > 3 goto LBB0_2
	if r1 >= 4 goto LBB0_2
	if r1 < 5 goto LBB0_2
	if r1 <= 6 goto LBB0_2
	if r1 s> -7 goto LBB0_2
	if r1 s>= -8 goto LBB0_2
	if r1 s< 9 goto LBB0_2
	if r1 s<= 10 goto LBB0_2
	if r1 == r2 goto LBB0_2
	if r1 != r2 goto LBB0_2
	if r1 > r2 goto LBB0_2
	if r1 >= r2 goto LBB0_2
	if r1 < r2 goto LBB0_2
	if r1 <= r2 goto LBB0_2
	if r1 s> r2 goto LBB0_2
	if r1 s>= r2 goto LBB0_2
	if r1 s< r2 goto LBB0_2
	if r1 s<= r2 goto LBB0_2
	if w1 == 1 goto LBB0_2
	if w1 != -2 goto LBB0_2
	if w1 > 3 goto LBB0_2
	if w1 >= 4 goto LBB0_2
	if w1 < 5 goto LBB0_2
	if w1 <= 6 goto LBB0_2
	if w1 s> 7 goto LBB0_2
	if w1 s>= 8 goto LBB0_2
	if w1 s< 9 goto LBB0_2
	if w1 s<= 10 goto LBB0_2
	if w1 == w2 goto LBB0_2
	if w1 != w2 goto LBB0_2
	if w1 > w2 goto LBB0_2
	if w1 >= w2 goto LBB0_2
	if w1 < w2 goto LBB0_2
	if w1 <= w2 goto LBB0_2
	if w1 s> w2 goto LBB0_2
	if w1 s>= w2 goto LBB0_2
	if w1 s< w2 goto LBB0_2
	if w1 s<= w2 goto LBB0_2
	goto +0
	goto LBB0_1
LBB0_2:
	call 14
	call 1
	call helper_local
	call helper_global
	if r0 == 0 goto +1
	goto -3
	exit
.Lfunc_end0:
	.size	jumps, .Lfunc_end0-jumps

	.type	helper_local,@function
helper_local:
	r0 = 42
	exit

	.globl	helper_global
	.type	helper_global,@function
helper_global:
	r0 = r1
	r0 += 1
	exit
