// Stage "link": `bpftool gen object` and what it changed between clang's .tmp.bpf.o and the final .bpf.o.
import { Suspense } from 'react';
import { objectFile, type Example } from '../content/examples.ts';
import { useObject } from '../hooks/use-object.ts';
import { Empty, Loading } from '../components/Status.tsx';
import { ObjectError } from '../components/ObjectError.tsx';
import { formatBytes } from '../components/format.ts';
import { CommandCard } from './CommandCard.tsx';
import { diffSections, summarizeDiff } from './object/section-diff.ts';

const KIND_NOTE = {
  identical: 'same bytes',
  changed: 'same size, bytes changed',
  resized: 'rewritten',
  removed: 'dropped by the linker',
  added: 'added by the linker',
} as const;

function Diff({ example }: { example: Example }) {
  const tmpFile = objectFile(example.meta, 'tmp');
  const finalFile = objectFile(example.meta, 'final');
  const before = useObject(example.meta, 'tmp');
  const after = useObject(example.meta, 'final');
  if (before.kind !== 'ok') return <ObjectError reply={before} file={tmpFile} />;
  if (after.kind !== 'ok') return <ObjectError reply={after} file={finalFile} />;
  const b = before.value;
  const a = after.value;
  const rows = diffSections(b.sections, b.sectionHashes, a.sections, a.sectionHashes);
  return (
    <div data-testid="link-diff">
      <p className="lead">
        <code>{tmpFile}</code> (clang): {formatBytes(b.size)}, {b.sections.length} sections. <code>{finalFile}</code> (bpftool):{' '}
        {formatBytes(a.size)}, {a.sections.length} sections.
      </p>
      <ul className="diff-summary">
        {summarizeDiff(rows).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <table className="table table--auto">
        <thead>
          <tr>
            <th>Section</th>
            <th className="num">{tmpFile.replace('build/', '')}</th>
            <th className="num">{finalFile.replace('build/', '')}</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.name}:${r.before?.index ?? ''}:${r.after?.index ?? ''}`} className={`diff--${r.kind}`}>
              <td className="mono strong">{r.name}</td>
              <td className="num mono">{r.before ? r.before.size : '—'}</td>
              <td className="num mono">{r.after ? r.after.size : '—'}</td>
              <td>
                {KIND_NOTE[r.kind]}
                {r.kind === 'resized' && r.before && r.after ? ` (${r.after.size - r.before.size > 0 ? '+' : ''}${r.after.size - r.before.size} B)` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LinkPane({ example }: { example: Example }) {
  const m = example.manifest;
  const step = m?.steps.find((s) => s.stage === 'link');
  return (
    <div className="pane-body scroll">
      {step && m ? <CommandCard step={step} manifest={m} /> : <Empty>No link step in the manifest.</Empty>}
      <h3 className="section-title">What changed</h3>
      <Suspense fallback={<Loading what="Reading both objects in the sim worker…" />}>
        <Diff example={example} />
      </Suspense>
    </div>
  );
}
