/* CO-RE (compile once, run everywhere): field offsets, sizes and existence
 * recorded as relocations in .BTF.ext instead of baked-in numbers, so libbpf
 * can patch them for the running kernel's BTF at load time.
 * The kernel structs are declared here, partially and with
 * preserve_access_index, rather than taken from vmlinux.h: libbpf matches
 * them to the kernel by name (the ___suffix "flavours" are ignored), and the
 * object stays the same whatever kernel it was built on.
 * Relocation kinds exercised: FIELD_BYTE_OFFSET (bpf_core_read,
 * BPF_CORE_READ, BPF_CORE_READ_INTO, direct access), FIELD_EXISTS,
 * FIELD_BYTE_SIZE, TYPE_EXISTS, TYPE_ID_TARGET and ENUMVAL_EXISTS.
 */
#include "common.h"
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct mm_struct {
	unsigned long total_vm;
} __attribute__((preserve_access_index));

struct task_struct {
	unsigned int __state;	/* renamed from `state` in Linux 5.14 */
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
	struct mm_struct *mm;
} __attribute__((preserve_access_index));

/* The same struct as kernels before 5.14 had it; "___pre514" is a flavour. */
struct task_struct___pre514 {
	long state;
} __attribute__((preserve_access_index));

struct io_uring_sqe;	/* only asked about: does the kernel have it? */

struct core_out {
	__u64 state;
	int pid;
	int parent_tgid;
	int grandparent_pid;
	__u32 comm_size;
	__u32 has_io_uring;
	__u32 has_ringbuf_map;
	__u32 task_type_id;
	unsigned long total_vm;
	char comm[16];
};

struct core_out out;

SEC("tp/syscalls/sys_enter_nanosleep")
int core_reads(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct mm_struct *mm;

	/* one field, one probe read */
	bpf_core_read(&out.pid, sizeof(out.pid), &task->pid);
	/* a chain: task->real_parent->tgid, two reads */
	out.parent_tgid = BPF_CORE_READ(task, real_parent, tgid);
	out.grandparent_pid = BPF_CORE_READ(task, real_parent, real_parent, pid);
	BPF_CORE_READ_INTO(&out.comm, task, comm);

	/* existence and size, answered by libbpf at load time as constants */
	if (bpf_core_field_exists(task->__state))
		out.state = BPF_CORE_READ(task, __state);
	else
		out.state = BPF_CORE_READ((struct task_struct___pre514 *)task, state);
	out.comm_size = bpf_core_field_size(task->comm);
	out.has_io_uring = bpf_core_type_exists(struct io_uring_sqe);
	out.has_ringbuf_map = bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	out.task_type_id = bpf_core_type_id_kernel(struct task_struct);

	mm = BPF_CORE_READ(task, mm);
	if (mm)
		out.total_vm = BPF_CORE_READ(mm, total_vm);
	return 0;
}
