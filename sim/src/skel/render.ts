// A SkeletonModel → the header text `bpftool gen skeleton` 7.1.0 prints (do_skeleton, non-loader mode):
// struct with maps/progs/links/datasec members, lifecycle functions, __create_skeleton tables, the object
// as an escaped string literal in __elf_bytes, C++ wrappers, and __assert when the object has BTF.
// e.g. renderSkeleton(model) → "/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */\n\n/* THIS FILE..."

import { datasecStructText } from './datasec.ts';
import { escapeElfBytes } from './elf-bytes.ts';
import type { SkeletonModel } from './model.ts';
import * as T from './templates.ts';

export function renderSkeleton(m: SkeletonModel): string {
  const n = m.name;
  const out: string[] = [T.prologue(n)];
  if (m.maps.length) out.push(T.pointerGroup('bpf_map', 'maps', m.maps.map((x) => x.ident)));
  if (m.progs.length) {
    out.push(T.pointerGroup('bpf_program', 'progs', m.progs.map((p) => p.name)));
    out.push(T.pointerGroup('bpf_link', 'links', m.progs.map((p) => p.name)));
  }
  for (const d of m.datasecs) out.push(datasecStructText(n, d.ident, d.lines));
  out.push(T.lifecycleFunctions(n));
  if (m.maps.length) {
    out.push(T.tableHead('maps', m.maps.length));
    m.maps.forEach((x, i) => out.push(T.mapEntry(i, x.spec.name, x.ident, x.mmaped)));
  }
  if (m.progs.length) {
    out.push(T.tableHead('programs', m.progs.length));
    m.progs.forEach((p, i) => out.push(T.progEntry(i, p.name)));
  }
  out.push(T.elfBytesHead(n, m.bytes.length), escapeElfBytes(m.bytes), T.elfBytesTail(n));
  if (m.btf) out.push(T.assertBlock(n, m.datasecs.flatMap((d) => d.asserts.map((a) => T.staticAssert(d.ident, a.ident, a.size)))));
  out.push(T.epilogue(n));
  return out.join('');
}
