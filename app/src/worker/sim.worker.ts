// The sim's web worker: a thin comlink shell. All the work is sim/ code (pure TypeScript); this file only
// exposes it. Keep logic out of here (it belongs in sim/ or in worker/analyze.ts).
import { expose, transfer } from 'comlink';
import { analyzeObject } from './analyze.ts';
import { analyzeInternals, type InternalsReply } from './internals.ts';
import { indexBuffers, openBtfFile, type BtfFileReply } from './btf-file.ts';
import { skeletonOf } from './skeleton.ts';

const api = {
  /** Reads an object's bytes: ELF, file line, disassembly; an ElfError value when the bytes are malformed. */
  analyzeObject,
  /** ObjectSpec, BTF and the hex range index for the internals tabs; the big arrays are transferred back. */
  analyzeInternals(buffer: ArrayBuffer, name: string): InternalsReply {
    const r = analyzeInternals(buffer, name);
    if (r.kind !== 'ok') return r;
    const h = r.value.hex;
    return transfer(r, [r.value.bytes.buffer as ArrayBuffer, h.owner.buffer, h.start.buffer, h.end.buffer, h.parent.buffer, h.group.buffer]);
  },
  /** sim's skeleton header of the object and its description (bindings, functions → stages). */
  skeletonOf,
  /** A BTF file (vmlinux, or any raw BTF / object) indexed for the type browser; its arrays transferred back. */
  openBtfFile(buffer: ArrayBuffer, name: string): BtfFileReply {
    const r = openBtfFile(buffer, name);
    return r.kind === 'ok' ? transfer(r, indexBuffers(r.value.index)) : r;
  },
};

export type SimWorkerApi = typeof api;

expose(api);
