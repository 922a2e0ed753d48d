// Where a program attaches, read from its section name the way libbpf 1.1's auto-attach handlers read it
// (attach_kprobe, attach_uprobe, attach_ksyscall, attach_usdt, attach_tp, attach_raw_tp, attach_kprobe_multi,
// and libbpf_find_attach_btf_id for the BTF-based ones). Only the name is parsed: whether the function,
// tracepoint or binary exists is a question for the running kernel (the live loader), not for the object.
// e.g. "kprobe/do_sys_openat2+0x10" → { kind: 'kprobe', function: 'do_sys_openat2', offset: 16 }

import type { SecAttachType, SectionDef } from './section-defs.ts';

export type AttachTarget =
  | { kind: 'tracepoint'; category: string; name: string }
  | { kind: 'raw-tracepoint'; name: string; writable: boolean }
  | { kind: 'kprobe'; retprobe: boolean; function: string; offset: number }
  | { kind: 'kprobe-multi'; retprobe: boolean; pattern: string }
  | { kind: 'ksyscall'; retprobe: boolean; syscall: string }
  | { kind: 'uprobe'; retprobe: boolean; path: string; function: string; offset: number }
  | { kind: 'usdt'; path: string; provider: string; name: string }
  /**
   * tp_btf, fentry/fexit/fmod_ret, lsm, iter, freplace: the target is a BTF id found by name at load,
   * in vmlinux (or a module) under a prefix (btf_trace_, bpf_lsm_, bpf_iter_), or in the target program for freplace.
   */
  | { kind: 'btf'; name: string; btfName: string; btfKind: 'BTF_KIND_FUNC' | 'BTF_KIND_TYPEDEF'; in: 'kernel' | 'target-program' }
  /** No auto-attach: the user attaches it (an interface, a cgroup, a socket...), or the section gives no target. */
  | { kind: 'manual'; reason: string }
  /** libbpf's handler would reject the name with -EINVAL. */
  | { kind: 'invalid'; reason: string };

// Ways to attach the programs libbpf has no auto-attach handler for, by program type.
const MANUAL: Readonly<Record<string, string>> = {
  BPF_PROG_TYPE_SOCKET_FILTER: 'attached to a socket with setsockopt(SO_ATTACH_BPF)',
  BPF_PROG_TYPE_XDP: 'attached to a network interface (bpf_xdp_attach / BPF_LINK_CREATE with an ifindex)',
  BPF_PROG_TYPE_SCHED_CLS: 'attached as a tc filter (netlink, bpf_tc_attach) or, on 6.6+, a tcx link',
  BPF_PROG_TYPE_SCHED_ACT: 'attached as a tc action (netlink)',
  BPF_PROG_TYPE_PERF_EVENT: 'attached to a perf event fd (perf_event_open + PERF_EVENT_IOC_SET_BPF)',
  BPF_PROG_TYPE_SK_MSG: 'attached to a sockmap or sockhash (BPF_PROG_ATTACH)',
  BPF_PROG_TYPE_SK_SKB: 'attached to a sockmap or sockhash (BPF_PROG_ATTACH)',
  BPF_PROG_TYPE_SYSCALL: 'not attached: run from user space with BPF_PROG_TEST_RUN',
  BPF_PROG_TYPE_STRUCT_OPS: 'not attached by itself: it is one member of a struct_ops map that gets registered',
  BPF_PROG_TYPE_FLOW_DISSECTOR: 'attached to a network namespace (BPF_PROG_ATTACH)',
  BPF_PROG_TYPE_SK_LOOKUP: 'attached to a network namespace (BPF_LINK_CREATE)',
  BPF_PROG_TYPE_LIRC_MODE2: 'attached to a lirc device (BPF_PROG_ATTACH)',
  BPF_PROG_TYPE_SK_REUSEPORT: 'attached to a SO_REUSEPORT socket group with setsockopt(SO_ATTACH_REUSEPORT_EBPF)',
};

