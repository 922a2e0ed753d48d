/* A frame at the 512-byte stack limit. The stack is r10-relative memory
 * (r10 is the read-only frame pointer, offsets are negative); the verifier
 * rejects a program whose deepest access is below r10 - 512, and tracks each
 * 8-byte slot's state (spilled register, misc, zero, uninitialised).
 * Here a 496-byte buffer plus an 8-byte key put the deepest store at
 * r10 - 504; with a 504-byte buffer clang 14 itself gives up ("BPF stack
 * limit of 512 bytes is exceeded"), as its frame then needs a spill slot
 * more. The memset shows as a long run of `*(u64 *)(r10 - N) = r1` stores.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

#define BUF 496

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, char[BUF]);
} snapshots SEC(".maps");

SEC("tp/syscalls/sys_enter_read")
int big_frame(void *ctx)
{
	char buf[BUF];
	__u64 key = bpf_get_current_pid_tgid();

	__builtin_memset(buf, 0, sizeof(buf));
	bpf_get_current_comm(buf, 16);
	bpf_get_current_comm(buf + BUF - 16, 16);
	buf[BUF / 2] = (char)key;
	bpf_map_update_elem(&snapshots, &key, buf, BPF_ANY);
	return 0;
}
