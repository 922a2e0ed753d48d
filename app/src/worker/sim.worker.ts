// The sim's web worker: a thin comlink shell. All the work is sim/ code (pure TypeScript); this file only
// exposes it. Keep logic out of here (it belongs in sim/ or in worker/analyze.ts).
import { expose } from 'comlink';
import { analyzeObject } from './analyze.ts';

const api = {
  /** Reads an object's bytes: ELF, file line, disassembly; an ElfError value when the bytes are malformed. */
  analyzeObject,
};

export type SimWorkerApi = typeof api;

expose(api);
