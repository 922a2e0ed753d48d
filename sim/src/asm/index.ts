// Public surface of the assembler: LLVM-syntax BPF assembly → a relocatable ELF object (see README.md).
export { assemble } from './assemble.ts';
export type { Assembled, AssembledSection, AsmOptions } from './assemble.ts';
export type { AsmDiagnostic } from './program.ts';
export { encodeInsn, insnBytes, writeSlot } from './encode.ts';
export type { EncodedInsn, Operands as InsnOperands } from './encode.ts';
export { parseInsn as parseAsmInsn } from './parse-insn.ts';
export type { ParsedInsn as ParsedAsmInsn, Fixup as AsmFixup } from './parse-insn.ts';
export { lex as lexAsm } from './lexer.ts';
export { writeElf as writeRelocatableElf } from './elf-write.ts';
export type { OutObject, OutReloc, OutSection, OutSymbol } from './elf-write.ts';
export { mapsBtf } from './btf-maps.ts';
export type { MapDef as AsmMapDef } from './btf-maps.ts';
