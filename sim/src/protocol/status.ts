// What the agent can do on this machine, as it travels in GET /api/status and the WebSocket `hello`.
// Version 1 of the wire shape (see PROTOCOL_VERSION in messages.ts). It mirrors the agent's machine probe
// (real-backend/src/kernel/probe.ts) as plain JSON so that the app can show it without importing the agent.
// Left out: anything about a particular program (that is a job's result), and timestamps.

/** One thing the agent checked, e.g. { id: "cap_bpf", ok: false, detail: "lacks CAP_BPF: ..." }. */
export interface CapabilityItem {
  id: string;
  ok: boolean;
  /** One sentence: what was found and what it means. */
  detail: string;
}

/** The probe as run on the agent's machine (the `probe` job's result). */
export interface MachineReport {
  kernel: string;
  canLoad: boolean;
  canAttachTracepoint: boolean;
  canKprobe: boolean;
  items: CapabilityItem[];
}

export interface AgentInfo {
  /** real-backend's package version. */
  version: string;
  /** The uid the agent runs as (null where the platform has none). */
  uid: number | null;
}

export interface RealRunsStatus {
  /** A real load can be attempted here (bpf() created a map and loaded a program at probe time). */
  available: boolean;
  /** Why real runs are unavailable, one sentence each, most important first; empty when available. */
  reasons: string[];
  /** What works only partly even when available (no kprobes, no JIT, ...), one sentence each. */
  limits: string[];
  can: { load: boolean; attachTracepoint: boolean; kprobe: boolean };
}

/**
 * e.g. { protocol: 1, agent: { version: "0.1.0", uid: 0 }, kernel: "6.18.44", capabilities: [...],
 *        real: { available: true, reasons: [], limits: ["kprobe: ..."], can: {...} } }
 */
export interface AgentStatus {
  protocol: number;
  agent: AgentInfo;
  kernel: string;
  capabilities: CapabilityItem[];
  real: RealRunsStatus;
}
