// Short texts for ObjectSpec values: an attach target, a relocation's meaning, initial bytes.
import type { AttachTarget, RelocationSpec } from '@bpflc/sim';

/** e.g. { kind: 'tracepoint', category: 'syscalls', name: 'sys_enter_write' } → "tracepoint syscalls/sys_enter_write". */
export function attachText(a: AttachTarget): string {
  switch (a.kind) {
    case 'tracepoint':
      return `tracepoint ${a.category}/${a.name}`;
    case 'kprobe':
      return `${a.retprobe ? 'kretprobe' : 'kprobe'} ${a.function}${a.offset ? `+0x${a.offset.toString(16)}` : ''}`;
    case 'manual':
    case 'invalid':
      return `${a.kind}: ${a.reason}`;
    default: {
      const { kind, ...rest } = a;
      const parts = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`);
      return `${kind} ${parts.join(' ')}`;
    }
  }
}

/** What the loader does for one recorded relocation. */
export function relocText(r: RelocationSpec): string {
  switch (r.kind) {
    case 'map':
      return `ld_imm64 ← fd of map ${r.map}`;
    case 'map-value':
      return `ld_imm64 ← address of ${r.map} + ${r.valueOffset}`;
    case 'subprog-call':
      return `call → ${r.target ?? '?'} (slot ${r.targetSlot})`;
    case 'subprog-addr':
      return `ld_imm64 ← address of ${r.target ?? '?'} (slot ${r.targetSlot})`;
    case 'extern-kconfig':
      return `ld_imm64 ← ${r.map} + ${r.valueOffset} (kconfig ${r.extern})`;
    case 'extern-ksym':
      return `${r.isFunc ? 'kfunc call' : 'ksym address'} ← ${r.extern}`;
    case 'core':
      return `${r.relo.kind} ${r.relo.access.path} (access "${r.relo.accessStr}")`;
  }
}

/** First bytes as hex pairs, "…" when longer. */
export function bytesPreview(b: Uint8Array, max = 24): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(b.length, max); i++) parts.push(b[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (b.length > max ? ' …' : '');
}

/** Printable ASCII of the bytes ('.' for the rest), as a hex dump's right column. */
export function asciiPreview(b: Uint8Array, max = 24): string {
  let s = '';
  for (let i = 0; i < Math.min(b.length, max); i++) s += b[i]! >= 0x20 && b[i]! < 0x7f ? String.fromCharCode(b[i]!) : '.';
  return s;
}
