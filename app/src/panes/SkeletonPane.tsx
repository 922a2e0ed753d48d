// Stage "skeleton": the header `bpftool gen skeleton` wrote, in Monaco, with the command that made it.
import { Suspense, use } from 'react';
import { loadText, skeletonFile, type Example } from '../content/examples.ts';
import { cached } from '../hooks/cache.ts';
import { LazyCodeView } from '../monaco/LazyCodeView.tsx';
import { Empty, Loading } from '../components/Status.tsx';
import { CommandCard } from './CommandCard.tsx';

function Header({ slug, file }: { slug: string; file: string }) {
  const text = use(cached(`text:${slug}/${file}`, () => loadText(slug, file)));
  if (text === null) return <Empty>{file} is missing: run npm run build-content.</Empty>;
  return <LazyCodeView text={text} language="c" label={file} />;
}

export function SkeletonPane({ example }: { example: Example }) {
  const { meta, manifest } = example;
  const step = manifest?.steps.find((s) => s.stage === 'skeleton');
  const file = skeletonFile(meta);
  return (
    <div className="pane-body split">
      <aside className="split__side scroll">
        <p className="lead">
          <code>{file}</code> is C for the loader: a struct <code>{meta.name}_bpf</code> with a pointer per program, map
          and global-data section, the object itself embedded as a byte string, and the functions{' '}
          <code>{meta.name}_bpf__open()</code>, <code>__load()</code>, <code>__attach()</code> and <code>__destroy()</code> that
          call libbpf.
        </p>
        <p className="muted">
          Global variables of the program (in <code>.bss</code>, <code>.data</code>, <code>.rodata</code>) appear as typed
          fields the loader can read and write through memory-mapped maps, with no syscall per access.
        </p>
        {step && manifest ? <CommandCard step={step} manifest={manifest} explain={false} /> : <Empty>No skeleton step in the manifest.</Empty>}
      </aside>
      <div className="split__main">
        <Suspense fallback={<Loading what={`Loading ${file}…`} />}>
          <Header slug={meta.slug} file={file} />
        </Suspense>
      </div>
    </div>
  );
}
