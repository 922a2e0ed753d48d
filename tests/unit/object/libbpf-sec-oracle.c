/* Section-name oracle: asks the installed libbpf (libbpf-dev) what it makes of each SEC() name given on
 * the command line, with the two public entry points over its section_defs[] table:
 *   libbpf_prog_type_by_name()   -> 0 and the program / expected attach type, or -ESRCH
 *   libbpf_attach_type_by_name() -> 0 for rows marked SEC_ATTACHABLE, -EINVAL for other rows
 * One line per name: "<name>\t<rc>\t<prog_type>\t<expected_attach_type>\t<attach_rc>\t<attach_type>".
 * For an unknown name libbpf also prints its whole table on stderr ("supported section(type) names are: ...").
 * Build: cc libbpf-sec-oracle.c -o oracle -lbpf
 */
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>

/* libbpf's default printer drops debug messages, and the table listing is one. */
static int print_all(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	return vfprintf(stderr, fmt, args);
}

int main(int argc, char **argv)
{
	libbpf_set_print(print_all);
	for (int i = 1; i < argc; i++) {
		enum bpf_prog_type pt = 0;
		enum bpf_attach_type at = 0, at2 = 0;
		int rc = libbpf_prog_type_by_name(argv[i], &pt, &at);
		int rc2 = libbpf_attach_type_by_name(argv[i], &at2);

		printf("%s\t%d\t%d\t%d\t%d\t%d\n", argv[i], rc, rc ? -1 : (int)pt, rc ? -1 : (int)at, rc2, rc2 ? -1 : (int)at2);
	}
	return 0;
}
