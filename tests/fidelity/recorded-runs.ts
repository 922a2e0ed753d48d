// What the agent's real runs of the examples produced past the load (content/examples/<slug>/recorded/
// agent.json, one LifecycleResult each, recorded by scripts/record-runs.ts on a named kernel): verdicts
// against meta.json's expected one, JIT images, attachments, run output and detach calls. The sim models
// none of these stages yet; these are the counts it will be compared on once it does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LifecycleResult } from '@bpflc/sim';
import { REPO_ROOT } from '../repo-objects.ts';

export interface RecordedCounts {
  examples: number;
  /** Kernel release(s) the runs were recorded on. */
  kernels: string[];
  programs: { accepted: number; rejected: number; jited: number };
  /** Examples whose every program got meta.json's expectedVerdict. */
  verdictAsMeta: number;
  attach: { attempted: number; attached: number; refused: Record<string, number> };
  run: { printk: number; records: number; mapSnapshots: number };
  /** Syscalls at the detach stage (close, PERF_EVENT_IOC_DISABLE, munmap). */
  detach: { syscalls: number };
}

const EXAMPLES = join(REPO_ROOT, 'content', 'examples');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Counts over every example that has a recorded real run. */
export function recordedCounts(): RecordedCounts {
  const c: RecordedCounts = {
    examples: 0, kernels: [], programs: { accepted: 0, rejected: 0, jited: 0 }, verdictAsMeta: 0,
    attach: { attempted: 0, attached: 0, refused: {} }, run: { printk: 0, records: 0, mapSnapshots: 0 }, detach: { syscalls: 0 },
  };
  const slugs = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).sort() : [];
  for (const slug of slugs) {
    const file = join(EXAMPLES, slug, 'recorded', 'agent.json');
    if (!existsSync(file)) continue;
    const r = readJson<LifecycleResult>(file);
    const meta = readJson<{ expectedVerdict?: string }>(join(EXAMPLES, slug, 'meta.json'));
    c.examples++;
    if (!c.kernels.includes(r.kernel)) c.kernels.push(r.kernel);
    for (const p of r.programs) {
      if (p.verdict === 'accepted') c.programs.accepted++;
      if (p.verdict === 'rejected') c.programs.rejected++;
      if (p.jited) c.programs.jited++;
    }
    if (r.programs.length > 0 && r.programs.every((p) => p.verdict === meta.expectedVerdict)) c.verdictAsMeta++;
    for (const a of r.attach ?? []) {
      c.attach.attempted++;
      if (a.error === undefined) c.attach.attached++;
      else c.attach.refused[a.errorKind ?? 'error'] = (c.attach.refused[a.errorKind ?? 'error'] ?? 0) + 1;
    }
    if (r.run) {
      c.run.printk += r.run.produced?.printk ?? r.run.printk.length;
      c.run.records += r.run.produced?.records ?? r.run.records.length;
      c.run.mapSnapshots += r.run.maps.length;
    }
    c.detach.syscalls += r.trace.filter((e) => e.stage === 'detach' && e.kind === 'syscall').length;
  }
  return c;
}
