// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The shape of the classic BCC "hello" trace, written for libbpf: a kprobe on
 * the kernel function behind open(2)/openat(2) that sends a small record to
 * user space through a perf event array, unless a per-UID entry in a hash map
 * says to stay quiet.
 *
 * Loading it makes the kernel see, in order: BTF, a PERF_EVENT_ARRAY map, a
 * HASH map, a KPROBE program named "hello". Attaching it needs kprobes
 * (perf_event_open with the kprobe PMU, then PERF_EVENT_IOC_SET_BPF or a link).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define PATH_LEN 48

/* One record per open. Small on purpose: perf_event_output copies it into a
 * per-CPU ring that user space polls. */
struct event {
	__u32 pid;
	__u32 uid;
	int dfd;
	char comm[16];
	char path[PATH_LEN];
};

/* Where records go: one perf ring per CPU, indexed by CPU number. Key and
 * value are both 4 bytes (the value is a perf event fd user space installs). */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} output SEC(".maps");

/* Per-UID switch written by user space: value 0 mutes that user. A UID with
 * no entry is reported. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} uid_config SEC(".maps");

/* BPF_KPROBE names the probed function's arguments and reads them from the
 * saved registers (PT_REGS_PARM1..3: rdi, rsi, rdx on x86-64). */
SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(hello, int dfd, const char *filename)
{
	struct event ev = {};
	__u32 *enabled;

	ev.uid = bpf_get_current_uid_gid() & 0xffffffff;
	enabled = bpf_map_lookup_elem(&uid_config, &ev.uid);
	if (enabled && *enabled == 0)
		return 0;

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	ev.dfd = dfd;
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	/* The path is a user pointer: copy it, never dereference it. */
	bpf_probe_read_user_str(ev.path, sizeof(ev.path), filename);

	bpf_perf_event_output(ctx, &output, BPF_F_CURRENT_CPU, &ev, sizeof(ev));
	return 0;
}
