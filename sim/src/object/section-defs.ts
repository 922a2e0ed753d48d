// SEC("...") name → program type, expected attach type and loader flags: libbpf's `section_defs[]` table
// as of libbpf 1.1 (the version bpftool 7.1 and libbpf-dev ship here), with the entries libbpf 1.2-1.7
// added kept in place and tagged with the release that added them. Matching follows libbpf 1.x
// (sec_def_matches): a pattern ending in '/' needs that prefix, one ending in '+' is the bare word or
// "word/extra", anything else must match exactly; the first matching row in table order wins, which is
// why "sk_reuseport/migrate" comes before "sk_reuseport" and "xdp.frags/devmap" before "xdp.frags".
// Left out: custom handlers (libbpf_register_prog_handler) and libbpf 0.x "sloppy" prefix matching
// (SEC("xdp_foo") meant xdp until libbpf 1.0).

import type { BpfAttachType, BpfProgType } from '../abi/uapi.gen.ts';

/** libbpf releases this table knows about; '1.1' is what is installed here and the default everywhere. */
export const LIBBPF_VERSIONS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;
export type LibbpfVersion = (typeof LIBBPF_VERSIONS)[number];
export const DEFAULT_LIBBPF: LibbpfVersion = '1.1';

/**
 * Program and attach types that sections of newer libbpf name but the 6.1 UAPI headers (sim/src/abi) do not:
 * values from include/uapi/linux/bpf.h as vendored in libbpf 1.7, with the kernel release that added them.
 */
export const NEWER_UAPI = {
  BPF_PROG_TYPE_NETFILTER: { value: 32, kernel: '6.4' },
  BPF_NETFILTER: { value: 45, kernel: '6.4' },
  BPF_TCX_INGRESS: { value: 46, kernel: '6.6' },
  BPF_TCX_EGRESS: { value: 47, kernel: '6.6' },
  BPF_TRACE_UPROBE_MULTI: { value: 48, kernel: '6.6' },
  BPF_CGROUP_UNIX_CONNECT: { value: 49, kernel: '6.7' },
  BPF_CGROUP_UNIX_SENDMSG: { value: 50, kernel: '6.7' },
  BPF_CGROUP_UNIX_RECVMSG: { value: 51, kernel: '6.7' },
  BPF_CGROUP_UNIX_GETPEERNAME: { value: 52, kernel: '6.7' },
  BPF_CGROUP_UNIX_GETSOCKNAME: { value: 53, kernel: '6.7' },
  BPF_NETKIT_PRIMARY: { value: 54, kernel: '6.7' },
  BPF_NETKIT_PEER: { value: 55, kernel: '6.7' },
  BPF_TRACE_KPROBE_SESSION: { value: 56, kernel: '6.10' },
  BPF_TRACE_UPROBE_SESSION: { value: 57, kernel: '6.13' },
  BPF_TRACE_FSESSION: { value: 58, kernel: '6.19' },
} as const;
export type NewerUapiName = keyof typeof NEWER_UAPI;
export type SecProgType = BpfProgType | Extract<NewerUapiName, `BPF_PROG_TYPE_${string}`>;
export type SecAttachType = BpfAttachType | Exclude<NewerUapiName, `BPF_PROG_TYPE_${string}`>;

/**
 * enum sec_def_flags (libbpf.c), stored as each row's cookie:
 *   bit 0 SEC_EXP_ATTACH_OPT  drop expected_attach_type on kernels that predate it
 *   bit 1 SEC_ATTACHABLE      legacy marker: "attached with BPF_PROG_ATTACH"; libbpf itself ignores it
 *   bit 2 SEC_ATTACH_BTF      the target is a BTF id (vmlinux, a module, or another program for freplace)
 *   bit 3 SEC_SLEEPABLE       load with BPF_F_SLEEPABLE
 *   bit 4 SEC_XDP_FRAGS       load with BPF_F_XDP_HAS_FRAGS
 *   bit 5 SEC_USDT            (libbpf 1.3) pick the uprobe-multi attach type for usdt when the kernel has it
 */
export const SEC_FLAG = {
  SEC_EXP_ATTACH_OPT: 1,
  SEC_ATTACHABLE: 2,
  SEC_ATTACH_BTF: 4,
  SEC_SLEEPABLE: 8,
  SEC_XDP_FRAGS: 16,
  SEC_USDT: 32,
} as const;
export type SecFlagName = keyof typeof SEC_FLAG;

