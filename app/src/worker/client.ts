// The typed client of the sim worker. One worker for the page, created on first use; calls return promises.
import { wrap, transfer, type Remote } from 'comlink';
import type { SimWorkerApi } from './sim.worker.ts';
import type { AnalyzeReply } from './analyze.ts';
import type { InternalsReply } from './internals.ts';
import type { SkeletonReply } from './skeleton.ts';
import type { BtfFileReply } from './btf-file.ts';

let remote: Remote<SimWorkerApi> | null = null;

function sim(): Remote<SimWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'bpflc-sim' });
    remote = wrap<SimWorkerApi>(worker);
  }
  return remote;
}

/** Sends the bytes to the worker (transferred, not copied) and returns its analysis. */
export function analyzeObject(bytes: ArrayBuffer, name: string): Promise<AnalyzeReply> {
  return sim().analyzeObject(transfer(bytes, [bytes]), name);
}

/** The internals (ObjectSpec, BTF, hex range index) of an object's bytes, for the Programs/BTF/Hex tabs. */
export function analyzeInternals(bytes: ArrayBuffer, name: string): Promise<InternalsReply> {
  return sim().analyzeInternals(transfer(bytes, [bytes]), name);
}

/** sim's `bpftool gen skeleton` of an object (header text + description); `name` is bpftool's `name N`. */
export function skeletonOf(bytes: ArrayBuffer, name: string, path: string): Promise<SkeletonReply> {
  return sim().skeletonOf(transfer(bytes, [bytes]), name, path);
}

/** A BTF file indexed in the worker for the type browser (the bytes are transferred there and back). */
export function openBtfFile(bytes: ArrayBuffer, name: string): Promise<BtfFileReply> {
  return sim().openBtfFile(transfer(bytes, [bytes]), name);
}
