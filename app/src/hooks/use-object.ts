// The analysis of one of an example's objects, fetched and read in the sim worker once per page (cached promise).
import { use } from 'react';
import type { ExampleMeta, ObjectKind } from '../content/types.ts';
import { fetchObject, objectFile } from '../content/examples.ts';
import { analyzeObject } from '../worker/client.ts';
import type { AnalyzeReply } from '../worker/analyze.ts';
import { cached } from './cache.ts';

export type ObjectReply = AnalyzeReply | { kind: 'fetch-error'; message: string };

export function loadObject(meta: ExampleMeta, kind: ObjectKind): Promise<ObjectReply> {
  return cached(`object:${meta.slug}:${kind}`, async () => {
    const got = await fetchObject(meta, kind);
    if (!got.ok) return { kind: 'fetch-error', message: got.message };
    return analyzeObject(got.bytes, objectFile(meta, kind).replace(/^build\//, ''));
  });
}

/** Suspends until the object is read; use inside <Suspense>. */
export function useObject(meta: ExampleMeta, kind: ObjectKind): ObjectReply {
  return use(loadObject(meta, kind));
}
