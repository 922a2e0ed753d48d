// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hash the name of every program that calls execve(2), with a bpf-to-bpf call
 * inside a bounded loop.
 *
 * What to notice:
 *  - fnv1a_step is `static __noinline`: clang keeps it as a separate function
 *    in .text and emits a BPF_CALL with src_reg = BPF_PSEUDO_CALL (a relative
 *    call), not a helper call. The verifier checks it in the caller's context.
 *  - The loop has a constant upper bound, so the verifier can prove it ends
 *    (kernels >= 5.3 accept bounded loops; before that clang had to unroll).
 *  - `const volatile` puts max_chars in .rodata: user space may set it before
 *    load, libbpf then freezes the map and the verifier treats it as a known
 *    constant. `hash_seed` has a non-zero initial value, so it lives in .data.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define COMM_LEN 16

const volatile __u32 max_chars = COMM_LEN;	/* .rodata */
__u64 hash_seed = 0xcbf29ce484222325ULL;	/* .data: FNV-1a offset basis */
__u64 last_hash;				/* .bss */
__u32 exec_count;				/* .bss */

static __noinline __u64 fnv1a_step(__u64 hash, __u8 c)
{
	return (hash ^ c) * 0x100000001b3ULL; /* FNV-1a 64-bit prime */
}

SEC("tp/syscalls/sys_enter_execve")
int hash_comm(void *ctx)
{
	char comm[COMM_LEN];
	__u64 hash = hash_seed;
	int i;

	bpf_get_current_comm(comm, sizeof(comm));

	/* Keep it a real loop (a backward jump) so there is a loop to see. */
#pragma clang loop unroll(disable)
	for (i = 0; i < COMM_LEN; i++) {
		if (i >= max_chars || comm[i] == '\0')
			break;
		hash = fnv1a_step(hash, comm[i]);
	}

	last_hash = hash;
	__sync_fetch_and_add(&exec_count, 1);
	bpf_printk("comm %s hash %llx", comm, hash);
	return 0;
}
