# A BCC uprobe on libc's getpid(), traced by scripts/capture-strace.ts (capture bcc-uprobe).
# BCC opens the uprobe through the "uprobe" perf PMU: perf_event_open with the PMU's dynamic type number, which
# strace 6.1 has no name for ("type=0x8 /* PERF_TYPE_??? */"), config1 = the library path, config2 = the offset.
import os
import time
from bcc import BPF

prog = r"""
int hello(void *ctx) {
    return 0;
}
"""

b = BPF(text=prog)
b.attach_uprobe(name="c", sym="getpid", fn_name="hello")
os.getpid()
time.sleep(1)
b.cleanup()
