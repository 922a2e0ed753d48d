// The shapes of content/examples/<slug>/meta.json and build/manifest.json (content/README.md).
export { ATTACH_KINDS } from '@bpflc/sim/content/schema';
export type { AttachKind, BuildManifest, ExampleMeta, ExampleProgram, StepOutput as ManifestOutput, StepRecord as ManifestStep } from '@bpflc/sim/content/schema';

/** The object files an example's build leaves: clang's output and bpftool's linked one. */
export type ObjectKind = 'tmp' | 'final';
