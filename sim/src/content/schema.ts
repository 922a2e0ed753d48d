// The data contract of content/ (content/README.md): an example's meta.json and the record of each toolchain
// command in build/manifest.json. One definition, read by the app, written by scripts/build-content and the agent's
// toolchain (a committed example's build and a live build of edited source look the same), checked by tests.
import type { StageId } from '../lifecycle/stages.ts';

export const ATTACH_KINDS = [
  'tracepoint', 'kprobe', 'kretprobe', 'raw_tp', 'tp_btf', 'fentry', 'fexit', 'uprobe', 'xdp', 'tc', 'socket', 'none',
] as const;
export type AttachKind = (typeof ATTACH_KINDS)[number];

export interface ExampleProgram {
  name: string;
  section: string;
  attach: { kind: AttachKind; target: string };
}

export interface ExampleMeta {
  slug: string;
  name: string;
  title: string;
  order: number;
  summary: string;
  teaches: string[];
  programs: ExampleProgram[];
  expectedVerdict: 'accepted' | 'rejected';
  /** When rejected: the kernel's reason, in one line. */
  rejectionReason?: string;
  loader: string | null;
}

export interface StepOutput {
  /** Relative to the step's cwd. */
  path: string;
  sha256: string;
  size: number;
  /** True for files kept in git (build/…); false for cache files (vmlinux.h, the loader binary). */
  committed: boolean;
}

/** One toolchain command that ran. */
export interface StepRecord {
  id: string;
  stage: StageId;
  tool: string;
  /** As the command line reads: argv[0] is the tool's bare name, every path relative to `cwd`. */
  argv: string[];
  /** Relative to the build root (the repository for content, the temp folder for the agent); "." for the root. */
  cwd: string;
  durationMs: number;
  /** The exit status; 128 + signal number when a signal ended the process (as a shell reports it). */
  exitCode: number;
  /** Captured text, or "→ <file>" when stdout was the product and went to a file. */
  stdout: string;
  stderr: string;
  outputs: StepOutput[];
  /** Only when a signal ended the process, e.g. "SIGKILL". */
  signal?: string;
  /** Only when the step ran past its time limit and its process group was killed. */
  timedOut?: true;
  /** Only when captured text was cut at the size cap. */
  truncated?: ('stdout' | 'stderr')[];
}

/** content/examples/<slug>/build/manifest.json */
export interface BuildManifest {
  schema: number;
  slug: string;
  host: { kernel: string; arch: string; distro: string };
  tools: Record<string, string>;
  inputs: Record<string, string>;
  steps: StepRecord[];
}
