// Classifies verifier log lines for highlighting: source lines ("; … @ file.c:12"), instruction lines
// ("8: (79) r1 = *(u64 *)(r0 +0)"), the reason line of a rejection and the "processed N insns" summary.
// e.g. "R0 invalid mem access 'map_value_or_null'" with reason equal to it → kind 'reason'.

export type LogLineKind = 'src' | 'insn' | 'reason' | 'fail-insn' | 'summary' | 'other';

export interface LogLine {
  text: string;
  kind: LogLineKind;
}

export function classifyLog(log: string, reason?: string): LogLine[] {
  const lines = log.replace(/\n$/, '').split('\n');
  const out: LogLine[] = lines.map((text) => ({
    text,
    kind: text.startsWith(';') ? 'src' : /^\d+: \([0-9a-f]{2}\)/.test(text) ? 'insn' : text.startsWith('processed ') ? 'summary' : 'other',
  }));
  if (reason) {
    const at = lines.lastIndexOf(reason);
    if (at >= 0) {
      out[at] = { text: lines[at]!, kind: 'reason' };
      // The instruction the verifier was checking when it gave up: the last instruction line before the reason.
      for (let i = at - 1; i >= 0; i--) {
        if (out[i]!.kind === 'insn') {
          out[i] = { text: lines[i]!, kind: 'fail-insn' };
          break;
        }
      }
    }
  }
  return out;
}
