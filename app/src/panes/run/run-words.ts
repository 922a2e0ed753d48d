// Words for the attach, run and detach panes, from a LifecycleResult's data: how a program was attached (the
// syscall path), what would make a refused attach work, a printk line in trace_pipe's shape, a map value decoded,
// and what the kernel frees when each fd of the detach stage is closed. Pure functions (no React).
import type { LifecycleAttach, LifecyclePrintk, TraceEvent } from '@bpflc/sim';

/** The perf event behind a tracepoint/kprobe/uprobe attach, in words. */
function perfEventWords(kind: string): string {
  if (kind === 'tracepoint') return 'perf_event_open(PERF_TYPE_TRACEPOINT, config = the tracepoint id read from tracefs) opens the event';
  if (kind === 'kprobe' || kind === 'kretprobe') return 'perf_event_open on the kprobe PMU (/sys/bus/event_source/devices/kprobe) opens a probe on the function';
  if (kind === 'uprobe' || kind === 'uretprobe') return 'perf_event_open on the uprobe PMU opens a probe at the file offset';
  return `perf_event_open opens the ${kind} event`;
}

/** The syscall path of one successful attach: which calls, in order, and what ties the program to the hook. */
export function viaWords(a: LifecycleAttach): string {
  switch (a.via) {
    case 'link':
      return `${perfEventWords(a.kind)}; bpf(BPF_LINK_CREATE, attach_type BPF_PERF_EVENT) ties the program to that event and returns a bpf_link fd; ioctl(PERF_EVENT_IOC_ENABLE) starts it. This is what libbpf's bpf_program__attach does on kernels that have perf links (5.15 and later).`;
    case 'legacy':
      return `${perfEventWords(a.kind)}; ioctl(PERF_EVENT_IOC_SET_BPF, prog_fd) hangs the program on it and ioctl(PERF_EVENT_IOC_ENABLE) starts it. No bpf_link: the perf event fd itself is the attachment. BCC and kernels before 5.15 attach this way.`;
    case 'raw_tracepoint_open':
      return 'bpf(BPF_RAW_TRACEPOINT_OPEN) with the tracepoint\'s name attaches the program straight to the tracepoint, with no perf event; the fd it returns is a bpf_link (since Linux 5.7), so bpftool link list shows it.';
    default:
      return a.via ? `attached via ${a.via}` : 'not attached';
  }
}

/** The syscalls of the path, short, for the card's chip row. */
export function viaCalls(a: LifecycleAttach): string {
  switch (a.via) {
    case 'link':
      return 'perf_event_open → BPF_LINK_CREATE → PERF_EVENT_IOC_ENABLE';
    case 'legacy':
      return 'perf_event_open → PERF_EVENT_IOC_SET_BPF → PERF_EVENT_IOC_ENABLE';
    case 'raw_tracepoint_open':
      return 'BPF_RAW_TRACEPOINT_OPEN';
    default:
      return a.via ?? '';
  }
}

/** What would make a refused attach work, by the refusal's kind and the program's kind. */
export function attachFix(a: LifecycleAttach): string {
  const e = a.error ?? '';
  if (a.errorKind === 'unavailable' && /kprobe/.test(a.kind)) {
    return 'A kernel built with CONFIG_KPROBES=y (it then has /sys/bus/event_source/devices/kprobe), or a tracepoint on the same event: the tracepoints of this kernel are listed under /sys/kernel/tracing/events/.';
  }
  if (a.errorKind === 'trampoline-refused') {
    return 'fentry/fexit need BPF trampolines: a kernel that allows them for this function (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, not blocked by lockdown or an LSM), or a tp_btf/raw_tp program on a tracepoint instead.';
  }
  if (a.errorKind === 'later' || a.kind === 'manual') {
    if (/XDP/.test(e)) return 'Attach it to an interface yourself, e.g. bpftool net attach xdp id <prog id> dev <ifname> (bpf_xdp_attach in libbpf); the agent does not attach to interfaces yet.';
    if (/SOCKET_FILTER|SO_ATTACH_BPF/.test(e)) return 'Attach it to a socket yourself with setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd, sizeof prog_fd); the agent does not attach to sockets yet.';
    return 'Attach it to its interface, socket or cgroup yourself; the agent does not attach these yet.';
  }
  if (a.errorKind === 'unavailable') return 'A kernel that has this attach mechanism, or a tracepoint on the same event.';
  return `The kernel refused${a.errno ? ` with ${a.errno}` : ''}: check that the target exists on this kernel and that the section name matches the program type.`;
}

