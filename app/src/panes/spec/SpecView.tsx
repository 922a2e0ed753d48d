// The "Programs & maps" tab: the object as libbpf's bpf_object__open() sees it (sim's readObjectSpec).
import type { ObjectInternals } from '../../worker/internals.ts';
import { ErrorPanel } from '../../components/Status.tsx';
import { ProgramsTable } from './ProgramsTable.tsx';
import { MapsTable } from './MapsTable.tsx';
import { SpecRelocsTable } from './SpecRelocsTable.tsx';

export function SpecView({ internals }: { internals: ObjectInternals }) {
  const r = internals.spec;
  if (r.kind === 'error') return <ErrorPanel title="libbpf would refuse to open this object" message={r.message} offset={r.offset} />;
  const s = r.value;
  return (
    <div className="scroll" data-testid="inspect-programs">
      <p className="lead">
        What <span className="mono">bpf_object__open()</span> (libbpf {s.libbpf}) knows before it talks to the kernel: object name{' '}
        <span className="mono strong">{s.objectName}</span>, license <span className="mono strong" data-testid="spec-license">{s.license ?? '(none)'}</span>.
      </p>
      <h3 className="section-title">Programs <span className="count">{s.programs.length}</span></h3>
      <ProgramsTable programs={s.programs} />
      <h3 className="section-title">Maps <span className="count">{s.maps.length}</span></h3>
      <MapsTable maps={s.maps} />
      <h3 className="section-title">Relocations <span className="count">{s.relocations.length} · click one to see its instruction</span></h3>
      <SpecRelocsTable relocs={s.relocations} />
      {s.externs.length > 0 && (
        <>
          <h3 className="section-title">Externs <span className="count">{s.externs.length}</span></h3>
          <ul className="plain-list mono">
            {s.externs.map((e) => (
              <li key={e.name}>{e.kind} {e.name}{e.weak ? ' (weak)' : ''}</li>
            ))}
          </ul>
        </>
      )}
      {s.warnings.length > 0 && (
        <>
          <h3 className="section-title">Notes from the reader</h3>
          <ul className="plain-list">
            {s.warnings.map((w, k) => (
              <li key={k}><span className="chip">{w.kind}</span> {w.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
