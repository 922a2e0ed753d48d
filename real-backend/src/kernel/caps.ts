// Capabilities of this process, from /proc/self/status (CapEff), by the numbers of include/uapi/linux/capability.h.
import { readFileSync } from 'node:fs';

/** The capabilities bpf work cares about (capability.h numbers). */
export const CAP = {
  CAP_NET_ADMIN: 12,
  CAP_SYS_ADMIN: 21,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
} as const;
export type CapName = keyof typeof CAP;

/** The effective capability mask, or undefined when /proc is not readable. */
export function effectiveCaps(statusText?: string): bigint | undefined {
  let text = statusText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/status', 'utf8');
    } catch {
      return undefined;
    }
  }
  // e.g. "CapEff:\t000001fffeffffff"
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(text);
  return m?.[1] ? BigInt(`0x${m[1]}`) : undefined;
}

export function hasCap(cap: CapName, mask: bigint | undefined = effectiveCaps()): boolean {
  return mask !== undefined && ((mask >> BigInt(CAP[cap])) & 1n) === 1n;
}
