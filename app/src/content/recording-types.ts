// The shape of content/examples/<slug>/recorded/agent.json, written by scripts/record-runs.ts: one real load of
// the example's build/<name>.bpf.o by the agent's loader at verifier log level 2 (the LifecycleResult), the
// level-1 logs of a second load, and where and with what it was recorded. Types only (scripts and tests share it).
import type { LifecycleResult, Verdict } from '@bpflc/sim';

export const RECORDING_SCHEMA = 1 as const;

export interface LevelOneLog {
  verdict: Verdict;
  log: string;
  reason?: string;
  verifiedInsns?: number;
}

export interface RecordedOn {
  schema: typeof RECORDING_SCHEMA;
  /** uname -r of the machine that ran the load. */
  kernel: string;
  arch: string;
  distro: string;
  /** YYYY-MM-DD (UTC). */
  date: string;
  loader: 'agent';
  /** The verifier log level of the LifecycleResult's logs (level 1 is in `levelOne`). */
  logLevel: 2;
  tools: { bpftool: string; libbpf: string; node: string; agentLoader: string };
  command: string;
  /** Program name → a note, when its level-2 log was cut to keep the file modest. */
  logTruncated?: Record<string, string>;
}

export interface AgentRecording extends LifecycleResult {
  levelOne: Record<string, LevelOneLog>;
  recordedOn: RecordedOn;
}