function manual(def: SectionDef): AttachTarget {
  if (def.progType.startsWith('BPF_PROG_TYPE_CGROUP') || def.progType === 'BPF_PROG_TYPE_SOCK_OPS' || def.expectedAttachType === 'BPF_LSM_CGROUP') {
    return { kind: 'manual', reason: 'attached to a cgroup (BPF_PROG_ATTACH or BPF_LINK_CREATE with a cgroup fd)' };
  }
  if (def.progType.startsWith('BPF_PROG_TYPE_LWT')) return { kind: 'manual', reason: 'attached to a route (ip route ... encap bpf)' };
  return { kind: 'manual', reason: MANUAL[def.progType] ?? 'libbpf has no auto-attach for this section; the user attaches it' };
}

const noTarget = (sec: string): AttachTarget => ({ kind: 'manual', reason: `SEC("${sec}") names no target: libbpf does not auto-attach it, the user must give one` });

/** C's strtol(s, &end, 0) on the longest valid prefix ("%li" in sscanf): decimal, 0x hex, 0 octal, with a sign. */
function parseCLong(s: string): { value: number; rest: string } | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return undefined;
  const body = m[2] ?? '0';
  const magnitude = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : parseInt(body, 10);
  return { value: m[1] === '-' ? -magnitude : magnitude, rest: s.slice(m[0].length) };
}

/** "%m[a-zA-Z0-9_.]+%li": a symbol name, then optionally '+' and a C integer. */
function symbolPlusOffset(s: string): { name: string; offset: number } | undefined {
  const m = /^[a-zA-Z0-9_.]+/.exec(s);
  if (!m) return undefined;
  const rest = s.slice(m[0].length);
  if (!rest.startsWith('+')) return { name: m[0], offset: 0 };
  const n = parseCLong(rest.slice(1));
  return { name: m[0], offset: n ? n.value : 0 };
}

function kprobe(sec: string): AttachTarget {
  if (sec === 'kprobe' || sec === 'kretprobe') return noTarget(sec);
  const retprobe = sec.startsWith('kretprobe/');
  const spec = sec.slice((retprobe ? 'kretprobe/' : 'kprobe/').length);
  const p = symbolPlusOffset(spec);
  if (!p) return { kind: 'invalid', reason: `kprobe name is invalid: "${spec}"` };
  if (retprobe && p.offset !== 0) return { kind: 'invalid', reason: 'kretprobes do not support an offset' };
  return { kind: 'kprobe', retprobe, function: p.name, offset: p.offset };
}

// sscanf(sec, "%m[^/]/%m[^:]:%m[a-zA-Z0-9_.]+%li"): how many fields matched decides what libbpf does.
function uprobe(sec: string): AttachTarget {
  const type = /^[^/]+/.exec(sec)?.[0];
  if (!type) return { kind: 'invalid', reason: `invalid format of section definition "${sec}"` };
  let rest = sec.slice(type.length);
  if (!rest.startsWith('/')) return noTarget(sec);
  rest = rest.slice(1);
  const path = /^[^:]+/.exec(rest)?.[0];
  if (!path) return noTarget(sec);
  rest = rest.slice(path.length);
  if (!rest.startsWith(':')) return { kind: 'invalid', reason: `section "${sec}" is missing ':function[+offset]'` };
  const p = symbolPlusOffset(rest.slice(1));
  if (!p) return { kind: 'invalid', reason: `section "${sec}" is missing ':function[+offset]'` };
  const retprobe = type === 'uretprobe' || type === 'uretprobe.s';
  if (retprobe && p.offset !== 0) return { kind: 'invalid', reason: 'uretprobes do not support an offset' };
  return { kind: 'uprobe', retprobe, path, function: p.name, offset: p.offset };
}

