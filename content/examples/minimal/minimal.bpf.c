// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The smallest useful eBPF program: a tracepoint that prints one line each time
 * the process whose PID user space stored in `my_pid` calls write(2).
 *
 * What to notice:
 *  - SEC("tp/syscalls/sys_enter_write") tells libbpf the program type
 *    (BPF_PROG_TYPE_TRACEPOINT) and where to attach it (tracefs event
 *    syscalls:sys_enter_write).
 *  - `my_pid` is a global in .bss: libbpf turns that section into an array map,
 *    and the skeleton gives user space a pointer into it (skel->bss->my_pid).
 *  - bpf_printk writes to the kernel trace buffer (/sys/kernel/tracing/trace_pipe).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Zero-initialised, so clang places it in .bss. User space fills it in
 * between open and load. */
int my_pid = 0;

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	/* The helper returns (tgid << 32) | tid; the upper half is what user
	 * space calls the PID. */
	int pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != my_pid)
		return 0;

	bpf_printk("BPF triggered from PID %d.\n", pid);

	return 0;
}
