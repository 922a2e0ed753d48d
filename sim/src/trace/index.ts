// The trace tools of sim/ (schema.ts, exported from the package root, is the shape they work on): strace text in
// and out, stages and feature probes, normalization to stable symbols, and alignment of two traces.
export { parseStrace, parseStraceLine } from './strace-parse.ts';
export type { StraceIssue, StraceMetaLine, StraceOrigin, StraceParse, StraceParseOptions } from './strace-parse.ts';
export { printStrace, printStraceLine, printStruct, printValue, STRACE_COLUMN } from './strace-print.ts';
export type { PrintOptions } from './strace-print.ts';
export { decodeCString, encodeCString, TRUNCATED as STRACE_TRUNCATED } from './strace-string.ts';
export { classifyEvents, withStages, FEATURE_PROBE_NOTE, RETRY_NOTE } from './classify.ts';
export type { Classified } from './classify.ts';
export { buildFdTable, byProcess, createdKind, fdRefs, FD_OBJECT_KINDS } from './fd-objects.ts';
export type { FdObject, FdObjectKind, FdRef, FdTable } from './fd-objects.ts';
export { fdSymbols, normalizeTrace, POINTER_SYMBOL, UNKNOWN_FD_SYMBOL } from './normalize.ts';
export type { NormalizedEvent, NormalizedSyscall, NormalizeOptions } from './normalize.ts';
export { alignEvents, alignTraces, diffEvents, eventKey, reasonFor } from './align.ts';
export type { AlignOptions, AlignRow, AlignTracesOptions, Alignment, ArgDiff } from './align.ts';
export { errnoText } from './errno-text.gen.ts';