/** "3.2 ms" / "518 µs" */
export function formatNs(ns: number): string {
  return ns >= 1_000_000 ? `${(ns / 1_000_000).toFixed(2)} ms` : `${Math.round(ns / 1000)} µs`;
}

/**
 * One bpf_printk line as trace_pipe prints it, without the irq-flags column the recording does not keep:
 *   "<...>-27229 [001] 12497.271239: BPF triggered from PID 27229."
 */
export function printkLine(p: LifecyclePrintk): string {
  return `${p.comm}-${p.pid} [${String(p.cpu).padStart(3, '0')}] ${p.ts.toFixed(6)}: ${p.msg}`;
}

/** Hex bytes (little-endian) as an unsigned integer, for 1, 2, 4 and 8 byte values; undefined otherwise. */
export function leUint(hex: string): bigint | undefined {
  if (![2, 4, 8, 16].includes(hex.length) || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(hex.slice(i, i + 2), 16));
  return v;
}

/** Printable ASCII of hex bytes, '.' for the rest: "/bin/true......" */
export function asciiOf(hex: string): string {
  let s = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return s;
}

export type Released = 'link' | 'perf_event' | 'raw_tracepoint' | 'prog' | 'map' | 'btf' | 'other';

export interface DetachLine {
  seq: number;
  fd: number;
  kind: Released;
  name: string;
  text: string;
}

/** One close() of the detach stage → what the kernel frees. The agent's note says which object: "release link X". */
function releaseText(kind: Released, name: string, legacy: boolean): string {
  switch (kind) {
    case 'link':
      return `Closing the bpf_link fd detaches the program from ${name} at once: nothing pinned the link, so this fd was its last reference and the kernel unhooks the program and frees the link.`;
    case 'raw_tracepoint':
      return `Closing the raw tracepoint fd (a bpf_link) detaches the program from ${name} and frees the link.`;
    case 'perf_event':
      if (/perf buffer/.test(name)) return `The ${name} event: with the ring unmapped, closing it frees the event and its ring pages.`;
      return legacy
        ? `Closing the perf event fd is the detach in legacy mode: releasing the event drops the program from ${name}.`
        : `Closing the perf event fd frees the ${name} event; its link is already gone, so no program ran on it since.`;
    case 'prog':
      return `Closing the program fd drops its last reference (the link that held one is gone): the kernel frees ${name}, its xlated and JIT images, after an RCU grace period.`;
    case 'map':
      return `Closing the map fd drops the last reference to ${name} (the programs that used it are released): the kernel frees the map and its values.`;
    case 'btf':
      return 'Closing the BTF fd frees the object\'s type data: the programs and maps that referenced it are gone.';
    default:
      return `Closing fd releases ${name || 'the object'}.`;
  }
}

/** The close() calls of the detach stage, each with what the kernel frees. */
export function detachLines(events: readonly TraceEvent[]): DetachLine[] {
  const legacy = events.some((e) => e.kind === 'syscall' && e.cmd === 'PERF_EVENT_IOC_SET_BPF');
  const hasLink = events.some((e) => e.kind === 'syscall' && e.name === 'close' && /^release link\b/.test(e.note ?? ''));
  const out: DetachLine[] = [];
  for (const e of events) {
    if (e.kind !== 'syscall' || e.name !== 'close') continue;
    const m = /^release (\S+)\s*(.*)$/.exec(e.note ?? '');
    const raw = m?.[1] ?? '';
    const kind: Released = (['link', 'perf_event', 'raw_tracepoint', 'prog', 'map', 'btf'] as const).find((k) => k === raw) ?? 'other';
    const name = m?.[2] ?? '';
    const fd = typeof e.args.fd === 'number' ? e.args.fd : Number(e.args.fd);
    out.push({ seq: e.seq, fd, kind, name, text: releaseText(kind, name, legacy && !hasLink) });
  }
  return out;
}
