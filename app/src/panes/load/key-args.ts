// Which arguments of a syscall an arrow label shows: the few a learner needs to tell the calls apart
// (the details panel shows all of them). Pointers and zeroed fields are left to the details.
import type { ArgValue, SyscallEvent } from '@bpflc/sim';

const KEY_ARGS: Readonly<Record<string, readonly string[]>> = {
  BPF_BTF_LOAD: ['btf_size', 'btf_log_level'],
  BPF_MAP_CREATE: ['map_name', 'map_type', 'key_size', 'value_size', 'max_entries', 'map_flags'],
  BPF_MAP_UPDATE_ELEM: ['map_fd', 'flags'],
  BPF_MAP_FREEZE: ['map_fd'],
  BPF_PROG_LOAD: ['prog_name', 'prog_type', 'insn_cnt', 'license', 'log_level'],
  BPF_PROG_BIND_MAP: ['prog_fd', 'map_fd'],
  BPF_OBJ_GET_INFO_BY_FD: ['bpf_fd', 'info_len'],
  BPF_BTF_GET_FD_BY_ID: ['btf_id'],
};

export function shortValue(v: ArgValue): string {
  if (typeof v === 'string') return /^(0x[0-9a-f]+|NULL)$/.test(v) || /^[A-Z0-9_]+$/.test(v) ? v.replace(/^BPF_(MAP|PROG)_TYPE_/, '') : JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return Array.isArray(v) ? `[${v.length}]` : '{…}';
  return String(v);
}

/** "map_type=ARRAY key_size=4 …" for an arrow. */
export function keyArgs(e: SyscallEvent): string {
  const names = (e.cmd !== undefined ? KEY_ARGS[e.cmd] : undefined) ?? Object.keys(e.args).slice(0, 3);
  return names
    .filter((n) => n in e.args)
    .map((n) => `${n}=${shortValue(e.args[n] as ArgValue)}`)
    .join(' ');
}

/** "= 3", or "= -1 EACCES". */
export function retText(e: SyscallEvent): string {
  return e.ret < 0 && e.errno ? `= ${e.ret} ${e.errno}` : `= ${e.ret}`;
}

/** What the call is, as the arrow names it: "bpf(BPF_MAP_CREATE)", "close(fd)". */
export function callName(e: SyscallEvent): string {
  return e.cmd ? `${e.name}(${e.cmd})` : `${e.name}()`;
}
