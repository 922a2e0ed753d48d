// The one line of a verifier log that says why a program was rejected: the last line before the statistics
// the verifier prints at the end ("processed N insns (limit 1000000) ..."), or the last line at all when the
// kernel refused the program before walking it.
// e.g. "8: (79) r1 = *(u64 *)(r0 +0)\nR0 invalid mem access 'map_value_or_null'\nprocessed 8 insns ..."
//      → "R0 invalid mem access 'map_value_or_null'"

const TRAILERS = [/^processed \d+ insns/, /^verification time \d+ usec/, /^stack depth /];

export function verifierReason(log: string): string | undefined {
  const lines = log.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  while (lines.length > 0 && TRAILERS.some((re) => re.test(lines[lines.length - 1]!))) lines.pop();
  return lines.at(-1);
}

/** "processed 13 insns (limit 1000000) ..." → 13, from a level-1 or level-2 log. */
export function processedInsns(log: string): number | undefined {
  const m = /^processed (\d+) insns/m.exec(log);
  return m ? Number(m[1]) : undefined;
}
