/* Open-phase witness: what the installed libbpf (libbpf-dev, 1.1 here) sees in an object after
 * bpf_object__open_file(), before anything touches the kernel. Prints one JSON document on stdout:
 *   {"libbpf":"1.1","error":0,"programs":[{"name":..,"section":..,"type":2,"expected_attach_type":0,...}],
 *    "maps":[{"name":..,"type":2,"key_size":4,...}]}
 * or {"libbpf":"1.1","error":-95} when libbpf refuses the object. Used by the tests in tests/golden/object.
 * Build: cc libbpf-open.c -o libbpf-open -lbpf
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level; (void)fmt; (void)args;
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	int first;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJECT [OBJECT_NAME]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = argc > 2 ? argv[2] : NULL);
	obj = bpf_object__open_file(argv[1], &opts);
	printf("{\"libbpf\":\"%u.%u\",", libbpf_major_version(), libbpf_minor_version());
	if (!obj) {
		printf("\"error\":%d}\n", -errno);
		return 0;
	}
	printf("\"error\":0,\"name\":");
	json_str(bpf_object__name(obj));
	printf(",\"kversion\":%u,\"programs\":[", bpf_object__kversion(obj));
	first = 1;
	bpf_object__for_each_program(prog, obj) {
		printf("%s{\"name\":", first ? "" : ",");
		json_str(bpf_program__name(prog));
		printf(",\"section\":");
		json_str(bpf_program__section_name(prog));
		printf(",\"type\":%d,\"expected_attach_type\":%d,\"autoload\":%d,\"insn_cnt\":%zu,\"flags\":%u}",
		       bpf_program__type(prog), bpf_program__expected_attach_type(prog),
		       bpf_program__autoload(prog), bpf_program__insn_cnt(prog), bpf_program__flags(prog));
		first = 0;
	}
	printf("],\"maps\":[");
	first = 1;
	bpf_object__for_each_map(map, obj) {
		size_t init_sz = 0;
		const void *init = bpf_map__initial_value(map, &init_sz);

		printf("%s{\"name\":", first ? "" : ",");
		json_str(bpf_map__name(map));
		printf(",\"type\":%d,\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,\"map_flags\":%u,"
		       "\"numa_node\":%u,\"map_extra\":%llu,\"btf_key_type_id\":%u,\"btf_value_type_id\":%u,"
		       "\"internal\":%d,\"initial_value_size\":%zu,\"pin_path\":",
		       bpf_map__type(map), bpf_map__key_size(map), bpf_map__value_size(map),
		       bpf_map__max_entries(map), bpf_map__map_flags(map), bpf_map__numa_node(map),
		       (unsigned long long)bpf_map__map_extra(map), bpf_map__btf_key_type_id(map),
		       bpf_map__btf_value_type_id(map), bpf_map__is_internal(map), init ? init_sz : 0);
		if (bpf_map__pin_path(map))
			json_str(bpf_map__pin_path(map));
		else
			printf("null");
		printf(",\"initial_value\":\"");
		for (size_t i = 0; init && i < init_sz; i++)
			printf("%02x", ((const unsigned char *)init)[i]);
		printf("\"}");
		first = 0;
	}
	printf("]}\n");
	bpf_object__close(obj);
	return 0;
}
