// Source: the eBPF program (.bpf.c) and the user-space loader (.c) in a read-only Monaco, one tab per file.
import { Suspense, use } from 'react';
import { loadText, type Example } from '../content/examples.ts';
import { cached } from '../hooks/cache.ts';
import { LazyCodeView } from '../monaco/LazyCodeView.tsx';
import { Empty, Loading } from '../components/Status.tsx';
import { useSubView } from '../components/Tabs.tsx';
import { useDispatch } from '../store/Store.tsx';

function FileText({ slug, file, line }: { slug: string; file: string; line?: number }) {
  const text = use(cached(`text:${slug}/${file}`, () => loadText(slug, file)));
  if (text === null) return <Empty>{file} is missing from content/examples/{slug}/.</Empty>;
  return <LazyCodeView text={text} language="c" label={file} line={line} />;
}

export function SourcePane({ example }: { example: Example }) {
  const files = example.sourceFiles;
  const dispatch = useDispatch();
  // The chosen file is part of the view ("source/minimal.c"), so it is in the URL too; default: the .bpf.c.
  const sub = useSubView('source');
  // "source/minimal.bpf.c:24" (from a Bytecode source row) opens the file at line 24.
  const at = /^(.*):(\d+)$/.exec(sub ?? '');
  const line = at ? Number(at[2]) : undefined;
  const chosen = files.find((f) => f === (at ? at[1] : sub)) ?? files[0];
  if (!chosen) return <Empty>No C sources found for {example.meta.slug}.</Empty>;
  return (
    <div className="source-pane">
      <div className="file-tabs" role="tablist" aria-label="Source files">
        {files.map((f) => (
          <button
            key={f}
            role="tab"
            aria-selected={f === chosen}
            className={`file-tab${f === chosen ? ' is-active' : ''}`}
            onClick={() => dispatch({ kind: 'set-view', view: `source/${f}` })}
          >
            {f}
            <span className="file-tab__role">{f.endsWith('.bpf.c') ? 'eBPF program · kernel side' : 'loader · user space'}</span>
          </button>
        ))}
      </div>
      <Suspense fallback={<Loading what={`Loading ${chosen}…`} />}>
        <FileText slug={example.meta.slug} file={chosen} line={line} />
      </Suspense>
    </div>
  );
}