/** libbpf's auto-attach handler of a row (attach_kprobe, attach_tp, ...); null: the user attaches it. */
export type AttachHandler =
  | 'kprobe' | 'uprobe' | 'kprobe_multi' | 'kprobe_session' | 'uprobe_multi' | 'ksyscall' | 'usdt' | 'tp' | 'raw_tp'
  | 'trace' | 'lsm' | 'iter' | null;

export interface SectionDef {
  /** libbpf's pattern, e.g. 'kprobe+', 'cgroup/bind4', 'sk_reuseport'. */
  sec: string;
  /** How the pattern matches (derived from its last character). */
  match: 'exact' | 'prefix' | 'optional-extra';
  progType: SecProgType;
  /** What libbpf puts in bpf_attr.expected_attach_type; null: 0 with no meaning (not BPF_CGROUP_INET_INGRESS). */
  expectedAttachType: SecAttachType | null;
  flags: readonly SecFlagName[];
  attach: AttachHandler;
  /** First libbpf release with this row (rows already in 1.1 say '1.1'). */
  since: LibbpfVersion;
  /** A spelling kept for old objects, with what replaced it. */
  legacy?: string;
  /** A change to this row after 1.1. */
  note?: string;
}

type Row = [sec: string, prog: SecProgType, attach: SecAttachType | null, flags: readonly SecFlagName[], handler: AttachHandler, since?: LibbpfVersion, extra?: { legacy?: string; note?: string }];

const NONE: readonly SecFlagName[] = [];
const ATTACHABLE: readonly SecFlagName[] = ['SEC_ATTACHABLE'];
const ATTACHABLE_OPT: readonly SecFlagName[] = ['SEC_ATTACHABLE', 'SEC_EXP_ATTACH_OPT'];
const BTF: readonly SecFlagName[] = ['SEC_ATTACH_BTF'];
const BTF_SLEEP: readonly SecFlagName[] = ['SEC_ATTACH_BTF', 'SEC_SLEEPABLE'];
const SLEEP: readonly SecFlagName[] = ['SEC_SLEEPABLE'];
const FRAGS: readonly SecFlagName[] = ['SEC_XDP_FRAGS'];
const TC_LEGACY = 'libbpf 1.3+ documents tc/classifier/action as deprecated in favour of tcx/ingress and tcx/egress';

