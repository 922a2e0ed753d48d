// Public surface of sim/. Everything here is pure TypeScript and runs in a worker, in Node and in tests.
export * from './result.ts';
export * from './lifecycle/stages.ts';
export * from './trace/schema.ts';
export * from './elf/index.ts';
export * from './btf/index.ts';
export * from './abi/index.ts';
export * from './isa/index.ts';
export * from './disasm/index.ts';
export * from './protocol/index.ts';
export * from './object/index.ts';
export * from './trace/index.ts';
export * from './asm/index.ts';
export * from './skel/index.ts';
export * from './content/schema.ts';
export * from './lifecycle/result.ts';
