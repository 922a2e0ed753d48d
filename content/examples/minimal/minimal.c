// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* User-space half of `minimal`: open, configure, load and attach the BPF
 * object through the skeleton that `bpftool gen skeleton` generated, then
 * keep calling write(2) so the tracepoint has something to report. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "minimal.skel.h"

/* Set by SIGINT/SIGTERM so the loop ends and the skeleton is destroyed,
 * which detaches the program and closes every fd it owns. */
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* Forward libbpf's own messages (feature probes, errors) to stderr so a
 * failed load explains itself. */
static int print_libbpf_log(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return vfprintf(stderr, fmt, args);
}

int main(int argc, char **argv)
{
	struct minimal_bpf *skel;
	int err;

	libbpf_set_print(print_libbpf_log);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	/* Step 1, open: parse the embedded ELF, create nothing in the kernel yet. */
	skel = minimal_bpf__open();
	if (!skel) {
		fprintf(stderr, "could not open the BPF skeleton\n");
		return 1;
	}

	/* Between open and load the .bss image is still ordinary memory:
	 * whatever we write here becomes the map's initial value. */
	skel->bss->my_pid = getpid();

	/* Step 2, load: create maps, relocate, BPF_PROG_LOAD (verifier + JIT). */
	err = minimal_bpf__load(skel);
	if (err) {
		fprintf(stderr, "could not load and verify the BPF skeleton\n");
		goto out;
	}

	/* Step 3, attach: perf_event_open on the tracepoint + a BPF link. */
	err = minimal_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "could not attach the BPF skeleton\n");
		goto out;
	}

	printf("Attached. Run `cat /sys/kernel/tracing/trace_pipe` "
	       "to see the lines the program prints.\n");
	fflush(stdout);

	/* Each write(2) to stderr fires sys_enter_write for our own PID. */
	while (!stop) {
		fprintf(stderr, ".");
		sleep(1);
	}
	fprintf(stderr, "\n");

out:
	minimal_bpf__destroy(skel);
	return -err;
}
