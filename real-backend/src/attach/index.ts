// Attach: a loaded program fd + its ProgramSpec → a hook in the running kernel, and detach.
export { attachProgram, detach } from './attach-program.ts';
export { resolveAttachBtfId, type BtfAttachFlavor, type ResolvedBtfId } from './btf-id.ts';
export { attachKprobe, attachUprobe } from './probes.ts';
export { symbolFileOffset } from './elf-symbols.ts';
export { attachRawTp, attachTpBtf, isTrampoline, trampolineRefusal } from './tracing.ts';
export { DEFAULT_TIME_LIMIT_SEC, type AttachError, type AttachErrorKind, type AttachHandle, type AttachKind, type AttachOptions, type AttachSpec } from './types.ts';
