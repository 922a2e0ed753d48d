// GET /api/status and the WebSocket hello: what the agent can do on this machine and, when real runs are not
// possible, exactly why (from the probe's real checks) and what would change that.
import type { AgentInfo, AgentStatus, CapabilityItem } from '@bpflc/sim/protocol/status';
import { PROTOCOL_VERSION } from '@bpflc/sim/protocol/messages';
import type { MachineProbe } from '../kernel/index.ts';
import pkg from '../../package.json' with { type: 'json' };

export const AGENT_VERSION: string = pkg.version;

export function agentInfo(): AgentInfo {
  return { version: AGENT_VERSION, uid: process.getuid?.() ?? null };
}

function who(uid: number | null): string {
  if (uid === null) return 'the agent';
  return uid === 0 ? 'the agent runs as root (uid 0) but' : `the agent runs as uid ${uid} (not root) and`;
}

function loadReasons(p: MachineProbe, agent: AgentInfo): string[] {
  const item = (id: string): CapabilityItem | undefined => p.items.find((i) => i.id === id);
  const reasons: string[] = [];
  const noCaps = item('cap_bpf')?.ok === false && item('cap_sys_admin')?.ok === false;
  if (noCaps) {
    // e.g. "2: bpf() needs privileges (...)": the sysctl's value is the text before the colon.
    const unpriv = /^(\d+):/.exec(item('unprivileged_bpf_disabled')?.detail ?? '')?.[1];
    const sysctl = unpriv !== undefined && unpriv !== '0' ? ` (kernel.unprivileged_bpf_disabled = ${unpriv})` : '';
    reasons.push(`${who(agent.uid)} has neither CAP_BPF nor CAP_SYS_ADMIN, so the kernel refuses bpf() to it${sysctl}`);
  }
  for (const id of ['bpf_map_create', 'bpf_prog_load', 'lockdown']) {
    const i = item(id);
    if (i && !i.ok) reasons.push(i.detail);
  }
  if (noCaps || reasons.length > 0) {
    reasons.push(
      agent.uid === 0
        ? 'to enable real runs, give the agent CAP_BPF and CAP_PERFMON (in a container: --cap-add BPF --cap-add PERFMON) and restart it'
        : 'to enable real runs, restart the agent as root (sudo npm start, or sudo bpflc serve); the simulator works without it',
    );
  } else {
    reasons.push('the probe could not load a program here (see capabilities)');
  }
  return reasons;
}

function limitsOf(p: MachineProbe): string[] {
  const out: string[] = [];
  for (const i of p.items) {
    if (i.ok) continue;
    if (i.id === 'cap_perfmon' || i.id === 'cap_sys_admin' || i.id === 'cap_bpf') continue; // reflected below
    if (i.id === 'bpf_map_create' || i.id === 'bpf_prog_load') continue; // only when loading works at all
    out.push(`${i.id}: ${i.detail}`);
  }
  if (!p.canAttachTracepoint) out.unshift('tracepoint attach unavailable: it needs tracefs and CAP_PERFMON (or CAP_SYS_ADMIN)');
  return out;
}

export function buildStatus(p: MachineProbe, agent: AgentInfo = agentInfo()): AgentStatus {
  return {
    protocol: PROTOCOL_VERSION,
    agent,
    kernel: p.kernel,
    capabilities: p.items.map((i) => ({ id: i.id, ok: i.ok, detail: i.detail })),
    real: {
      available: p.canLoad,
      reasons: p.canLoad ? [] : loadReasons(p, agent),
      limits: p.canLoad ? limitsOf(p) : [],
      can: { load: p.canLoad, attachTracepoint: p.canAttachTracepoint, kprobe: p.canKprobe },
    },
  };
}
