// The two facts about the running kernel the loader asks for besides its BTF: the release (uname -r, for
// kern_version) and the number of possible CPUs (the default size of a perf event array). Both describe the
// kernel the process runs on, so inside a guest they describe the guest.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export const kernelRelease = (): string => os.release();

/** libbpf_num_possible_cpus: /sys/devices/system/cpu/possible, e.g. "0-3" → 4, "0,2-3" → 3. */
export function possibleCpus(text?: string): number {
  let t = text;
  if (t === undefined) {
    try {
      t = readFileSync('/sys/devices/system/cpu/possible', 'utf8');
    } catch {
      return os.cpus().length;
    }
  }
  let n = 0;
  for (const part of t.trim().split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) continue;
    n += b === undefined || Number.isNaN(b) ? 1 : b - a + 1;
  }
  return n || os.cpus().length;
}
