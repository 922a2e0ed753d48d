// What the worker returns for the Skeleton pane: sim's `bpftool gen skeleton` of the object's bytes (the header
// text) and its description (which section / BTF type becomes which member, which function drives which stages).
import { generateSkeleton, type SkelDescription } from '@bpflc/sim';

export type SkeletonReply =
  | { kind: 'ok'; value: { name: string; text: string; description: SkelDescription; warnings: string[] } }
  | { kind: 'error'; message: string };

/** `name` is bpftool's `name N` (the committed headers use '<example>_bpf'); `path` the object's file name. */
export function skeletonOf(buffer: ArrayBuffer, name: string, path: string): SkeletonReply {
  const r = generateSkeleton(new Uint8Array(buffer), { name, path });
  if (!r.ok) return { kind: 'error', message: r.error.message };
  return { kind: 'ok', value: r.value };
}
