// The Skeleton pane's data: the committed header (bpftool's output) and sim's skeleton of the same object,
// generated in the worker; fetched once per page (cached promises, for React's use()).
import { use } from 'react';
import { fetchObject, loadText, objectFile, skeletonFile, type Example } from '../../content/examples.ts';
import { cached } from '../../hooks/cache.ts';
import { skeletonOf } from '../../worker/client.ts';
import type { SkeletonReply } from '../../worker/skeleton.ts';

export interface SkeletonData {
  committed: string | null;
  sim: SkeletonReply | { kind: 'fetch-error'; message: string };
}

function load(example: Example): Promise<SkeletonData> {
  const { meta } = example;
  return cached(`skeleton:${meta.slug}`, async () => {
    const file = skeletonFile(meta);
    const committedP = cached(`text:${meta.slug}/${file}`, () => loadText(meta.slug, file));
    const got = await fetchObject(meta, 'final');
    // The committed headers were made with `name <example>_bpf`, so the sim is asked for the same name.
    const sim: SkeletonData['sim'] = got.ok
      ? await skeletonOf(got.bytes, `${meta.name}_bpf`, objectFile(meta, 'final').replace(/^build\//, ''))
      : { kind: 'fetch-error', message: got.message };
    return { committed: await committedP, sim };
  });
}

/** Suspends until both the committed header and sim's skeleton are there; use inside <Suspense>. */
export function useSkeleton(example: Example): SkeletonData {
  return use(load(example));
}
