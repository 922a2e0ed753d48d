/* Shared by the test programs in this folder (not itself compiled).
 *
 * OPAQUE(x) hides a value from the optimiser: an empty inline asm that
 * "may change" the register holding x. Without it clang folds constants,
 * merges operations and picks other instructions than the ones a test
 * program exists to produce. It emits no instruction of its own.
 */
#ifndef BPFLC_TEST_COMMON_H
#define BPFLC_TEST_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define OPAQUE(x) asm volatile("" : "+r"(x))

/* A value the compiler cannot know: fresh randomness from a helper. */
static __always_inline __u64 unknown64(void)
{
	__u64 v = bpf_get_prandom_u32();

	return (v << 32) | bpf_get_prandom_u32();
}

#endif
