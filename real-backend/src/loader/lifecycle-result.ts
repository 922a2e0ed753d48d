// LifecycleResult (ARCHITECTURE.md "Data contracts"), schema 1, for a load by the agent: what `bpflc real
// --json` prints and what the server sends. Instruction slots are 16 hex digits of the 8 little-endian bytes,
// jited code one hex string. `insns` is what was sent to BPF_PROG_LOAD (relocated, subprograms appended).
// The types are the shared contract in sim/src/lifecycle/result.ts; this file builds one from a load.
import type { TraceEvent } from '@bpflc/sim/trace/schema';
import { insnSlotsHex, mapFlagNames } from '@bpflc/sim/object/index';
import type { LifecycleMap, LifecycleProgram, LifecycleResult } from '@bpflc/sim/lifecycle/result';
import type { LoadedObject, OpenFailure } from './types.ts';

export type { LifecycleMap, LifecycleProgram, LifecycleResult };

const hex = (b: Uint8Array | undefined): string => (b ? Buffer.from(b).toString('hex') : '');

export function toLifecycleResult(loaded: LoadedObject | OpenFailure, trace: readonly TraceEvent[], path?: string): LifecycleResult {
  const base = { schema: 1 as const, source: 'real' as const, loader: 'agent' as const, trace: [...trace] };
  if ('kind' in loaded) {
    return { ...base, kernel: '', object: { sha256: loaded.sha256, ...(path ? { path } : {}) }, openError: loaded.message, programs: [], maps: [] };
  }
  return {
    ...base,
    kernel: loaded.kernelRelease,
    object: { sha256: loaded.sha256, name: loaded.spec.objectName, ...(path ? { path } : {}) },
    ...(loaded.objectFailure ? { objectFailure: loaded.objectFailure } : {}),
    ...(loaded.btfError ? { btfError: loaded.btfError } : {}),
    programs: loaded.programs.map((p) => ({
      name: p.name, section: p.section, type: p.type, insns: insnSlotsHex(p.insns), verdict: p.verdict, loadedAs: p.loadedAs,
      ...(p.error !== undefined ? { error: p.error } : {}), ...(p.errno !== undefined ? { errno: p.errno } : {}),
      ...(p.reason !== undefined ? { reason: p.reason } : {}), ...(p.verifiedInsns !== undefined ? { verifiedInsns: p.verifiedInsns } : {}),
      log: p.log, logLevel: p.logLevel, xlated: p.xlated ? insnSlotsHex(p.xlated) : [], jited: hex(p.jited),
      ...(p.id !== undefined ? { id: p.id } : {}), ...(p.tag !== undefined ? { tag: p.tag } : {}), maps: p.maps, subprogs: p.subprogs,
    })),
    maps: loaded.maps.map((m) => ({
      name: m.name, kernelName: m.kernelName, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries,
      flags: m.flags, flagNames: mapFlagNames(m.flags), frozen: m.frozen, ...(m.error !== undefined ? { error: m.error } : {}),
    })),
  };
}
