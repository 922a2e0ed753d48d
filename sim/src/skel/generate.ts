// generateSkeleton: object bytes → the skeleton header and its description, or the one-sentence error
// bpftool 7.1 would stop with. The composition of model.ts (what), render.ts (text), describe.ts (why).
// e.g. generateSkeleton(bytes, { path: 'minimal.bpf.o' }) → { name: 'minimal_bpf', text: '/* SPDX…', … }

import { err, ok, type Result } from '../result.ts';
import { describeSkeleton, type SkelDescription } from './describe.ts';
import { buildSkeletonModel, type SkelError, type SkeletonOptions } from './model.ts';
import { renderSkeleton } from './render.ts';

export interface Skeleton {
  name: string;
  text: string;
  description: SkelDescription;
  /** What bpftool prints to stderr while still producing the header. */
  warnings: string[];
}

export function generateSkeleton(bytes: Uint8Array, opts: SkeletonOptions = {}): Result<Skeleton, SkelError> {
  const m = buildSkeletonModel(bytes, opts);
  if (!m.ok) return err(m.error);
  const text = renderSkeleton(m.value);
  return ok({ name: m.value.name, text, description: describeSkeleton(m.value), warnings: m.value.warnings });
}
