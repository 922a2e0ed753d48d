// Public surface of object-level disassembly: llvm-objdump -d text, and per-instruction records.
export { llvmObjdump, llvmObjdumpBytes } from './llvm-objdump.ts';
export type { DisasmError, LlvmObjdumpOptions } from './llvm-objdump.ts';
export { btfSourceLines, rowAt } from './btf-lines.ts';
export type { NoSourceLines, SourceLineTable, SourceRow } from './btf-lines.ts';
export { disassembleObject, kernelListing, objectSymbolizer } from './object.ts';
export type { DisasmInsn, DisasmSection } from './object.ts';
export { sectionSymbols, isDisassembledSection, symbolAtOrBefore } from './section-symbols.ts';
export type { SectionSymbol } from './section-symbols.ts';
