// Public surface of object-level disassembly: llvm-objdump -d text, and per-instruction records.
export { llvmObjdump, llvmObjdumpBytes } from './llvm-objdump.ts';
export type { DisasmError } from './llvm-objdump.ts';
export { disassembleObject, kernelListing, objectSymbolizer } from './object.ts';
export type { DisasmInsn, DisasmSection } from './object.ts';
export { sectionSymbols, isDisassembledSection, symbolAtOrBefore } from './section-symbols.ts';
export type { SectionSymbol } from './section-symbols.ts';
