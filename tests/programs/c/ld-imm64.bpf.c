/* The 16-byte wide instruction, BPF_LD | BPF_IMM | BPF_DW, in each of its roles:
 *  - a 64-bit constant (src_reg 0), which needs both halves;
 *  - a map reference (BPF_PSEUDO_MAP_FD after libbpf relocates it) to a
 *    BTF-defined map in .maps and to a legacy map in the "maps" section;
 *  - a global variable (BPF_PSEUDO_MAP_VALUE: map fd + offset) in .data,
 *    .rodata, .bss and a custom .data.<name> section, by symbol and (for a
 *    static) by section + offset.
 * In the object every reference is `r1 = 0 ll` plus an R_BPF_64_64
 * relocation naming the symbol; the loader fills in the immediate.
 *
 * libbpf 1.0 dropped "maps" section support; it stays here because older
 * objects have it and a disassembler must still read them. bpf_helpers.h no
 * longer defines its struct, so it is declared here with the classic layout.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 4,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} btf_counts SEC(".maps");

__u64 data_var = 0x1122334455667788ULL;		/* .data */
const volatile __u64 rodata_var = 0xcafef00dULL;	/* .rodata */
__u64 bss_var;						/* .bss */
__u64 bss_array[4];					/* .bss, non-zero offsets */
__u64 extra_var SEC(".data.extra") = 7;			/* custom section */
/* A static has no symbol of its own in the relocation: clang points it at
 * the section and puts the byte offset (8 here) in the instruction. */
static volatile __u64 static_pair[2] = { 1, 2 };	/* .data, offset 8.. */

SEC("xdp")
int wide_loads(struct xdp_md *ctx)
{
	__u64 big = 0x0123456789abcdefULL;	/* both halves non-zero */
	__u64 high = 0xffffffff00000000ULL;	/* low half zero */
	__u64 neg = 0x8000000000000000ULL;
	__u32 key = ctx->rx_queue_index & 3;
	__u64 *v;

	OPAQUE(big);
	OPAQUE(high);
	OPAQUE(neg);

	v = bpf_map_lookup_elem(&btf_counts, &key);
	if (v)
		*v += big;
	v = bpf_map_lookup_elem(&legacy_counts, &key);
	if (v)
		*v += high;

	bss_var = data_var + rodata_var + neg;
	bss_array[key] = extra_var + static_pair[1];
	data_var++;
	return XDP_PASS;
}
