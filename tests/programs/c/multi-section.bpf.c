/* Many programs of many types in one object, each in the section whose name
 * tells libbpf its program type and attach point (libbpf's section_defs):
 *   tp/…            TRACEPOINT          kprobe/…, kretprobe/…  KPROBE
 *   uprobe/…        KPROBE (uprobe)     raw_tp/…               RAW_TRACEPOINT
 *   tp_btf/…        TRACING (BTF)       fentry/…, fexit/…      TRACING
 *   perf_event      PERF_EVENT          xdp                    XDP
 *   tc              SCHED_CLS           socket                 SOCKET_FILTER
 *   cgroup_skb/…    CGROUP_SKB          cgroup/connect4        CGROUP_SOCK_ADDR
 *   lsm/…           LSM                 sk_msg                 SK_MSG
 * All of them call one static subprogram in .text, which libbpf copies after
 * each program that uses it when it loads them.
 */
#include "common.h"
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 hits[16];

static __noinline void hit(int slot)
{
	__sync_fetch_and_add(&hits[slot & 15], 1);
}

SEC("tp/syscalls/sys_enter_close")
int on_tp(void *ctx) { hit(0); return 0; }

SEC("kprobe/do_sys_openat2")
int on_kprobe(void *ctx) { hit(1); return 0; }

SEC("kretprobe/do_sys_openat2")
int on_kretprobe(void *ctx) { hit(2); return 0; }

SEC("uprobe//bin/true:main")
int on_uprobe(void *ctx) { hit(3); return 0; }

SEC("raw_tp/sched_switch")
int on_raw_tp(void *ctx) { hit(4); return 0; }

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_tp_btf, void *task) { hit(5); return 0; }

SEC("fentry/do_unlinkat")
int BPF_PROG(on_fentry, int dfd, void *name) { hit(6); return 0; }

SEC("fexit/do_unlinkat")
int BPF_PROG(on_fexit, int dfd, void *name, long ret) { hit(7); return 0; }

SEC("perf_event")
int on_perf_event(void *ctx) { hit(8); return 0; }

SEC("xdp")
int on_xdp(struct xdp_md *ctx) { hit(9); return XDP_PASS; }

SEC("tc")
int on_tc(struct __sk_buff *skb) { hit(10); return 0; }

SEC("socket")
int on_socket(struct __sk_buff *skb) { hit(11); return skb->len; }

SEC("cgroup_skb/ingress")
int on_cgroup_skb(struct __sk_buff *skb) { hit(12); return 1; }

SEC("cgroup/connect4")
int on_connect4(struct bpf_sock_addr *ctx) { hit(13); return 1; }

SEC("lsm/file_open")
int BPF_PROG(on_lsm, void *file) { hit(14); return 0; }

SEC("sk_msg")
int on_sk_msg(struct sk_msg_md *msg) { hit(15); return SK_PASS; }
