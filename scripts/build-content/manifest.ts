// The shape of build/manifest.json (content/README.md) and of tests/programs/build/c-manifest.json.
// Every path is relative (to the repository root, or to `cwd` for argv and outputs) so that a manifest
// is the same whichever folder the repository was cloned into.
import type { StageId } from '../../sim/src/lifecycle/stages.ts';

export const MANIFEST_SCHEMA = 1;

export interface HostInfo {
  kernel: string;
  arch: string;
  distro: string;
}

export interface StepOutput {
  /** Relative to the step's cwd. */
  path: string;
  sha256: string;
  size: number;
  /** True for files kept in git (build/…); false for cache files (vmlinux.h, the loader binary). */
  committed: boolean;
}

export interface StepRecord {
  id: string;
  stage: StageId;
  tool: string;
  argv: string[];
  /** Relative to the repository root; "." for the root itself. */
  cwd: string;
  durationMs: number;
  exitCode: number;
  /** Captured text, or "→ <file>" when stdout was the product and went to a file. */
  stdout: string;
  stderr: string;
  outputs: StepOutput[];
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
