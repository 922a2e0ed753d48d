// The real strace captures of tests/golden/strace (made by scripts/capture-strace.ts), read once per test file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStrace, type StraceParse } from '@bpflc/sim';

export const CAPTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../golden/strace');

/** Names of the captures ("minimal-skel-1", "bpftool-rejected", …). */
export const CAPTURES: readonly string[] = readdirSync(CAPTURE_DIR)
  .filter((f) => f.endsWith('.strace'))
  .map((f) => f.slice(0, -'.strace'.length))
  .sort();

export const captureText = (name: string): string => readFileSync(join(CAPTURE_DIR, `${name}.strace`), 'utf8');

const cache = new Map<string, StraceParse>();
export function parsed(name: string): StraceParse {
  let p = cache.get(name);
  if (!p) {
    p = parseStrace(captureText(name));
    cache.set(name, p);
  }
  return p;
}

export const pidsOf = (p: StraceParse): (number | undefined)[] => p.origins.map((o) => o.pid);
