// The shape of build/manifest.json (content/README.md) and of tests/programs/build/c-manifest.json.
// Every path is relative (to the repository root, or to `cwd` for argv and outputs) so that a manifest
// is the same whichever folder the repository was cloned into.
import type { StepRecord } from '../../real-backend/src/toolchain/step-record.ts';

// One step shape for the manifests and the agent's builds.
export type { StepOutput, StepRecord } from '../../real-backend/src/toolchain/step-record.ts';

export const MANIFEST_SCHEMA = 1;

export interface HostInfo {
  kernel: string;
  arch: string;
  distro: string;
}

export interface ExampleManifest {
  schema: typeof MANIFEST_SCHEMA;
  slug: string;
  generatedBy: string;
  host: HostInfo;
  tools: Record<string, string>;
  /** File name → sha256 of every input the build read (sources, local headers, vmlinux.h). */
  inputs: Record<string, string>;
  steps: StepRecord[];
}

export interface TestProgramEntry {
  name: string;
  /** Relative to tests/programs. */
  source: string;
  /** Path (relative to tests/programs) → sha256: the source and every header in c/. */
  inputs: Record<string, string>;
  /** Extra clang flags read from the source's `// cflags:` line. */
  cflags: string[];
  step: StepRecord;
}

export interface TestProgramsManifest {
  schema: typeof MANIFEST_SCHEMA;
  generatedBy: string;
  host: HostInfo;
  tools: Record<string, string>;
  programs: TestProgramEntry[];
}
