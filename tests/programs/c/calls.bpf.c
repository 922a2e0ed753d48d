/* Calls, three kinds:
 *  - helper calls (src_reg 0, imm = helper id), with 0 to 5 arguments;
 *  - bpf-to-bpf calls to static functions (src_reg BPF_PSEUDO_CALL = 1,
 *    imm = relative offset in instructions), nested two deep, one of them
 *    taking five arguments (r1..r5, the most BPF passes in registers);
 *  - calls to global (non-static) functions: BTF records them with
 *    BTF_FUNC_GLOBAL linkage and the verifier checks each one once, on its
 *    own, from its BTF signature, instead of at every call site.
 * Subprograms live in .text. A call from a program section into .text carries
 * an R_BPF_64_32 relocation (against the .text section symbol with the
 * callee's offset folded into imm for a static, against the callee's own
 * symbol with imm -1 for a global); a call within .text is resolved already.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

__u64 out[4];

static __noinline __u64 mix5(__u64 a, __u64 b, __u64 c, __u64 d, __u64 e)
{
	return (a * 31 + b) ^ (c << 3) ^ (d >> 2) ^ e;
}

static __noinline __u64 twice_mixed(__u64 x)
{
	/* nested: a subprogram calling a subprogram and a helper */
	return mix5(x, x + 1, x + 2, x + 3, bpf_ktime_get_ns()) * 2;
}

/* Global: verified independently, so its arguments must be scalars (or ctx). */
__noinline int clamp_global(int value, int limit)
{
	if (value > limit)
		return limit;
	if (value < -limit)
		return -limit;
	return value;
}

/* __hidden: global in BTF terms but not visible outside the object. */
__hidden __noinline __u32 low_bits(__u64 v)
{
	return v & 0xffff;
}

SEC("tp/syscalls/sys_enter_getppid")
int calls(void *ctx)
{
	char comm[16];
	__u64 t = bpf_ktime_get_ns();		/* helper, no argument */
	__u64 pid = bpf_get_current_pid_tgid();

	bpf_get_current_comm(comm, sizeof(comm));	/* helper, two arguments */
	out[0] = twice_mixed(t);
	out[1] = mix5(pid, t, comm[0], comm[1], 5);
	out[2] = clamp_global((int)pid, 1000);
	out[3] = low_bits(t);
	return 0;
}
