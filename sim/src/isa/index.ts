// Public surface of the instruction set: opcode table, decoder, and the two printers.
export * from './opcode.ts';
export * from './insn.ts';
export { decode, classify, readFields, LD_IMM64_CODE } from './decode.ts';
export { llvmDecode, llvmEmit, llvmInsnText } from './print-llvm.ts';
export type { LlvmDecoded, TextSink } from './print-llvm.ts';
export { kernelInsnText, helperName, kernelClassName } from './print-kernel.ts';
export type { KernelInsn, KernelPrintOptions, KernelSymbolizer } from './print-kernel.ts';
export { bpftoolXlatedSymbolizer } from './symbolizers.ts';
