/* Backward jumps: loops the verifier must prove finite (kernel >= 5.3).
 *  - a counted `for` with a constant bound, unrolling disabled so the jump
 *    back stays in the object;
 *  - a loop with a trip count from data and an early exit, kept provably
 *    finite by a constant bound (a plain `while (n--)` on an unknown n is
 *    compiled into a form the verifier cannot bound);
 *  - a nested pair of loops (two back edges, one inside the other);
 *  - bpf_loop (kernel >= 5.17): the loop lives in the kernel and calls back
 *    into a static function whose address is loaded with ld_imm64 and
 *    src_reg = BPF_PSEUDO_FUNC (4).
 * Default cpu (v1).
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

#define N 32

__u64 table[N];
__u64 total;

struct loop_ctx {
	__u64 sum;
	__u32 step;
};

static int add_step(__u32 index, void *data)
{
	struct loop_ctx *lc = data;

	lc->sum += index * lc->step;
	return lc->sum > 100000 ? 1 : 0; /* 1 stops bpf_loop early */
}

SEC("tp/syscalls/sys_enter_getpid")
int counted_loops(void *ctx)
{
	struct loop_ctx lc = { .sum = 0, .step = 3 };
	__u64 sum = 0;
	__u32 n, i, j;

#pragma clang loop unroll(disable)
	for (i = 0; i < N; i++)
		sum += table[i];

	n = bpf_get_prandom_u32();
#pragma clang loop unroll(disable)
	for (i = 0; i < N; i++) {
		if (i >= n)
			break;
		sum ^= table[i] << 1;
	}

#pragma clang loop unroll(disable)
	for (i = 0; i < 4; i++) {
#pragma clang loop unroll(disable)
		for (j = 0; j < 4; j++)
			sum += table[i * 4 + j] * (i + j);
	}

	bpf_loop(N, add_step, &lc, 0);

	total = sum + lc.sum;
	return 0;
}
