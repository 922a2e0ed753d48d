# A BCC tracepoint load, traced by scripts/capture-strace.ts (capture bcc-tracepoint).
# BCC attaches tracepoints the legacy way: perf_event_open(PERF_TYPE_TRACEPOINT) + ioctl(PERF_EVENT_IOC_SET_BPF)
# + ioctl(PERF_EVENT_IOC_ENABLE); leaving the process closes the perf event fd, which detaches the program.
import time
from bcc import BPF

prog = r"""
TRACEPOINT_PROBE(syscalls, sys_enter_write) {
    return 0;
}
"""

b = BPF(text=prog)
time.sleep(1)
b.cleanup()
