/* One object, two programs, two verdicts.
 *   bad:  reads a field of a kernel struct that no kernel has. The read is a
 *         CO-RE relocation with no match in vmlinux BTF, so the loader
 *         (libbpf, or the agent) "poisons" the instruction: it becomes a call
 *         to helper 195896080 (0xbad2310), and the verifier, finding it
 *         reachable, rejects the program: "invalid func unknown#195896080".
 *   good: counts its runs in a global; it passes.
 * `bad` comes first in the object, so a whole-object load (libbpf's
 * bpf_object__load) fails before `good` is tried; a loader that reports every
 * program must load `good` on its own afterwards.
 */
#include "common.h"
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* "___absent" is a flavour: libbpf matches it against the kernel's
 * task_struct, which has no field of this name. */
struct task_struct___absent {
	int no_such_field_in_any_kernel;
} __attribute__((preserve_access_index));

__u64 good_runs;
int bad_value;

SEC("tp/syscalls/sys_enter_getpid")
int bad(void *ctx)
{
	struct task_struct___absent *task = (void *)bpf_get_current_task();

	bad_value = BPF_CORE_READ(task, no_such_field_in_any_kernel);
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int good(void *ctx)
{
	__sync_fetch_and_add(&good_runs, 1);
	return 0;
}
