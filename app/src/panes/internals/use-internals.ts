// The internals (ObjectSpec, BTF, hex index) of one of an example's objects: fetched and computed in the sim
// worker once per page (cached promise), only when a tab that needs them opens.
import { use } from 'react';
import type { ExampleMeta, ObjectKind } from '../../content/types.ts';
import { fetchObject, objectFile } from '../../content/examples.ts';
import { analyzeInternals } from '../../worker/client.ts';
import type { InternalsReply } from '../../worker/internals.ts';
import { cached } from '../../hooks/cache.ts';

export type InternalsResult = InternalsReply | { kind: 'fetch-error'; message: string };

export function loadInternals(meta: ExampleMeta, kind: ObjectKind): Promise<InternalsResult> {
  return cached(`internals:${meta.slug}:${kind}`, async () => {
    const got = await fetchObject(meta, kind);
    if (!got.ok) return { kind: 'fetch-error', message: got.message };
    return analyzeInternals(got.bytes, objectFile(meta, kind).replace(/^build\//, ''));
  });
}

/** Suspends until the worker has answered; use inside <Suspense>. */
export function useInternals(meta: ExampleMeta, kind: ObjectKind): InternalsResult {
  return use(loadInternals(meta, kind));
}
