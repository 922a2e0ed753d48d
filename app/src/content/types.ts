// The shapes of content/examples/<slug>/meta.json and build/manifest.json (content/README.md).
export const ATTACH_KINDS = [
  'tracepoint', 'kprobe', 'kretprobe', 'raw_tp', 'tp_btf', 'fentry', 'fexit', 'uprobe', 'xdp', 'tc', 'socket', 'none',
] as const;
export type AttachKind = (typeof ATTACH_KINDS)[number];

export interface ExampleProgram {
  name: string;
  section: string;
  attach: { kind: AttachKind; target?: string };
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
  rejectionReason?: string;
  loader: string | null;
}

export interface ManifestOutput {
  path: string;
  sha256: string;
  size: number;
  /** false for outputs left in content/.cache (vmlinux.h, the loader binary). */
  committed?: boolean;
}

export interface ManifestStep {
  id: string;
  stage: string;
  tool: string;
  argv: string[];
  cwd: string;
  durationMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: ManifestOutput[];
}

export interface BuildManifest {
  schema: number;
  slug: string;
  host: { kernel: string; arch: string; distro: string };
  tools: Record<string, string>;
  inputs: Record<string, string>;
  steps: ManifestStep[];
}

/** The object files an example's build leaves: clang's output and bpftool's linked one. */
export type ObjectKind = 'tmp' | 'final';
