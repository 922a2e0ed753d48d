// Public surface of the skeleton model: `bpftool gen skeleton X.o [name N]` (7.1.0) as text, byte for byte,
// and the map from each skeleton member and function to its ELF section, BTF type and lifecycle stages.
export { generateSkeleton, type Skeleton } from './generate.ts';
export { buildSkeletonModel, type SkelDatasec, type SkelError, type SkelMap, type SkeletonModel, type SkeletonOptions } from './model.ts';
export { renderSkeleton } from './render.ts';
export { describeSkeleton, SKEL_FUNCTIONS, type SkelBinding, type SkelBtfKind, type SkelDescription, type SkelFunctionInfo } from './describe.ts';
export { skeletonObjectName } from './ident.ts';
