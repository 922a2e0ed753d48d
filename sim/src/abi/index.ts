// Kernel ABI numbers, generated from the installed UAPI headers by scripts/gen-abi.ts (see each file's first line).
export * from './uapi.gen.ts';
export * from './perf.gen.ts';
export * from './errno.gen.ts';
