# A BCC-style kprobe load, traced by scripts/capture-strace.ts (capture bcc-kprobe).
# BCC compiles this text with its embedded clang, loads it with BPF_PROG_LOAD, then attaches a kprobe.
# The kernel this was captured on has no kprobes (CONFIG_KPROBES unset), so the attach fails: kept on purpose,
# real failed calls are test data.
from bcc import BPF

prog = r"""
int hello(void *ctx) {
    bpf_trace_printk("Hello, World!\n");
    return 0;
}
"""

b = BPF(text=prog)
b.attach_kprobe(event=b.get_syscall_fnname("clone"), fn_name="hello")
