// The agent's own loader over ObjectSpec, through the kernel door (ARCHITECTURE.md "The agent": Load).
export { loadObject } from './load-object.ts';
export { unload } from './unload.ts';
export { toLifecycleResult, type LifecycleResult, type LifecycleProgram, type LifecycleMap } from './lifecycle-result.ts';
export { LOADED_AS } from './types.ts';
export type {
  LoadedAs, LoadedObject, LoaderOptions, MapOutcome, ObjectFailure, OpenFailure, PendingCall, ProgramOutcome, SubprogPlacement, SyscallGate, Verdict,
} from './types.ts';
export { verifierReason, processedInsns } from './verifier-log.ts';
export { kernelBtf, essentialName, essentialNameLength, findKernelType, VMLINUX_BTF_PATH, type KernelBtf } from './vmlinux-btf.ts';
export { kernelBtfBlob, type KernelBtfBlob } from './kernel-btf-blob.ts';
export { POISON_HELPER_ID } from './core-patch.ts';
export { kernelVersionCode } from './externs.ts';
