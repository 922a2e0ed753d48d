// Text for `bpflc real X --loader libbpf`: what the reference loader did (verdicts, maps, attach calls, calls per
// stage) and, with --compare, the agent's trace and the reference trace side by side after normalizeTrace +
// alignTraces, feature probes marked.
// e.g. "=  bpf BPF_MAP_CREATE minimal_.bss            | bpf BPF_MAP_CREATE minimal_.bss"
//      "R                                             | bpf BPF_PROG_LOAD libbpf_nametest   feature probe"
import { alignTraces, type AlignRow } from '@bpflc/sim/trace/align';
import { FEATURE_PROBE_NOTE } from '@bpflc/sim/trace/classify';
import type { TraceEvent } from '@bpflc/sim/trace/schema';
import type { ReferenceResult } from './reference-result.ts';

export function formatReferenceSummary(r: ReferenceResult, header: string): string {
  const out: string[] = [header];
  for (const n of r.reference.notes) out.push(`note: ${n}`);
  out.push(`command: ${r.reference.command.join(' ')} (exit ${r.reference.exit.code ?? r.reference.exit.signal}${r.reference.stopped ? `; ${r.reference.stopped}` : ''})`);
  out.push(`traced by: ${r.reference.strace.version}, ${r.trace.length} calls, ${r.reference.probes} of them feature probes${r.reference.issues.length ? `, ${r.reference.issues.length} unreadable line(s)` : ''}`);
  const stages = new Map<string, number>();
  for (const e of r.trace) stages.set(e.stage, (stages.get(e.stage) ?? 0) + 1);
  out.push(`calls by stage: ${[...stages].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  for (const m of r.maps) out.push(`map ${m.kernelName}: ${m.type} key ${m.keySize} value ${m.valueSize} entries ${m.maxEntries}${m.frozen ? ' frozen' : ''}${m.errno ? ` FAILED ${m.errno}` : ''}`);
  for (const p of r.programs) {
    out.push(`prog ${p.name}: ${p.type}, ${p.insnCnt} insns: ${p.verdict}${p.errno ? ` (${p.errno})` : ''}${p.attempts > 1 ? ` after ${p.attempts} BPF_PROG_LOAD calls` : ''}`);
    if (p.reason) out.push(`  verifier: ${p.reason}`);
  }
  for (const a of r.attach) out.push(`attach: ${a.call} = ${a.ret}${a.errno ? ` ${a.errno}` : ''}`);
  return `${out.join('\n')}\n`;
}

function label(e: TraceEvent | undefined): string {
  if (e === undefined) return '';
  if (e.kind === 'step') return `step ${e.name}`;
  const who = e.args.map_name ?? e.args.prog_name ?? (e.name === 'close' ? `fd ${String(e.args.fd)}` : undefined);
  return `${e.name}${e.cmd ? ` ${e.cmd}` : ''}${typeof who === 'string' && who !== '' ? ` ${who}` : ''} = ${e.ret}${e.kind === 'syscall' && e.errno ? ` ${e.errno}` : ''}`;
}

const MARK: Record<AlignRow['kind'], string> = { same: '=', changed: '~', 'only-in-a': 'A', 'only-in-b': 'R' };

/** The alignment of the agent's trace (a) with the reference trace (b), one row per line, then the counts. */
export function formatAlignment(agent: readonly TraceEvent[], reference: readonly TraceEvent[]): string {
  const al = alignTraces(agent, reference);
  const lines = al.rows.map((row) => {
    const a = 'ai' in row ? agent[row.ai] : undefined;
    const b = 'bi' in row ? reference[row.bi] : undefined;
    const why = row.kind === 'changed' ? row.diffs.slice(0, 3).map((d) => d.path).join(', ') + (row.diffs.length > 3 ? ', …' : '') : 'reason' in row ? (row.reason ?? '') : '';
    const probe = b?.note?.startsWith(FEATURE_PROBE_NOTE) || a?.note?.startsWith(FEATURE_PROBE_NOTE) ? ' [probe]' : '';
    return `${MARK[row.kind]} ${label(a).padEnd(44)} | ${label(b).padEnd(44)}${probe}${why ? `  ${why}` : ''}`;
  });
  const c = al.counts;
  return `agent (A) vs reference (R): = same ${c.same}, ~ changed ${c.changed}, A only ${c.onlyA}, R only ${c.onlyB}\n${lines.join('\n')}\n`;
}
