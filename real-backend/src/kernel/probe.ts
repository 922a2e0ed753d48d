// What this machine lets the agent do, as data with reasons (for GET /api/status and the CLI). Read-only except
// for two tiny real bpf() calls (an array map and a two-instruction program) made in a private session and
// closed at once: the only sure test of "can this process load programs here".
import { existsSync, readFileSync, statSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { BPF_INSN_CODE as C } from '@bpflc/sim/abi/uapi.gen';
import { mapCreate } from './bpf-map.ts';
import { progLoad } from './bpf-load.ts';
import { effectiveCaps, hasCap } from './caps.ts';
import { closeAll } from './fd.ts';
import { findMount } from './mounts.ts';
import { KernelSession } from './session.ts';
import { kprobePmuType } from './tracefs.ts';

export interface ProbeItem {
  id: string;
  ok: boolean;
  /** One sentence: what was found and what it means. */
  detail: string;
}

export interface MachineProbe {
  kernel: string;
  /** bpf() works here: a map was created and a program loaded. */
  canLoad: boolean;
  /** Tracepoint programs can be attached (needs tracefs, CAP_PERFMON or CAP_SYS_ADMIN). */
  canAttachTracepoint: boolean;
  /** kprobe attach is possible (kprobe PMU or tracefs kprobe_events). */
  canKprobe: boolean;
  items: ProbeItem[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** A CONFIG_ option from /proc/config.gz (CONFIG_IKCONFIG_PROC), or undefined when the kernel does not expose it. */
export function kernelConfig(option: string): string | undefined {
  try {
    const text = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
    const m = new RegExp(`^(?:${option}=(.*)|# ${option} is not set)$`, 'm').exec(text);
    return m ? (m[1] ?? 'n') : undefined;
  } catch {
    return undefined;
  }
}

function capItems(): ProbeItem[] {
  const mask = effectiveCaps();
  const caps = [
    ['CAP_BPF', 'bpf() for maps and programs (kernel 5.8+; CAP_SYS_ADMIN before)'],
    ['CAP_PERFMON', 'tracing programs and perf_event_open for them'],
    ['CAP_SYS_ADMIN', 'mounting tracefs, GET_FD_BY_ID, and bpf on kernels before 5.8'],
  ] as const;
  return caps.map(([cap, why]) => {
    const has = hasCap(cap, mask);
    return { id: cap.toLowerCase(), ok: has, detail: `${has ? 'has' : 'lacks'} ${cap}: ${why}` };
  });
}

function unprivilegedItem(): ProbeItem {
  const v = readText('/proc/sys/kernel/unprivileged_bpf_disabled');
  const meaning: Record<string, string> = {
    '0': 'unprivileged users may load socket filters',
    '1': 'bpf() needs privileges, until reboot',
    '2': 'bpf() needs privileges (an admin may re-enable unprivileged use)',
  };
  return { id: 'unprivileged_bpf_disabled', ok: true, detail: v === undefined ? 'unreadable' : `${v}: ${meaning[v] ?? 'unknown value'}` };
}

/** The real check: one ARRAY map and one `r0 = 0; exit` socket filter, closed right away. */
function bpfItems(): ProbeItem[] {
  const s = new KernelSession();
  const map = mapCreate(s, { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 4, max_entries: 1 });
  const insns = Buffer.alloc(16);
  insns.writeUInt8(C.BPF_ALU64 | C.BPF_MOV | C.BPF_K, 0); // r0 = 0
  insns.writeUInt8(C.BPF_JMP | C.BPF_EXIT, 8); // exit
  const prog = progLoad(s, { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insns, license: 'GPL' });
  closeAll(s);
  const jit = readText('/proc/sys/net/core/bpf_jit_enable');
  return [
    { id: 'bpf_map_create', ok: map.ok, detail: map.ok ? 'BPF_MAP_CREATE of an array map works' : map.error.message },
    { id: 'bpf_prog_load', ok: prog.ok, detail: prog.ok ? 'BPF_PROG_LOAD of a socket filter works' : prog.error.error.message },
    { id: 'bpf_jit', ok: jit === '1' || jit === '2', detail: `net.core.bpf_jit_enable = ${jit ?? 'unreadable'}${jit === '0' ? ': programs run in the interpreter, jited images are empty' : ''}` },
  ];
}

function tracefsItem(): ProbeItem {
  const at = findMount('tracefs');
  if (at) return { id: 'tracefs', ok: true, detail: `tracefs mounted at ${at}` };
  const known = (readText('/proc/filesystems') ?? '').includes('tracefs');
  const can = known && hasCap('CAP_SYS_ADMIN');
  return {
    id: 'tracefs',
    ok: can,
    detail: can ? 'tracefs not mounted; the agent will mount it at /sys/kernel/tracing when attaching' : known ? 'tracefs not mounted and this process cannot mount it (no CAP_SYS_ADMIN)' : 'this kernel has no tracefs',
  };
}

function kprobeItem(): ProbeItem {
  const pmu = kprobePmuType();
  const config = kernelConfig('CONFIG_KPROBES');
  const cfg = config === undefined ? '' : ` (CONFIG_KPROBES=${config})`;
  return { id: 'kprobe', ok: pmu.ok, detail: pmu.ok ? `kprobe PMU type ${pmu.value}${cfg}` : `${pmu.error.message}${cfg}` };
}

function btfItem(): ProbeItem {
  const path = '/sys/kernel/btf/vmlinux';
  return existsSync(path)
    ? { id: 'btf_vmlinux', ok: true, detail: `${path} present (${statSync(path).size} bytes): CO-RE relocations can be resolved` }
    : { id: 'btf_vmlinux', ok: false, detail: `${path} missing (CONFIG_DEBUG_INFO_BTF off): CO-RE programs cannot be relocated` };
}

function lockdownItem(): ProbeItem {
  const v = readText('/sys/kernel/security/lockdown');
  // e.g. "none [integrity] confidentiality": the bracketed word is the active mode.
  const mode = v ? (/\[(\w+)\]/.exec(v)?.[1] ?? v) : undefined;
  return {
    id: 'lockdown',
    ok: mode === undefined || mode === 'none',
    detail: mode === undefined ? 'no lockdown LSM interface: not locked down' : mode === 'none' ? 'lockdown: none' : `kernel lockdown "${mode}": some bpf reads (e.g. bpf_probe_read of kernel memory) are refused`,
  };
}

export function probe(): MachineProbe {
  const items = [...capItems(), unprivilegedItem(), ...bpfItems(), tracefsItem(), kprobeItem(), btfItem(), lockdownItem()];
  const okOf = (id: string) => items.find((i) => i.id === id)?.ok === true;
  const canLoad = okOf('bpf_map_create') && okOf('bpf_prog_load');
  return {
    kernel: release(),
    canLoad,
    canAttachTracepoint: canLoad && okOf('tracefs') && (okOf('cap_perfmon') || okOf('cap_sys_admin')),
    canKprobe: canLoad && okOf('kprobe'),
    items,
  };
}
