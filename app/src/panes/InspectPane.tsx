// Stage "inspect": the final object (.bpf.o) as the loader will see it: the `file` line, then sections,
// symbols, relocations and the bytecode, one tab each (the tab is in the URL).
import { Suspense } from 'react';
import { objectFile, type Example } from '../content/examples.ts';
import { useObject } from '../hooks/use-object.ts';
import type { ObjectAnalysis } from '../worker/analyze.ts';
import { Tabs, useActiveTab, type TabDef } from '../components/Tabs.tsx';
import { Loading } from '../components/Status.tsx';
import { ObjectError } from '../components/ObjectError.tsx';
import { FileLine } from './object/FileLine.tsx';
import { SectionsTable } from './object/SectionsTable.tsx';
import { SymbolsTable } from './object/SymbolsTable.tsx';
import { RelocationsTable } from './object/RelocationsTable.tsx';
import { BytecodeView } from './bytecode/BytecodeView.tsx';
import { InternalsTab } from './internals/InternalsTab.tsx';
import { SpecView } from './spec/SpecView.tsx';
import { BtfPane } from './btf/BtfPane.tsx';
import { HexPane } from './hex/HexPane.tsx';

const TAB_IDS = ['sections', 'symbols', 'relocations', 'bytecode', 'programs', 'btf', 'hex'] as const;
const LABELS: Partial<Record<(typeof TAB_IDS)[number], string>> = { programs: 'Programs & maps', btf: 'BTF', hex: 'Hex' };

function tabCount(o: ObjectAnalysis, id: (typeof TAB_IDS)[number]): number | null {
  if (id === 'sections') return o.sections.length;
  if (id === 'symbols') return o.symbols.length;
  if (id === 'relocations') return o.relocationSections.reduce((a, r) => a + r.relocations.length, 0);
  if (id === 'programs' || id === 'btf' || id === 'hex') return null;
  return o.code.kind === 'ok' ? o.code.sections.reduce((a, s) => a + s.insns.length, 0) : null;
}

function Inspect({ example }: { example: Example }) {
  const file = objectFile(example.meta, 'final');
  const reply = useObject(example.meta, 'final');
  const tabs: TabDef[] = TAB_IDS.map((id) => {
    const n = reply.kind === 'ok' ? tabCount(reply.value, id) : null;
    return { id, label: <>{LABELS[id] ?? id[0]!.toUpperCase() + id.slice(1)}{n !== null && <span className="count">{n}</span>}</> };
  });
  const tab = useActiveTab(tabs);
  if (reply.kind !== 'ok') return <ObjectError reply={reply} file={file} />;
  const o = reply.value;
  return (
    <>
      <FileLine object={o} path={file} />
      <Tabs tabs={tabs} label="Object views" />
      {tab === 'bytecode' ? (
        <BytecodeView object={o} />
      ) : tab === 'programs' ? (
        <InternalsTab example={example}>{(x) => <SpecView internals={x} />}</InternalsTab>
      ) : tab === 'btf' ? (
        <InternalsTab example={example}>{(x) => <BtfPane internals={x} />}</InternalsTab>
      ) : tab === 'hex' ? (
        <HexPane example={example} />
      ) : (
        <div className="scroll" data-testid={`inspect-${tab}`}>
          {tab === 'sections' && <SectionsTable sections={o.sections} />}
          {tab === 'symbols' && <SymbolsTable symbols={o.symbols} />}
          {tab === 'relocations' && <RelocationsTable relocs={o.relocationSections} sections={o.sections} />}
        </div>
      )}
    </>
  );
}

export function InspectPane({ example }: { example: Example }) {
  return (
    <div className="pane-body">
      <Suspense fallback={<Loading what={`Reading ${objectFile(example.meta, 'final')} in the sim worker…`} />}>
        <Inspect example={example} />
      </Suspense>
    </div>
  );
}
