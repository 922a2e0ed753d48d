// The kernel door: every syscall the agent makes goes through these functions. Each records a TraceEvent
// (source "real") in its KernelSession and returns expected failures as values.
export { KernelSession, type FdInfo, type FdKind } from './session.ts';
export { syscall, sysGetpid, addressOf, type SyscallOutcome, type SyscallArg } from './syscall.ts';
export { bpf, done, type BpfOutcome, type CallOptions } from './bpf.ts';
export { mapCreate, mapLookupElem, mapUpdateElem, mapDeleteElem, mapGetNextKey, mapFreeze, type MapCreateInput } from './bpf-map.ts';
export { progLoad, btfLoad, type ProgLoadInput, type ProgLoaded, type ProgRejected, type BtfLoaded, type BtfRejected, type LoadLog } from './bpf-load.ts';
export { objGetInfoByFd, progInfo, mapInfo, btfInfo, linkInfo, type ProgInfo, type MapInfo, type BtfInfo, type LinkInfo } from './bpf-info.ts';
export { linkCreate, rawTracepointOpen, getFdById, type LinkCreateInput } from './bpf-link.ts';
export { perfEventOpen, perfIoctl, type PerfEventOpenArgs, type PerfEventAttrInput } from './perf.ts';
export { close, closeAll } from './fd.ts';
export { attachTracepointLink, attachTracepointLegacy, detachTracepoint, type TracepointAttach } from './attach-tracepoint.ts';
export { tracepointId, kprobePmuType, tracefsRoot } from './tracefs.ts';
export { ensureMounted, findMount, readMounts, type PseudoFs } from './mounts.ts';
export { errnoName, explainErrno, type KernelError } from './errors.ts';
export { probe, kernelConfig, type MachineProbe, type ProbeItem } from './probe.ts';
export { hasCap, effectiveCaps, CAP } from './caps.ts';
export { DEFAULT_LOG_SIZE, DEFAULT_MAX_LOG_SIZE, type LogOptions } from './log-buffer.ts';
export { BPF_ATTR_LAYOUTS } from './bpf-attr.ts';
