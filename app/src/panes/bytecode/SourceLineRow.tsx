// A source row in the Bytecode list (from .BTF.ext line_info): "minimal.bpf.c:24  int pid = …". Clicking it
// opens the Source view of the compile stage at that line.
import type { SourceLine } from '../../worker/analyze.ts';
import { useDispatch } from '../../store/Store.tsx';
import '../internals/internals.css';

export function SourceLineRow({ line, height }: { line: SourceLine; height: number }) {
  const dispatch = useDispatch();
  const open = () => dispatch({ kind: 'open-view', stage: 'compile', view: `source/${line.file}:${line.lineNum}` });
  return (
    <div
      className="insn-row insn-row--src"
      style={{ height }}
      role="link"
      tabIndex={0}
      data-src-line={line.lineNum}
      title={`line_info: ${line.file} line ${line.lineNum}, column ${line.col} · click to open it in the Source view`}
      onClick={open}
      onKeyDown={(e) => e.key === 'Enter' && open()}
    >
      <span className="src-line__loc">; {line.file}:{line.lineNum}</span>
      <span className="src-line__text">{line.text.trim()}</span>
    </div>
  );
}

/** The line_info record in force at `slot`: the last one at or before it (records are sorted by instruction). */
export function lineOfSlot(lines: readonly SourceLine[], slot: number): SourceLine | undefined {
  let hit: SourceLine | undefined;
  for (const l of lines) {
    if (l.slot > slot) break;
    hit = l;
  }
  return hit;
}

/** The inspector's "source" entry: the instruction's C line, a link to the Source view. */
export function InsnSource({ line }: { line: SourceLine | undefined }) {
  const dispatch = useDispatch();
  if (!line) return null;
  return (
    <>
      <dt>source</dt>
      <dd>
        <button
          className="type-ref mono"
          data-testid="insn-source"
          title="Open this line in the Source view"
          onClick={() => dispatch({ kind: 'open-view', stage: 'compile', view: `source/${line.file}:${line.lineNum}` })}
        >
          {line.file}:{line.lineNum}
        </button>{' '}
        <span className="mono small">{line.text.trim()}</span>
      </dd>
    </>
  );
}
