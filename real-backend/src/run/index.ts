// Run: what an attached program produces, read back from user space.
export { TracePipeReader, parseTraceLine, removeStaleInstances, type TraceLine, type TracePipeOptions } from './trace-pipe.ts';
export { dumpMap, possibleCpus, type MapDump, type MapEntry, type DumpOptions } from './map-dump.ts';
export { decodeBtfValue, btfSizeOf, type BtfJson } from '@bpflc/sim/btf/index';
export { RingBufferReader, type RingRecord } from './ring-buffer.ts';
export { pageSize } from './mmap.ts';
export { PerfBufferReader, onlineCpus, type PerfRecord } from './perf-buffer.ts';
