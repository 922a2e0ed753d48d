// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Count forks per parent process with a raw tracepoint.
 *
 * What to notice:
 *  - SEC("raw_tp/sched_process_fork") is BPF_PROG_TYPE_RAW_TRACEPOINT: the
 *    program gets the tracepoint's raw arguments (here two task_struct
 *    pointers) in ctx->args[], not the formatted record a "tp/" program reads.
 *  - Those pointers are kernel memory the verifier cannot check, so fields are
 *    read with bpf_probe_read_kernel (BPF_CORE_READ) and CO-RE relocations.
 *  - The attach is BPF_RAW_TRACEPOINT_OPEN with the tracepoint's name; no
 *    perf event is involved.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);	/* parent tgid */
	__type(value, __u64);	/* forks seen */
} forks SEC(".maps");

SEC("raw_tp/sched_process_fork")
int count_forks(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	__u64 one = 1, *count;
	__u32 tgid;

	tgid = BPF_CORE_READ(parent, tgid);
	count = bpf_map_lookup_elem(&forks, &tgid);
	if (count) {
		__sync_fetch_and_add(count, 1);
		return 0;
	}
	/* BPF_NOEXIST: if another CPU inserted the key meanwhile, keep its
	 * value; losing one count in that race is acceptable here. */
	bpf_map_update_elem(&forks, &tgid, &one, BPF_NOEXIST);
	return 0;
}