function tracepoint(sec: string): AttachTarget {
  if (sec === 'tp' || sec === 'tracepoint') return noTarget(sec);
  const rest = sec.slice(sec.startsWith('tp/') ? 3 : 'tracepoint/'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { kind: 'invalid', reason: `"${sec}" is not tp/<category>/<name>` };
  return { kind: 'tracepoint', category: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

function rawTracepoint(sec: string): AttachTarget {
  for (const pfx of ['raw_tp', 'raw_tracepoint', 'raw_tp.w', 'raw_tracepoint.w']) {
    if (!sec.startsWith(pfx)) continue;
    const next = sec.charAt(pfx.length);
    if (next === '') return noTarget(sec);
    if (next !== '/') continue;
    return { kind: 'raw-tracepoint', name: sec.slice(pfx.length + 1), writable: pfx.endsWith('.w') };
  }
  return { kind: 'invalid', reason: `invalid section name "${sec}"` };
}

// btf_get_kernel_prefix_kind: the name libbpf looks up in vmlinux BTF for each attach type.
function btfPrefix(at: SecAttachType | null): { prefix: string; btfKind: 'BTF_KIND_FUNC' | 'BTF_KIND_TYPEDEF' } {
  if (at === 'BPF_TRACE_RAW_TP') return { prefix: 'btf_trace_', btfKind: 'BTF_KIND_TYPEDEF' };
  if (at === 'BPF_LSM_MAC' || at === 'BPF_LSM_CGROUP') return { prefix: 'bpf_lsm_', btfKind: 'BTF_KIND_FUNC' };
  if (at === 'BPF_TRACE_ITER') return { prefix: 'bpf_iter_', btfKind: 'BTF_KIND_FUNC' };
  return { prefix: '', btfKind: 'BTF_KIND_FUNC' };
}

function btfTarget(def: SectionDef, sec: string): AttachTarget {
  const slash = sec.indexOf('/');
  if (slash < 0) return { kind: 'invalid', reason: `SEC("${sec}") gives no BTF attach target: libbpf refuses to load it unless bpf_program__set_attach_target() names one` };
  const name = sec.slice(slash + 1);
  const { prefix, btfKind } = btfPrefix(def.expectedAttachType);
  return { kind: 'btf', name, btfName: prefix + name, btfKind, in: def.progType === 'BPF_PROG_TYPE_EXT' ? 'target-program' : 'kernel' };
}

/** The attach target libbpf 1.1 reads from SEC(sec) for the row `def` that matched it. */
export function parseAttachTarget(def: SectionDef, sec: string): AttachTarget {
  if (def.flags.includes('SEC_ATTACH_BTF')) return btfTarget(def, sec);
  switch (def.attach) {
    case 'kprobe':
      return kprobe(sec);
    case 'uprobe':
      return uprobe(sec);
    case 'ksyscall': {
      if (sec === 'ksyscall' || sec === 'kretsyscall') return noTarget(sec);
      const retprobe = sec.startsWith('kretsyscall/');
      return { kind: 'ksyscall', retprobe, syscall: sec.slice((retprobe ? 'kretsyscall/' : 'ksyscall/').length) };
    }
    case 'kprobe_multi': {
      if (sec === 'kprobe.multi' || sec === 'kretprobe.multi') return noTarget(sec);
      const retprobe = sec.startsWith('kretprobe.multi/');
      const spec = sec.slice((retprobe ? 'kretprobe.multi/' : 'kprobe.multi/').length);
      const pattern = /^[a-zA-Z0-9_.*?]+/.exec(spec)?.[0];
      return pattern ? { kind: 'kprobe-multi', retprobe, pattern } : { kind: 'invalid', reason: `kprobe multi pattern is invalid: "${spec}"` };
    }
    case 'usdt': {
      if (sec === 'usdt') return noTarget(sec);
      const m = /^usdt\/([^:]+):([^:]+):([^:]+)/.exec(sec);
      return m ? { kind: 'usdt', path: m[1] ?? '', provider: m[2] ?? '', name: m[3] ?? '' } : { kind: 'invalid', reason: `expected SEC("usdt/<path>:<provider>:<name>"), got "${sec}"` };
    }
    case 'tp':
      return tracepoint(sec);
    case 'raw_tp':
      return rawTracepoint(sec);
    default:
      return manual(def);
  }
}
