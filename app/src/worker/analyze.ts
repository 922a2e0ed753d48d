// What the worker does with an object's bytes: sim's readElf, the `file` line and the disassembly, packed into
// plain structured-cloneable data for the main thread. An ElfError is a value in the reply, never a throw.
import {
  describeFile,
  disassembleObject,
  readBtfFromElf,
  readElf,
  sectionData,
  summarizeElf,
  type DisasmInsn,
  type DisasmSection,
  type ElfError,
  type ElfHeader,
  type ElfRelocationSection,
  type ElfSection,
  type ElfSummary,
  type ElfSymbol,
} from '@bpflc/sim';

/** A disassembled instruction without its byte view (the hex string carries the bytes; no buffer to clone). */
export type BytecodeInsn = Omit<DisasmInsn, 'bytes'>;
export type BytecodeSection = Omit<DisasmSection, 'insns'> & { insns: BytecodeInsn[] };

export interface ObjectAnalysis {
  /** File name shown to the learner ("minimal.bpf.o"). */
  name: string;
  size: number;
  /** What `file -b` prints for these bytes, e.g. "ELF 64-bit LSB relocatable, eBPF, version 1 (SYSV), …". */
  fileLine: string;
  header: ElfHeader;
  sections: readonly ElfSection[];
  symbols: readonly ElfSymbol[];
  relocationSections: readonly ElfRelocationSection[];
  /** FNV-1a of each section's file bytes, by section index (0 for SHT_NOBITS): tells "same bytes" from "same size". */
  sectionHashes: readonly number[];
  /** Programs, global data, license (sim's summarizeElf). */
  summary: ElfSummary;
  /** Every code section, instruction by instruction (sim's disassembleObject), or why it could not be decoded. */
  code: { kind: 'ok'; sections: BytecodeSection[] } | { kind: 'error'; message: string };
  /** .BTF.ext line_info per code section (instruction slot → source line), [] without BTF. */
  lineInfo: SectionLines[];
  /** Time the worker spent reading and disassembling, in ms. */
  workMs: number;
}

/** One line_info record: the C line that produced the instructions from `slot` on. */
export interface SourceLine {
  slot: number;
  /** Base name of the source file ("minimal.bpf.c"). */
  file: string;
  lineNum: number;
  col: number;
  text: string;
}

export interface SectionLines {
  section: string;
  lines: SourceLine[];
}

function sourceLines(elf: Parameters<typeof readBtfFromElf>[0]): SectionLines[] {
  const src = readBtfFromElf(elf);
  if (!src.ok || !src.value.ext) return [];
  return src.value.ext.lineInfo.map((blk) => ({
    section: blk.secName,
    lines: blk.records.map((r) => ({ slot: r.insnIdx, file: r.fileName.split('/').pop() ?? r.fileName, lineNum: r.lineNum, col: r.col, text: r.line })),
  }));
}

export type AnalyzeReply =
  | { kind: 'ok'; value: ObjectAnalysis }
  /** The bytes are not an object sim can read: the ElfError, and what `file` would still say about them. */
  | { kind: 'elf-error'; error: ElfError; fileLine: string };

export function analyzeObject(buffer: ArrayBuffer, name: string): AnalyzeReply {
  const t0 = performance.now();
  const bytes = new Uint8Array(buffer);
  const read = readElf(bytes);
  if (!read.ok) return { kind: 'elf-error', error: read.error, fileLine: describeFile(bytes) };
  const elf = read.value;
  const dis = disassembleObject(elf);
  const code: ObjectAnalysis['code'] = dis.ok
    ? { kind: 'ok', sections: dis.value.map((sec) => ({ ...sec, insns: sec.insns.map(({ bytes: _bytes, ...rest }) => rest) })) }
    : { kind: 'error', message: dis.error.message };
  return {
    kind: 'ok',
    value: {
      name,
      size: bytes.length,
      fileLine: describeFile(elf),
      header: elf.header,
      sections: elf.sections,
      symbols: elf.symbols,
      relocationSections: elf.relocationSections,
      sectionHashes: elf.sections.map((sec) => fnv1a(sectionData(elf, sec))),
      summary: summarizeElf(elf),
      code,
      lineInfo: sourceLines(elf),
      workMs: performance.now() - t0,
    },
  };
}

/** 32-bit FNV-1a: a cheap fingerprint to compare a section across two objects (not a security hash). */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}
