// Stage "compile": the C sources (Monaco) and the recorded compile commands (clang for the program, cc for the loader).
import type { Example } from '../content/examples.ts';
import { Tabs, useActiveTab, type TabDef } from '../components/Tabs.tsx';
import { Empty } from '../components/Status.tsx';
import { SourcePane } from './SourcePane.tsx';
import { CommandCard } from './CommandCard.tsx';

const TABS: readonly TabDef[] = [
  { id: 'source', label: 'Source' },
  { id: 'commands', label: 'Commands' },
];

export function CompilePane({ example }: { example: Example }) {
  const tab = useActiveTab(TABS);
  return (
    <div className="pane-body">
      <Tabs tabs={TABS} label="Compile views" />
      {tab === 'source' ? <SourcePane example={example} /> : <Commands example={example} />}
    </div>
  );
}

function Commands({ example }: { example: Example }) {
  const m = example.manifest;
  if (!m) return <Empty>No build/manifest.json for {example.meta.slug}: run npm run build-content.</Empty>;
  const steps = m.steps.filter((s) => s.stage === 'compile');
  return (
    <div className="scroll" data-testid="compile-commands">
      <p className="lead">
        Recorded on {m.host.distro}, Linux {m.host.kernel} ({m.host.arch}). Hover a word of a command to see what it does.
      </p>
      {steps.length === 0 && <Empty>The manifest has no compile steps.</Empty>}
      {steps.map((s) => (
        <CommandCard key={s.id} step={s} manifest={m} />
      ))}
    </div>
  );
}
