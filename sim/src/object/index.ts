// Public surface of the object reader: ELF bytes → ObjectSpec (what a loader sees before it touches the kernel).
export { readObjectSpec, type ReadObjectOptions } from './object-spec.ts';
export { OBJECT_STEPS } from './types.ts';
export type {
  ExternSpec, InnerMapSpec, LibbpfErrno, MapInitSlot, MapKind, MapSpec, ObjectError, ObjectSpec, ObjectStep, ObjectWarning,
  ProgramFuncInfo, ProgramLineInfo, ProgramSpec, RelocBase, RelocationSpec, SectionClass, SectionRole,
} from './types.ts';
export {
  DEFAULT_LIBBPF, LIBBPF_VERSIONS, NEWER_UAPI, SECTION_DEFS, SEC_FLAG, findSectionDef, hasSecFlag, secFlagsValue,
  sectionDefMatches, sectionDefsOf,
} from './section-defs.ts';
export type { AttachHandler, LibbpfVersion, SecAttachType, SecFlagName, SecProgType, SectionDef } from './section-defs.ts';
export { parseAttachTarget, type AttachTarget } from './attach-target.ts';
export { internalMapName, objectNameFromPath } from './maps.ts';
export { BPF_MAP_FLAG, BPF_PROG_FLAG, BPF_OBJ_NAME_LEN, LIBBPF_ERRNO, kernelObjectName, libbpfErrnoValue, mapFlagNames } from './uapi-flags.ts';
export { objectSpecToJson, insnSlotsHex, type Json } from './json.ts';
