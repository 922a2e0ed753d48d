// One row per skeleton member: the C path a loader writes, the member declaration, the ELF section and BTF type
// it comes from (both clickable: Inspect › Sections, Inspect › BTF at that id), and offset/size in the section.
// Hovering (or focusing) a row reports its header line so the header view can highlight it.
import type { SkelBinding } from '@bpflc/sim';
import { useDispatch } from '../../store/Store.tsx';

const ROLE_NOTE: Record<SkelBinding['role'], string> = {
  map: 'map handle',
  prog: 'program handle',
  link: 'link (set by __attach)',
  datasec: 'mmap-ed section',
  var: 'global variable',
  pad: 'padding',
};

interface Props {
  bindings: readonly SkelBinding[];
  lineOf: (b: SkelBinding) => number | undefined;
  onHover: (line: number | undefined) => void;
}

function BtfLink({ btf }: { btf: NonNullable<SkelBinding['btf']> }) {
  const dispatch = useDispatch();
  return (
    <button className="skel-link mono" data-btf-id={btf.id} title={`Open Inspect › BTF at type [${btf.id}]`} onClick={() => dispatch({ kind: 'open-view', stage: 'inspect', view: `btf/${btf.id}` })}>
      {btf.kind} [{btf.id}]
    </button>
  );
}

export function BindingsTable({ bindings, lineOf, onHover }: Props) {
  const dispatch = useDispatch();
  // A variable's row also names the DATASEC it sits in (the section's own row carries it).
  const secOf = new Map(bindings.filter((b) => b.role === 'datasec' && b.btf).map((b) => [b.elfSection, b.btf]));
  return (
    <table className="table skel-bindings" data-testid="skel-bindings">
      <thead>
        <tr>
          <th>Loader writes</th>
          <th>Member in the header</th>
          <th>ELF section</th>
          <th>BTF</th>
          <th className="num">Offset</th>
          <th className="num">Size</th>
        </tr>
      </thead>
      <tbody>
        {bindings.map((b) => {
          const line = lineOf(b);
          const enter = () => onHover(line);
          const leave = () => onHover(undefined);
          return (
            <tr key={b.path} data-path={b.path} data-line={line} className={`skel-bindings__row is-${b.role}`} tabIndex={0} onMouseEnter={enter} onMouseLeave={leave} onFocus={enter} onBlur={leave}>
              <td className="mono" title={ROLE_NOTE[b.role]}>{b.path}</td>
              <td className="mono muted">{b.member}</td>
              <td data-testid="skel-section">
                {b.elfSection !== undefined ? (
                  <button className="skel-link mono" title={`Open Inspect › Sections (${b.elfSection})`} onClick={() => dispatch({ kind: 'open-view', stage: 'inspect', view: 'sections' })}>
                    {b.elfSection}
                  </button>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-testid="skel-btf">
                {b.btf ? <BtfLink btf={b.btf} /> : <span className="muted">—</span>}
                {(b.role === 'var' || b.role === 'pad') && secOf.get(b.elfSection) && (
                  <>
                    <span className="muted"> in </span>
                    <BtfLink btf={secOf.get(b.elfSection)!} />
                  </>
                )}
              </td>
              <td className="num mono">{b.offset ?? ''}</td>
              <td className="num mono">{b.size ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
