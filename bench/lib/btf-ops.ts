// The in-process operations bench/btf.ts times, by name, shared by the warm loop (bench process) and the
// cold child (btf-cold-call.ts, a fresh node). Each throws when the input does not decode: a benchmark over
// bytes that fail would time the error path.
import { decodeBtf, formatBtfRawBytes, indexBtf, readBtfSource, readElf } from '@bpflc/sim';

interface Outcome { ok: boolean; error?: { message: string } }
const must = (what: string, r: Outcome): void => {
  if (!r.ok) throw new Error(`${what} failed: ${r.error?.message}`);
};

export const OPS = {
  /** One walk over the records with libbpf's checks (what `--format raw` and the type browser need). */
  indexBtf: (b: Uint8Array) => must('indexBtf', indexBtf(b)),
  /** indexBtf + formatBtfRawBytes: all of `bpflc btf --format raw` but reading the file and writing stdout. */
  rawDump: (b: Uint8Array) => {
    const r = indexBtf(b);
    must('indexBtf', r);
    if (r.ok && formatBtfRawBytes(r.value).length === 0) throw new Error('empty raw dump');
  },
  /** The whole type graph plus the kernel's loop checks. */
  decodeBtf: (b: Uint8Array) => must('decodeBtf', decodeBtf(b)),
  /** ELF header, sections, symbols, relocations (what `bpflc inspect` reads). */
  readElf: (b: Uint8Array) => must('readElf', readElf(b)),
  /** ELF + .BTF + .BTF.ext, as `bpflc btf <obj>` reads an object. */
  readBtfSource: (b: Uint8Array) => must('readBtfSource', readBtfSource(b)),
} as const;

export type OpName = keyof typeof OPS;
export const isOpName = (s: string | undefined): s is OpName => s !== undefined && Object.hasOwn(OPS, s);
