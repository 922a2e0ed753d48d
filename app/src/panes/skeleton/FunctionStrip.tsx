// The skeleton's functions, each with the libbpf call inside it and the lifecycle stages it leads to; a stage
// chip selects that stage in the graph. Hovering a function reports its definition line for the header view.
import { STAGES, type SkelFunctionInfo, type StageId } from '@bpflc/sim';
import { useDispatch } from '../../store/Store.tsx';

const TITLE = new Map<StageId, string>(STAGES.map((s) => [s.id, s.title]));

interface Props {
  functions: readonly SkelFunctionInfo[];
  lineOf: (f: SkelFunctionInfo) => number | undefined;
  onHover: (line: number | undefined) => void;
}

export function FunctionStrip({ functions, lineOf, onHover }: Props) {
  const dispatch = useDispatch();
  return (
    <ul className="skel-fns" data-testid="skel-functions">
      {functions.map((f) => {
        const line = lineOf(f);
        return (
          <li key={f.suffix} className="skel-fns__item" data-fn={f.suffix} onMouseEnter={() => onHover(line)} onMouseLeave={() => onHover(undefined)}>
            <div className="skel-fns__head">
              <code className="skel-fns__name">{f.suffix}</code>
              <span className="skel-fns__libbpf mono muted">{f.libbpf}</span>
            </div>
            <div className="skel-fns__stages">
              {f.stages.length === 0 ? (
                <span className="muted">no stage of its own</span>
              ) : (
                f.stages.map((s) => (
                  <button key={s} className="chip skel-stage mono" data-stage={s} title={`Select stage ${TITLE.get(s) ?? s}`} onClick={() => dispatch({ kind: 'select-stage', stage: s })}>
                    {s}
                  </button>
                ))
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
