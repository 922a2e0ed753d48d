# How llvm-objdump 14 lays out a whole object (the rules llvm-objdump.ts reproduces):
#  - sections in section-header order; empty and non-executable sections are not shown;
#  - a section with no symbol at offset 0 gets a label named after the section;
#  - of several symbols at one address only the last by name labels the code (STT_SECTION never does);
#  - an STT_OBJECT symbol inside code is dumped as data (8 bytes a line with ASCII);
#  - a run of >= 8 zero bytes prints "..." and is skipped (rounded down to 4 bytes);
#  - a symbol inside an ld_imm64 splits it; bytes that do not decode print <unknown>;
#  - jump targets are named "<sym+0xoff>" after the last symbol at or before them, wrapping below 0.
	.section	"no_symbol_at_zero","ax",@progbits
	r0 = 1
	goto +1
	r0 = 2
	exit

	.section	"empty_code","ax",@progbits

	.section	"aliases","ax",@progbits
	.globl	zeta
	.type	zeta,@function
zeta:
alpha:
	.globl	beta
beta:
	r0 = 3
	if r0 > 2 goto +1
middle:
	r1 = 4
	.type	table,@object
table:
	.quad	0x0102030405060708
	.byte	0x41, 0x42, 0x43, 0x00, 0x7f, 0x20, 0x7e, 0x80, 0x61
	.size	table, 17
	.byte	0, 0, 0, 0, 0, 0, 0
after_table:
	exit

	.section	"zeros","ax",@progbits
	.globl	zero_runs
zero_runs:
	r0 = 0
	.zero	12
	.globl	zeros_mid
zeros_mid:
	.zero	20
	exit
	.zero	8

	.section	"split_ld_imm64","ax",@progbits
	.globl	ld_split
ld_split:
	r1 = 0x1122334455667788 ll
	exit
	.globl	inside
	.set	inside, ld_split + 8

	.section	"wrap","ax",@progbits
	.globl	wrapping
wrapping:
	goto -32768
	if r1 == 0 goto -2
	goto +32767
	exit

	.section	"unknown_bytes","ax",@progbits
	.globl	bad_bytes
bad_bytes:
	.byte	0xff, 0x12, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00
	r1 = 5
	.byte	0x95, 0x00, 0x00

	.section	".data","aw",@progbits
data_var:
	.quad	1
