// The JIT pane's two listings: the instructions sent to BPF_PROG_LOAD and the kernel's xlated image (what the
// verifier left after rewriting), both in the kernel's own syntax, aligned so that rewritten and inserted
// instructions stand out. Slots arrive as 16 hex digits of 8 little-endian bytes (LifecycleResult).
// e.g. sent "1821000013000000" (r1 = map value, src 2) vs xlated "18210000da0a0000" (src 0, a kernel address).
import { decode, helperName, kernelInsnText, type Insn } from '@bpflc/sim';

export interface ListingRow {
  /** Slot of the first half of the instruction. */
  slot: number;
  text: string;
  /** Why the kernel changed it, when it did. */
  change?: string;
}

export function slotsToBytes(slots: readonly string[]): Uint8Array {
  const out = new Uint8Array(slots.length * 8);
  slots.forEach((s, i) => {
    for (let b = 0; b < 8; b++) out[i * 8 + b] = parseInt(s.slice(b * 2, b * 2 + 2), 16);
  });
  return out;
}

export function decodeSlots(slots: readonly string[]): Insn[] {
  return decode(slotsToBytes(slots));
}

const slotKey = (slots: readonly string[], i: Insn): string => slots.slice(i.slot as number, (i.slot as number) + i.slots).join('');

const isJump = (i: Insn): boolean => ((i.code & 7) === 5 || (i.code & 7) === 6) && i.code !== 0x85 && i.code !== 0x95;

/** Equal, or a jump whose offset alone moved (the kernel inserted instructions between it and its target). */
function sameInsn(sentSlots: readonly string[], s: Insn, gotSlots: readonly string[], g: Insn): 'same' | 'offset' | 'no' {
  if (slotKey(sentSlots, s) === slotKey(gotSlots, g)) return 'same';
  if (isJump(s) && s.code === g.code && s.dst === g.dst && s.src === g.src && s.imm === g.imm) return 'offset';
  return 'no';
}

/** Names for fds and map ids in ld_imm64 (bpftool's style: map[id:2778][0]+0). */
export interface MapNames {
  byFd: ReadonlyMap<number, string>;
}

function ldImm64Text(i: Insn, side: 'sent' | 'xlated', names: MapNames | undefined): string | undefined {
  if (i.code !== 0x18 || (i.src !== 1 && i.src !== 2)) return undefined;
  const off = i.src === 2 ? `[0]+${i.hiImm ?? 0}` : '';
  if (side === 'xlated') return `map[id:${i.imm}]${off}`;
  const name = names?.byFd.get(i.imm);
  return `map[fd:${i.imm}]${off}${name ? ` (${name})` : ''}`;
}

function why(sent: Insn, got: Insn): string {
  if (sent.code === 0x18 && got.code === 0x18) {
    // The kernel ran the map's address; for a dump it turns the address back into the map's id.
    if (sent.src === 2) return 'map value: the fd became the map\'s address (shown as its id in the dump)';
    if (sent.src === 1) return 'map: the fd became the map\'s address (shown as its id in the dump)';
    return 'ld_imm64 value rewritten';
  }
  if (sent.code === 0x85 && sent.src === 0 && got.code !== 0x85) return `helper ${helperName(sent.imm)}#${sent.imm} inlined: the call became plain instructions`;
  if ((sent.code & 7) === 1 && (got.code & 7) === 1) return `context access rewritten to the kernel's own struct: (${sent.code.toString(16).padStart(2, '0')}) became (${got.code.toString(16).padStart(2, '0')})`;
  if (sent.code === 0x85 && got.code === 0x85) {
    if (sent.src === 0) return `helper ${helperName(sent.imm)}#${sent.imm} resolved: imm is now its offset from __bpf_call_base`;
    if (sent.src === 1) return 'bpf-to-bpf call: offset fixed up';
    return 'call rewritten';
  }
  if (sent.code !== got.code) return `rewritten: (${sent.code.toString(16).padStart(2, '0')}) became (${got.code.toString(16).padStart(2, '0')})`;
  return 'fields rewritten';
}

function text(i: Insn, side: 'sent' | 'xlated', names?: MapNames, sentCall?: Insn): string {
  const map = ldImm64Text(i, side, names);
  if (map) return kernelInsnText(i, { imm: () => map });
  // A resolved helper call: name it after the helper that was sent (imm is now an offset, as bpftool shows).
  if (sentCall && sentCall.code === 0x85 && sentCall.src === 0) return kernelInsnText(i, { call: () => helperName(sentCall.imm) });
  return kernelInsnText(i);
}

/**
 * Aligns the xlated image to what was sent: equal instructions advance together; a changed one at the same
 * place is "rewritten"; xlated instructions with no counterpart (the verifier's patches, inlined helpers) are
 * "inserted" (found by looking a few instructions ahead for the next sent one).
 */
export function alignXlated(sentSlots: readonly string[], xlatedSlots: readonly string[], names?: MapNames): { sent: ListingRow[]; xlated: ListingRow[] } {
  const sent = decodeSlots(sentSlots);
  const got = decodeSlots(xlatedSlots);
  const sentRows: ListingRow[] = sent.map((i) => ({ slot: i.slot as number, text: text(i, 'sent', names) }));
  const gotRows: ListingRow[] = [];
  let a = 0;
  let b = 0;
  while (b < got.length) {
    const g = got[b]!;
    const s = sent[a];
    const same = s ? sameInsn(sentSlots, s, xlatedSlots, g) : 'no';
    if (same !== 'no') {
      gotRows.push({ slot: g.slot as number, text: text(g, 'xlated', names), ...(same === 'offset' ? { change: 'jump offset adjusted around inserted instructions' } : {}) });
      a++;
      b++;
      continue;
    }
    // Look ahead: is the sent instruction a little further down (the kernel inserted instructions here)?
    let ahead = -1;
    for (let k = 1; s && k <= 12 && b + k < got.length; k++) {
      if (sameInsn(sentSlots, s, xlatedSlots, got[b + k]!) !== 'no') {
        ahead = k;
        break;
      }
    }
    if (ahead > 0) {
      for (let k = 0; k < ahead; k++) {
        const x = got[b + k]!;
        gotRows.push({ slot: x.slot as number, text: text(x, 'xlated', names), change: 'inserted by the verifier (patch or inlined helper)' });
      }
      b += ahead;
      continue;
    }
    gotRows.push({ slot: g.slot as number, text: text(g, 'xlated', names, s), change: s ? why(s, g) : 'added after the sent instructions' });
    if (s) sentRows[a] = { ...sentRows[a]!, change: 'changed by the kernel' };
    a++;
    b++;
  }
  return { sent: sentRows, xlated: gotRows };
}

/** `00000000  0f 1f 44 00 00 0f 1f 00  55 48 89 e5 …` lines, 16 bytes each. */
export function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let at = 0; at < hex.length / 2; at += 16) {
    const bytes: string[] = [];
    for (let i = at; i < Math.min(at + 16, hex.length / 2); i++) bytes.push(hex.slice(i * 2, i * 2 + 2));
    const left = bytes.slice(0, 8).join(' ');
    const right = bytes.slice(8).join(' ');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${left}${right ? `  ${right}` : ''}`);
  }
  return lines.join('\n');
}
