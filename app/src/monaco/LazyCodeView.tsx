// Monaco is big: it loads on first use, behind a placeholder of the same size (no layout jump).
import { lazy, Suspense } from 'react';
import type { CodeViewProps } from './CodeView.tsx';

const CodeView = lazy(() => import('./CodeView.tsx'));

export function LazyCodeView(props: CodeViewProps) {
  return (
    <Suspense fallback={<div className="code-view code-view--loading">Loading editor…</div>}>
      <CodeView {...props} />
    </Suspense>
  );
}
