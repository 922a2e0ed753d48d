// The frame of an internals tab: loads the object's internals in the worker (Suspense) and hands them on.
import { Suspense, type ReactNode } from 'react';
import type { Example } from '../../content/examples.ts';
import type { ObjectKind } from '../../content/types.ts';
import type { ObjectInternals } from '../../worker/internals.ts';
import { ErrorPanel, Loading } from '../../components/Status.tsx';
import { useInternals } from './use-internals.ts';
import './internals.css';

interface Props {
  example: Example;
  kind?: ObjectKind;
  children: (o: ObjectInternals) => ReactNode;
}

function Loaded({ example, kind = 'final', children }: Props) {
  const r = useInternals(example.meta, kind);
  if (r.kind === 'fetch-error') return <ErrorPanel title="Could not load the object" message={r.message} />;
  if (r.kind === 'error') return <ErrorPanel title="The object could not be read" message={r.message} offset={r.offset} />;
  return <>{children(r.value)}</>;
}

export function InternalsTab(props: Props) {
  return (
    <Suspense fallback={<Loading what="Decoding ObjectSpec, BTF and the byte map in the sim worker…" />}>
      <Loaded {...props} />
    </Suspense>
  );
}
