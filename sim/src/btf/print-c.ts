// `bpftool btf dump file X format c`, byte for byte as bpftool 7.1.0 (Linux 6.1.y) prints it: the
// `__VMLINUX_H__` guard and the preserve_access_index pragma around libbpf's BTF-to-C dump of every type
// from id 1 on (c-dump/). A malformed-for-C graph (an anonymous struct reached through a loop) is an error
// value, as bpftool fails there; libbpf's warnings are returned alongside the text.
// e.g. "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n..."

import { emitType } from './c-dump/emit.ts';
import { guessPointerSize } from './c-dump/layout.ts';
import { markReferenced, orderType } from './c-dump/order.ts';
import { createState } from './c-dump/state.ts';
import type { Btf, BtfError } from './types.ts';
import { err, ok, type Result } from '../result.ts';

const utf8 = new TextDecoder('utf-8');

export interface CDumpOptions {
  /** 8 for an ELF64 object (bpftool takes it from the ELF class); omitted: guessed from `long`, else 8. */
  pointerSize?: number;
}

export interface CDump {
  text: string;
  /** What libbpf would print to stderr (e.g. "unexpected type in decl chain"). */
  warnings: string[];
}

const HEAD = '#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n' +
  '#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n#endif\n\n';
const TAIL = '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n#endif /* __VMLINUX_H__ */\n';

/** The C header as bytes (what the CLI writes), with libbpf's warnings. */
export function formatBtfCBytes(btf: Btf, opts: CDumpOptions = {}): Result<{ bytes: Uint8Array; warnings: string[] }, BtfError> {
  const ptrSz = opts.pointerSize ?? guessPointerSize(btf) ?? 8;
  const s = createState(btf, ptrSz);
  s.out.ascii(HEAD);
  try {
    markReferenced(s);
    for (let id = 1; id < btf.types.length; id++) {
      s.emitQueue.length = 0;
      const e = orderType(s, id, false);
      if (e < 0) {
        return err({ kind: 'btf-error', offset: btf.types[id]!.offset, message: `Cannot order type [${id}] for C: ${s.warnings[s.warnings.length - 1] ?? 'invalid type'} (bpftool fails the same way).` });
      }
      for (const q of s.emitQueue) emitType(s, q, 0);
      if (s.abort) return err({ kind: 'btf-error', offset: btf.types[id]!.offset, message: `Cannot print type [${id}] as C: ${s.abort}.` });
    }
  } catch (e) {
    // A stack overflow lands here (a pathologically deep chain of types); anything else would be a bug in
    // the printer. Either way the caller gets a value, as for every other bad input.
    if (e instanceof RangeError) return err({ kind: 'btf-error', offset: 0, message: `Type graph too deeply nested to print as C (${e.message}).` });
    return err({ kind: 'btf-error', offset: 0, message: `Internal error in the C printer (please report it with the file): ${e instanceof Error ? e.message : String(e)}` });
  }
  s.out.ascii(TAIL);
  return ok({ bytes: s.out.bytes(), warnings: s.warnings });
}

export function formatBtfC(btf: Btf, opts: CDumpOptions = {}): Result<CDump, BtfError> {
  const r = formatBtfCBytes(btf, opts);
  return r.ok ? ok({ text: utf8.decode(r.value.bytes), warnings: r.value.warnings }) : r;
}
