// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Report every exec(2) through a BPF ring buffer.
 *
 * What to notice:
 *  - BPF_MAP_TYPE_RINGBUF is one buffer shared by all CPUs: reserve a slot,
 *    fill it in place, submit it. No copy, and records stay in order.
 *  - The parent's PID is read through the kernel's task_struct with
 *    BPF_CORE_READ. The offsets clang writes are those of this build's
 *    vmlinux.h; CO-RE relocations let libbpf fix them for the running kernel.
 *  - The file name lives at the end of the tracepoint record; its position is
 *    packed into __data_loc_filename (low 16 bits: offset, high 16: length).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define FILENAME_LEN 64

struct exec_event {
	__u32 pid;
	__u32 ppid;
	__u64 ts_ns;
	char comm[16];
	char filename[FILENAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024); /* bytes; a power of two, page aligned */
} events SEC(".maps");

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task;
	struct exec_event *e;
	unsigned int fname_off;

	/* Reserve fails (NULL) when user space has not kept up: drop the
	 * record instead of blocking, the verifier insists on the check. */
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;

	task = (struct task_struct *)bpf_get_current_task();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	/* Two pointer hops, each a bpf_probe_read_kernel with a relocated
	 * offset: task->real_parent, then ->tgid. */
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));

	fname_off = ctx->__data_loc_filename & 0xffff;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), (void *)ctx + fname_off);

	bpf_ringbuf_submit(e, 0);
	return 0;
}
