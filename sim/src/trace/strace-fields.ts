// What strace 6.1 knows about a field and we must know too, to read its text back into a value and to print the
// value the way strace does: which fields it prints in hex (PRINT_FIELD_X), which as quoted strings (printstr,
// PRINT_FIELD_CSTRING), which enum default it names in a comment when a value has no name ("0x6 /* PERF_TYPE_??? */"),
// and the fixed comment after perf_event_attr.precise_ip. Taken from strace 6.1 src/bpf.c and src/perf.c; fields of
// commands our loaders do not issue may be missing (a missing field reads back verbatim, so nothing is lost).

/** The sibling fields of the struct a field sits in, for fields whose format depends on them. */
export type Siblings = { readonly [field: string]: unknown };

/** perf_event_attr.config is decimal for tracepoints and symbolic for HW/SW/HW_CACHE, else hex. */
const isPerfAttr = (s: Siblings): boolean => 'sample_type' in s || 'precise_ip' in s;

export function isHexField(field: string, siblings: Siblings): boolean {
  switch (field) {
    case 'imm': // struct bpf_insn
    case 'config1':
    case 'config2':
    case 'bp_addr':
    case 'sample_regs_user':
    case 'sample_stack_user':
    case 'sample_regs_intr':
    case '__reserved_1':
    case 'probe_offset':
    case 'probe_addr':
    case 'bpf_cookie':
      return true;
    case 'config':
      return isPerfAttr(siblings) && siblings.type !== 'PERF_TYPE_TRACEPOINT';
    case 'flags':
      // link_create.flags and the batch ops' flags are PRINT_FIELD_X; elsewhere flags are named bits.
      return ('attach_type' in siblings && 'prog_fd' in siblings && 'target_fd' in siblings) || 'elem_flags' in siblings;
    default:
      return false;
  }
}

/** Fields strace prints with printstr/PRINT_FIELD_CSTRING: their text is a quoted C string (or NULL / an address). */
const STRING_FIELDS: ReadonlySet<string> = new Set([
  'license', 'log_buf', 'prog_name', 'map_name', 'name', 'btf', 'pathname', 'buf', 'jited_prog_insns', 'xlated_prog_insns',
]);

/** Fields strace prints with QUOTE_FORCE_HEX: every byte as \xHH (the 8-byte prog tag, bytes past a known attr). */
const HEX_STRING_FIELDS: ReadonlySet<string> = new Set(['tag', 'extra_data']);

export const isHexStringField = (field: string): boolean => HEX_STRING_FIELDS.has(field);
export const isStringField = (field: string): boolean => STRING_FIELDS.has(field) || HEX_STRING_FIELDS.has(field);

/** The "X_???" default strace names in a comment when an enum field's value has no name. */
export function unknownNameComment(field: string, siblings: Siblings): string | null {
  switch (field) {
    case 'map_type':
      return 'BPF_MAP_TYPE_???';
    case 'prog_type':
      return 'BPF_PROG_TYPE_???';
    case 'expected_attach_type':
    case 'attach_type':
      return 'BPF_???';
    case 'fd_type':
      return 'BPF_FD_TYPE_???';
    case 'type':
      if (isPerfAttr(siblings)) return 'PERF_TYPE_???';
      if ('key_size' in siblings) return 'BPF_MAP_TYPE_???';
      if ('jited_prog_len' in siblings) return 'BPF_PROG_TYPE_???';
      return null;
    case 'size':
      return isPerfAttr(siblings) ? 'PERF_ATTR_SIZE_???' : null;
    default:
      return null;
  }
}

/** perf_event_attr.precise_ip: strace always follows the number with this comment (perf.c precise_ip_desc). */
export const PRECISE_IP_COMMENT = ['arbitrary skid', 'constant skid', 'requested to have 0 skid', 'must have 0 skid'] as const;

/** Argument names by position, for the syscalls whose positional arguments become args fields. */
export const POSITIONAL_ARGS: Readonly<Record<string, readonly string[]>> = {
  perf_event_open: ['attr', 'pid', 'cpu', 'group_fd', 'flags'],
  close: ['fd'],
  // ioctl's second argument is the request: it becomes the event's cmd, not an args field.
  ioctl: ['fd', 'arg'],
};
