// The object's identity: what `file` prints for it, plus size, license and programs, above the tables.
import type { ObjectAnalysis } from '../../worker/analyze.ts';
import { formatBytes } from '../../components/format.ts';

export function FileLine({ object, path }: { object: ObjectAnalysis; path: string }) {
  const { summary } = object;
  const progs = summary.programs.filter((p) => !p.isSubprogramSection);
  return (
    <div className="file-line" data-testid="file-line">
      <code className="file-line__text">
        <span className="muted">$ file {object.name}</span>
        <br />
        {object.name}: {object.fileLine}
      </code>
      <span className="file-line__meta">
        <span className="chip" title={path}>{formatBytes(object.size)}</span>
        <span className="chip" title="Programs (executable sections other than .text)">
          {progs.length} program{progs.length === 1 ? '' : 's'}
        </span>
        {summary.license !== undefined && <span className="chip" title="The license section">license “{summary.license}”</span>}
        <span className="chip" title="Time the sim worker took to read this object">read in {object.workMs.toFixed(1)} ms</span>
      </span>
    </div>
  );
}
