// Shared state of one BTF-to-C dump, after libbpf's struct btf_dump (src/btf_dump.c, libbpf 1.1 as built
// into bpftool 7.1.0 from Linux 6.1): per-type ordering/emission flags, the two name-deduplication maps
// (struct/union/enum tags vs typedefs and enumerators share C namespaces differently) and the output.
// Left out: the typed-data dumper (btf_dump__dump_type_data) and the strip_mods/skip_anon_defs options
// it uses.

import { ByteWriter } from '../byte-writer.ts';
import type { Btf, BtfType } from '../types.ts';

export const NOT_ORDERED = 0;
export const ORDERING = 1;
export const ORDERED = 2;
export const NOT_EMITTED = 0;
export const EMITTING = 1;
export const EMITTED = 2;

export interface DumpState {
  btf: Btf;
  types: BtfType[];
  /** Pointer size in bytes: from the ELF class, else libbpf's "is there an 8-byte long" guess, else 8. */
  ptrSz: number;
  out: ByteWriter;
  /** alignOf() results (align + 1; 0 = not yet computed). */
  alignCache: Int32Array;
  warnings: string[];
  orderState: Uint8Array;
  emitState: Uint8Array;
  fwdEmitted: Uint8Array;
  nameResolved: Uint8Array;
  referenced: Uint8Array;
  cachedNames: (string | undefined)[];
  /** struct/union/enum tag names → occurrences. */
  typeNames: Map<string, number>;
  /** typedef names and enumerator names → occurrences. */
  identNames: Map<string, number>;
  emitQueue: number[];
  /** Set when the dump must stop: it outgrew its budget (see overBudget). */
  abort: string | undefined;
  steps: number;
  maxSteps: number;
  maxOut: number;
}

export function createState(btf: Btf, ptrSz: number): DumpState {
  const n = btf.types.length;
  const s: DumpState = {
    btf, types: btf.types, ptrSz, out: new ByteWriter(1 << 16), alignCache: new Int32Array(n), warnings: [],
    orderState: new Uint8Array(n), emitState: new Uint8Array(n), fwdEmitted: new Uint8Array(n),
    nameResolved: new Uint8Array(n), referenced: new Uint8Array(n),
    cachedNames: new Array(n), typeNames: new Map(), identNames: new Map(), emitQueue: [], abort: undefined,
    steps: 0, maxSteps: 64 * n + 10_000,
    maxOut: Math.max(256 << 10, 16 * (btf.header.hdrLen + btf.header.typeLen + btf.header.strLen)),
  };
  // VOID is special: always ordered and emitted.
  s.orderState[0] = ORDERED;
  s.emitState[0] = EMITTED;
  return s;
}

/** A newline and libbpf's pfx(): one tab per level, at most 13. */
export function newline(s: DumpState, lvl: number): void {
  s.out.byte(10);
  s.out.tabs(Math.min(Math.max(lvl, 0), 13));
}

/** Counts one more use of `name` in `map` and returns the new count (btf_dump_name_dups). */
export function nameDups(map: Map<string, number>, name: string): number {
  const n = (map.get(name) ?? 0) + 1;
  map.set(name, n);
  return n;
}

/**
 * The C name of a type, made unique with a `___N` suffix the second time a name is seen
 * (btf_dump_resolve_name). e.g. a second `struct sock` becomes `struct sock___2`.
 */
function resolveName(s: DumpState, id: number, map: Map<string, number>): string {
  const t = s.types[id]!;
  if (t.nameOff === 0) return '';
  if (s.nameResolved[id]) return s.cachedNames[id] ?? t.name;
  if (t.kind === 'BTF_KIND_FWD' || (t.kind === 'BTF_KIND_ENUM' && t.values.length === 0)) {
    s.nameResolved[id] = 1;
    return t.name;
  }
  const dup = nameDups(map, t.name);
  // snprintf into a 256-byte buffer: names are cut at 255 bytes.
  if (dup > 1) s.cachedNames[id] = `${t.name}___${dup}`.slice(0, 255);
  s.nameResolved[id] = 1;
  return s.cachedNames[id] ?? t.name;
}

export const typeName = (s: DumpState, id: number): string => resolveName(s, id, s.typeNames);
export const identName = (s: DumpState, id: number): string => resolveName(s, id, s.identNames);

/**
 * Real BTF needs about one emit step per type and prints less C than it has bytes (vmlinux: 5.5 MB of BTF,
 * 4.5 MB of C). Corrupt BTF can ask for far more: a member offset megabytes past the previous one (one
 * `long: 64;` line per 8 bytes of gap), or a chain of anonymous structs each used twice (exponential inline
 * expansion); libbpf would print forever. The dump stops when it passes 64 steps per type or 16 bytes of
 * output per byte of BTF (at least 256 KiB; real objects and vmlinux stay near 1 byte per byte).
 */
export function overBudget(s: DumpState): boolean {
  if (s.abort) return true;
  if (++s.steps > s.maxSteps) s.abort = `over ${s.maxSteps} emit steps for ${s.types.length - 1} types (an exponential anonymous-type expansion?)`;
  return outputTooBig(s);
}

/** The output half of overBudget (checked once per padding line). */
export function outputTooBig(s: DumpState): boolean {
  if (s.abort) return true;
  if (s.out.len > s.maxOut) s.abort = `output passed ${s.maxOut} bytes (a huge padding gap from a corrupt member offset?)`;
  return s.abort !== undefined;
}

export function warn(s: DumpState, msg: string): void {
  if (s.warnings.length < 100) s.warnings.push(msg);
}
