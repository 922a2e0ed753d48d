// A load as text for a terminal (`bpflc real` without --json/--strace): the trace grouped by stage, each step
// as its sentence and each syscall as a short call line, then a table of programs with their verdicts and, for
// every program the kernel did not accept, its verifier log.
// e.g. "  bpf(BPF_MAP_CREATE, map_name=\"minimal.bss\") = 4   0.02 ms"
import { STAGES, type StageId } from '@bpflc/sim/lifecycle/stages';
import type { SyscallEvent, TraceEvent } from '@bpflc/sim/trace/schema';
import { LOADED_AS, type LoadedObject } from './types.ts';

const KEY_ARG = ['map_name', 'prog_name', 'map_fd', 'prog_fd', 'bpf_fd', 'fd', 'btf_size'] as const;

function callLine(e: SyscallEvent): string {
  const key = KEY_ARG.find((k) => e.args[k] !== undefined && e.args[k] !== '');
  const arg = key ? `, ${key}=${JSON.stringify(e.args[key])}` : '';
  const head = `${e.name}(${e.cmd ?? ''}${e.cmd ? arg : arg.slice(2)})`;
  const ret = e.ret < 0 ? `-1 ${e.errno ?? ''}`.trimEnd() : String(e.ret);
  const ms = e.durationNs !== undefined ? `  ${(e.durationNs / 1e6).toFixed(3)} ms` : '';
  return `  ${head} = ${ret}${ms}${e.note ? `  (${e.note})` : ''}`;
}

export function formatSummary(loaded: LoadedObject, trace: readonly TraceEvent[], header: string): string {
  const out: string[] = [header, ''];
  const order = STAGES.map((s) => s.id as StageId);
  for (const stage of order) {
    const evs = trace.filter((e) => e.stage === stage);
    if (evs.length === 0) continue;
    out.push(stage);
    for (const e of evs) out.push(e.kind === 'step' ? `  · ${e.text}` : callLine(e));
    out.push('');
  }
  out.push('programs');
  const w = Math.max(4, ...loaded.programs.map((p) => p.name.length));
  for (const p of loaded.programs) {
    const facts = p.verdict === 'accepted'
      ? `id ${p.id ?? '?'}, ${p.insns.length / 8} insns sent, xlated ${p.xlated ? p.xlated.length / 8 : '?'}, jited ${p.jited?.length ?? 0} bytes, verified_insns ${p.verifiedInsns ?? '?'}`
      : (p.reason ?? p.error ?? '');
    out.push(`  ${p.name.padEnd(w)}  ${p.type.replace('BPF_PROG_TYPE_', '')}  ${p.verdict} (${LOADED_AS[p.loadedAs]})  ${facts}`);
  }
  if (loaded.objectFailure) out.push('', `whole-object load: failed at ${loaded.objectFailure.stage} (${loaded.objectFailure.at}): ${loaded.objectFailure.message}`);
  for (const p of loaded.programs) {
    if (p.verdict === 'accepted' && loaded.logLevel < 2) continue;
    if (p.log.trim() === '') continue;
    out.push('', `verifier log of ${p.name} (level ${p.logLevel}, ${p.verdict}):`, ...p.log.trimEnd().split('\n').map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}