// Row order is libbpf's (1.7 table; every 1.1 row keeps its relative place, newer rows are inserted where
// libbpf put them), because the first match wins.
const ROWS: readonly Row[] = [
  ['socket', 'BPF_PROG_TYPE_SOCKET_FILTER', null, NONE, null],
  ['sk_reuseport/migrate', 'BPF_PROG_TYPE_SK_REUSEPORT', 'BPF_SK_REUSEPORT_SELECT_OR_MIGRATE', ATTACHABLE, null],
  ['sk_reuseport', 'BPF_PROG_TYPE_SK_REUSEPORT', 'BPF_SK_REUSEPORT_SELECT', ATTACHABLE, null],
  ['kprobe+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'kprobe'],
  ['uprobe+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'uprobe'],
  ['uprobe.s+', 'BPF_PROG_TYPE_KPROBE', null, SLEEP, 'uprobe'],
  ['kretprobe+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'kprobe'],
  ['uretprobe+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'uprobe'],
  ['uretprobe.s+', 'BPF_PROG_TYPE_KPROBE', null, SLEEP, 'uprobe'],
  ['kprobe.multi+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_KPROBE_MULTI', NONE, 'kprobe_multi'],
  ['kretprobe.multi+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_KPROBE_MULTI', NONE, 'kprobe_multi'],
  ['kprobe.session+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_KPROBE_SESSION', NONE, 'kprobe_session', '1.5'],
  ['uprobe.multi+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_UPROBE_MULTI', NONE, 'uprobe_multi', '1.3'],
  ['uretprobe.multi+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_UPROBE_MULTI', NONE, 'uprobe_multi', '1.3'],
  ['uprobe.session+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_UPROBE_SESSION', NONE, 'uprobe_multi', '1.6'],
  ['uprobe.multi.s+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_UPROBE_MULTI', SLEEP, 'uprobe_multi', '1.3'],
  ['uretprobe.multi.s+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_UPROBE_MULTI', SLEEP, 'uprobe_multi', '1.3'],
  ['uprobe.session.s+', 'BPF_PROG_TYPE_KPROBE', 'BPF_TRACE_UPROBE_SESSION', SLEEP, 'uprobe_multi', '1.6'],
  ['ksyscall+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'ksyscall'],
  ['kretsyscall+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'ksyscall'],
  ['usdt+', 'BPF_PROG_TYPE_KPROBE', null, NONE, 'usdt', '1.1', { note: 'libbpf 1.3 adds SEC_USDT (uprobe-multi attach type when the kernel has it)' }],
  ['usdt.s+', 'BPF_PROG_TYPE_KPROBE', null, ['SEC_USDT', 'SEC_SLEEPABLE'], 'usdt', '1.3'],
  ['tc/ingress', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_TCX_INGRESS', NONE, null, '1.3'],
  ['tc/egress', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_TCX_EGRESS', NONE, null, '1.3'],
  ['tcx/ingress', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_TCX_INGRESS', NONE, null, '1.3'],
  ['tcx/egress', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_TCX_EGRESS', NONE, null, '1.3'],
  ['tc', 'BPF_PROG_TYPE_SCHED_CLS', null, NONE, null, '1.1', { legacy: TC_LEGACY }],
  ['classifier', 'BPF_PROG_TYPE_SCHED_CLS', null, NONE, null, '1.1', { legacy: `the older spelling of tc (deprecated since libbpf 0.7); ${TC_LEGACY}` }],
  ['action', 'BPF_PROG_TYPE_SCHED_ACT', null, NONE, null, '1.1', { legacy: TC_LEGACY }],
  ['netkit/primary', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_NETKIT_PRIMARY', NONE, null, '1.3'],
  ['netkit/peer', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_NETKIT_PEER', NONE, null, '1.3'],
  ['tracepoint+', 'BPF_PROG_TYPE_TRACEPOINT', null, NONE, 'tp'],
  ['tp+', 'BPF_PROG_TYPE_TRACEPOINT', null, NONE, 'tp'],
  ['raw_tracepoint+', 'BPF_PROG_TYPE_RAW_TRACEPOINT', null, NONE, 'raw_tp'],
  ['raw_tp+', 'BPF_PROG_TYPE_RAW_TRACEPOINT', null, NONE, 'raw_tp'],
  ['raw_tracepoint.w+', 'BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE', null, NONE, 'raw_tp'],
  ['raw_tp.w+', 'BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE', null, NONE, 'raw_tp'],
  ['tp_btf+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_RAW_TP', BTF, 'trace'],
  ['fentry+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_FENTRY', BTF, 'trace'],
  ['fmod_ret+', 'BPF_PROG_TYPE_TRACING', 'BPF_MODIFY_RETURN', BTF, 'trace'],
  ['fexit+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_FEXIT', BTF, 'trace'],
  ['fentry.s+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_FENTRY', BTF_SLEEP, 'trace'],
  ['fmod_ret.s+', 'BPF_PROG_TYPE_TRACING', 'BPF_MODIFY_RETURN', BTF_SLEEP, 'trace'],
  ['fexit.s+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_FEXIT', BTF_SLEEP, 'trace'],
  ['fsession+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_FSESSION', BTF, 'trace', '1.7'],
  ['fsession.s+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_FSESSION', BTF_SLEEP, 'trace', '1.7'],
  ['freplace+', 'BPF_PROG_TYPE_EXT', null, BTF, 'trace'],
  ['lsm+', 'BPF_PROG_TYPE_LSM', 'BPF_LSM_MAC', BTF, 'lsm'],
  ['lsm.s+', 'BPF_PROG_TYPE_LSM', 'BPF_LSM_MAC', BTF_SLEEP, 'lsm'],
  ['lsm_cgroup+', 'BPF_PROG_TYPE_LSM', 'BPF_LSM_CGROUP', BTF, null],
  ['iter+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_ITER', BTF, 'iter'],
  ['iter.s+', 'BPF_PROG_TYPE_TRACING', 'BPF_TRACE_ITER', BTF_SLEEP, 'iter'],
  ['syscall', 'BPF_PROG_TYPE_SYSCALL', null, SLEEP, null],
  ['xdp.frags/devmap', 'BPF_PROG_TYPE_XDP', 'BPF_XDP_DEVMAP', FRAGS, null],
  ['xdp/devmap', 'BPF_PROG_TYPE_XDP', 'BPF_XDP_DEVMAP', ATTACHABLE, null],
  ['xdp.frags/cpumap', 'BPF_PROG_TYPE_XDP', 'BPF_XDP_CPUMAP', FRAGS, null],
  ['xdp/cpumap', 'BPF_PROG_TYPE_XDP', 'BPF_XDP_CPUMAP', ATTACHABLE, null],
  ['xdp.frags', 'BPF_PROG_TYPE_XDP', 'BPF_XDP', FRAGS, null],
  ['xdp', 'BPF_PROG_TYPE_XDP', 'BPF_XDP', ATTACHABLE_OPT, null],
  ['perf_event', 'BPF_PROG_TYPE_PERF_EVENT', null, NONE, null],
  ['lwt_in', 'BPF_PROG_TYPE_LWT_IN', null, NONE, null],
  ['lwt_out', 'BPF_PROG_TYPE_LWT_OUT', null, NONE, null],
  ['lwt_xmit', 'BPF_PROG_TYPE_LWT_XMIT', null, NONE, null],
  ['lwt_seg6local', 'BPF_PROG_TYPE_LWT_SEG6LOCAL', null, NONE, null],
  ['sockops', 'BPF_PROG_TYPE_SOCK_OPS', 'BPF_CGROUP_SOCK_OPS', ATTACHABLE_OPT, null],
  ['sk_skb/stream_parser', 'BPF_PROG_TYPE_SK_SKB', 'BPF_SK_SKB_STREAM_PARSER', ATTACHABLE_OPT, null],
  ['sk_skb/stream_verdict', 'BPF_PROG_TYPE_SK_SKB', 'BPF_SK_SKB_STREAM_VERDICT', ATTACHABLE_OPT, null],
  ['sk_skb/verdict', 'BPF_PROG_TYPE_SK_SKB', 'BPF_SK_SKB_VERDICT', ATTACHABLE_OPT, null, '1.4'],
  ['sk_skb', 'BPF_PROG_TYPE_SK_SKB', null, NONE, null],
  ['sk_msg', 'BPF_PROG_TYPE_SK_MSG', 'BPF_SK_MSG_VERDICT', ATTACHABLE_OPT, null],
  ['lirc_mode2', 'BPF_PROG_TYPE_LIRC_MODE2', 'BPF_LIRC_MODE2', ATTACHABLE_OPT, null],
  ['flow_dissector', 'BPF_PROG_TYPE_FLOW_DISSECTOR', 'BPF_FLOW_DISSECTOR', ATTACHABLE_OPT, null],
  ['cgroup_skb/ingress', 'BPF_PROG_TYPE_CGROUP_SKB', 'BPF_CGROUP_INET_INGRESS', ATTACHABLE_OPT, null],
  ['cgroup_skb/egress', 'BPF_PROG_TYPE_CGROUP_SKB', 'BPF_CGROUP_INET_EGRESS', ATTACHABLE_OPT, null],
  ['cgroup/skb', 'BPF_PROG_TYPE_CGROUP_SKB', null, NONE, null],
  ['cgroup/sock_create', 'BPF_PROG_TYPE_CGROUP_SOCK', 'BPF_CGROUP_INET_SOCK_CREATE', ATTACHABLE, null],
  ['cgroup/sock_release', 'BPF_PROG_TYPE_CGROUP_SOCK', 'BPF_CGROUP_INET_SOCK_RELEASE', ATTACHABLE, null],
  ['cgroup/sock', 'BPF_PROG_TYPE_CGROUP_SOCK', 'BPF_CGROUP_INET_SOCK_CREATE', ATTACHABLE_OPT, null],
  ['cgroup/post_bind4', 'BPF_PROG_TYPE_CGROUP_SOCK', 'BPF_CGROUP_INET4_POST_BIND', ATTACHABLE, null],
  ['cgroup/post_bind6', 'BPF_PROG_TYPE_CGROUP_SOCK', 'BPF_CGROUP_INET6_POST_BIND', ATTACHABLE, null],
  ['cgroup/bind4', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET4_BIND', ATTACHABLE, null],
  ['cgroup/bind6', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET6_BIND', ATTACHABLE, null],
  ['cgroup/connect4', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET4_CONNECT', ATTACHABLE, null],
  ['cgroup/connect6', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET6_CONNECT', ATTACHABLE, null],
  ['cgroup/connect_unix', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UNIX_CONNECT', ATTACHABLE, null, '1.3'],
  ['cgroup/sendmsg4', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UDP4_SENDMSG', ATTACHABLE, null],
  ['cgroup/sendmsg6', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UDP6_SENDMSG', ATTACHABLE, null],
  ['cgroup/sendmsg_unix', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UNIX_SENDMSG', ATTACHABLE, null, '1.3'],
  ['cgroup/recvmsg4', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UDP4_RECVMSG', ATTACHABLE, null],
  ['cgroup/recvmsg6', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UDP6_RECVMSG', ATTACHABLE, null],
  ['cgroup/recvmsg_unix', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UNIX_RECVMSG', ATTACHABLE, null, '1.3'],
  ['cgroup/getpeername4', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET4_GETPEERNAME', ATTACHABLE, null],
  ['cgroup/getpeername6', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET6_GETPEERNAME', ATTACHABLE, null],
  ['cgroup/getpeername_unix', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UNIX_GETPEERNAME', ATTACHABLE, null, '1.3'],
  ['cgroup/getsockname4', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET4_GETSOCKNAME', ATTACHABLE, null],
  ['cgroup/getsockname6', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_INET6_GETSOCKNAME', ATTACHABLE, null],
  ['cgroup/getsockname_unix', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_CGROUP_UNIX_GETSOCKNAME', ATTACHABLE, null, '1.3'],
  ['cgroup/sysctl', 'BPF_PROG_TYPE_CGROUP_SYSCTL', 'BPF_CGROUP_SYSCTL', ATTACHABLE, null],
  ['cgroup/getsockopt', 'BPF_PROG_TYPE_CGROUP_SOCKOPT', 'BPF_CGROUP_GETSOCKOPT', ATTACHABLE, null],
  ['cgroup/setsockopt', 'BPF_PROG_TYPE_CGROUP_SOCKOPT', 'BPF_CGROUP_SETSOCKOPT', ATTACHABLE, null],
  ['cgroup/dev', 'BPF_PROG_TYPE_CGROUP_DEVICE', 'BPF_CGROUP_DEVICE', ATTACHABLE_OPT, null],
  ['struct_ops+', 'BPF_PROG_TYPE_STRUCT_OPS', null, NONE, null],
  ['struct_ops.s+', 'BPF_PROG_TYPE_STRUCT_OPS', null, SLEEP, null, '1.2'],
  ['sk_lookup', 'BPF_PROG_TYPE_SK_LOOKUP', 'BPF_SK_LOOKUP', ATTACHABLE, null],
  ['netfilter', 'BPF_PROG_TYPE_NETFILTER', 'BPF_NETFILTER', NONE, null, '1.3'],
];

function matchKind(sec: string): SectionDef['match'] {
  if (sec.endsWith('/')) return 'prefix';
  if (sec.endsWith('+')) return 'optional-extra';
  return 'exact';
}

/** Every row, newest table, libbpf's order. */
export const SECTION_DEFS: readonly SectionDef[] = ROWS.map(([sec, progType, expectedAttachType, flags, attach, since, extra]) => ({
  sec,
  match: matchKind(sec),
  progType,
  expectedAttachType,
  flags,
  attach,
  since: since ?? '1.1',
  ...(extra?.legacy ? { legacy: extra.legacy } : {}),
  ...(extra?.note ? { note: extra.note } : {}),
}));

const versionRank = (v: LibbpfVersion): number => LIBBPF_VERSIONS.indexOf(v);

/** The rows a given libbpf release has, in its order. */
export function sectionDefsOf(libbpf: LibbpfVersion = DEFAULT_LIBBPF): SectionDef[] {
  return SECTION_DEFS.filter((d) => versionRank(d.since) <= versionRank(libbpf));
}

/**
 * sec_def_matches: does SEC(secName) fit this row?
 * e.g. 'kprobe+' fits "kprobe" and "kprobe/do_sys_openat2" but not "kprobex" or "kprobe.multi/x".
 */
export function sectionDefMatches(def: SectionDef, secName: string): boolean {
  if (def.match === 'prefix') return secName.startsWith(def.sec);
  if (def.match === 'optional-extra') {
    const word = def.sec.slice(0, -1);
    if (!secName.startsWith(word)) return false;
    const next = secName.charAt(word.length);
    return next === '' || next === '/';
  }
  return secName === def.sec;
}

/**
 * find_sec_def: the first row of libbpf `libbpf` (default 1.1) that fits; undefined when libbpf would say
 * "unrecognized ELF section name" (the program then stays BPF_PROG_TYPE_UNSPEC unless the user sets a type).
 * A leading '?' (SEC("?tp/...") = autoload off) must already be stripped, as libbpf strips it.
 */
export function findSectionDef(secName: string, libbpf: LibbpfVersion = DEFAULT_LIBBPF): SectionDef | undefined {
  const rank = versionRank(libbpf);
  return SECTION_DEFS.find((d) => versionRank(d.since) <= rank && sectionDefMatches(d, secName));
}

export const hasSecFlag = (def: SectionDef, flag: SecFlagName): boolean => def.flags.includes(flag);

/** The cookie libbpf stores for the row (sum of SEC_FLAG bits). */
export function secFlagsValue(def: SectionDef): number {
  return def.flags.reduce((acc, f) => acc | SEC_FLAG[f], 0);
}
