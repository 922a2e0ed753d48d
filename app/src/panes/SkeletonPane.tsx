// Stage "skeleton": the header `bpftool gen skeleton` wrote, explained. sim regenerates it from the object in the
// worker (a chip says whether it is byte-identical to the committed one); a table maps every member to the ELF
// section and BTF type it comes from, and a strip maps every skeleton function to the lifecycle stages it drives.
// Hovering a row or a function highlights its line in the header.
import { Suspense, useState } from 'react';
import type { SkelBinding, SkelFunctionInfo } from '@bpflc/sim';
import { skeletonFile, type Example } from '../content/examples.ts';
import { LazyCodeView } from '../monaco/LazyCodeView.tsx';
import { Empty, ErrorPanel, Loading } from '../components/Status.tsx';
import { CommandCard } from './CommandCard.tsx';
import { useSkeleton } from './skeleton/use-skeleton.ts';
import { BindingsTable } from './skeleton/BindingsTable.tsx';
import { FunctionStrip } from './skeleton/FunctionStrip.tsx';
import { bindingLine, functionLine } from './skeleton/skeleton-lines.ts';
import './skeleton/skeleton.css';

type Hover = (line: number | undefined) => void;

function Functions({ example, onHover }: { example: Example; onHover: Hover }) {
  const { committed, sim } = useSkeleton(example);
  if (sim.kind !== 'ok') return null;
  const text = committed ?? sim.value.text;
  const lineOf = (f: SkelFunctionInfo) => functionLine(text, f);
  return <FunctionStrip functions={sim.value.description.functions} lineOf={lineOf} onHover={onHover} />;
}

function Main({ example, line, onHover }: { example: Example; line: number | undefined; onHover: Hover }) {
  const { committed, sim } = useSkeleton(example);
  const file = skeletonFile(example.meta);
  if (sim.kind !== 'ok') {
    if (committed === null) return <Empty>{file} is missing: run npm run build-content.</Empty>;
    return (
      <div className="skel-main">
        <ErrorPanel title="sim could not generate the skeleton" message={sim.message} />
        <LazyCodeView text={committed} language="c" label={file} line={line} />
      </div>
    );
  }
  const s = sim.value;
  const text = committed ?? s.text;
  const same = committed !== null && committed === s.text;
  const lineOf = (b: SkelBinding) => bindingLine(text, s.name, b);
  return (
    <div className="skel-main">
      <div className="skel-main__top">
        {committed === null ? (
          <span className="chip" data-testid="skel-identical" data-same="none">no committed {file}: showing sim's</span>
        ) : (
          <span className={`chip ${same ? 'chip--ok' : 'chip--bad'}`} data-testid="skel-identical" data-same={same ? 'yes' : 'no'} title="sim's generateSkeleton of the .bpf.o compared byte for byte with the committed header">
            {same ? 'sim output identical to the committed bpftool output ✓' : 'sim output differs from the committed bpftool output'}
          </span>
        )}
        <span className="muted">
          struct <code>{s.name}</code>: {s.description.bindings.length} members from ELF sections and BTF
        </span>
        {s.warnings.map((w) => (
          <span key={w} className="chip chip--bad">{w}</span>
        ))}
      </div>
      <div className="skel-bindings-wrap">
        <BindingsTable bindings={s.description.bindings} lineOf={lineOf} onHover={onHover} />
      </div>
      <LazyCodeView text={text} language="c" label={committed === null ? `${file} (sim)` : file} line={line} />
    </div>
  );
}

export function SkeletonPane({ example }: { example: Example }) {
  const { meta, manifest } = example;
  const step = manifest?.steps.find((s) => s.stage === 'skeleton');
  const file = skeletonFile(meta);
  const [line, setLine] = useState<number | undefined>(undefined);
  return (
    <div className="pane-body split">
      <aside className="split__side scroll">
        <p className="lead">
          <code>{file}</code> is C for the loader: a struct <code>{meta.name}_bpf</code> with a pointer per program, map
          and global-data section, the object itself embedded as a byte string, and functions that call libbpf.
          Global variables (<code>.bss</code>, <code>.data</code>, <code>.rodata</code>) become typed fields the loader
          reads and writes through memory-mapped maps, with no syscall per access.
        </p>
        <h4>Skeleton functions → lifecycle stages</h4>
        <Suspense fallback={<Loading what="Generating the skeleton in the sim worker…" />}>
          <Functions example={example} onHover={setLine} />
        </Suspense>
        {step && manifest ? <CommandCard step={step} manifest={manifest} explain={false} /> : <Empty>No skeleton step in the manifest.</Empty>}
      </aside>
      <div className="split__main">
        <Suspense fallback={<Loading what={`Loading ${file} and generating the skeleton in the sim worker…`} />}>
          <Main example={example} line={line} onHover={setLine} />
        </Suspense>
      </div>
    </div>
  );
}
