// The programs libbpf found (ObjectSpec.programs): section → prog type, expected attach type, attach target.
import type { ProgramView } from '../../worker/internals.ts';
import { attachText } from './format-spec.ts';

export function ProgramsTable({ programs }: { programs: readonly ProgramView[] }) {
  return (
    <table className="table table--auto" data-testid="programs-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Section (SEC)</th>
          <th>Prog type</th>
          <th>Expected attach type</th>
          <th>Attach target</th>
          <th className="num" title="8-byte instruction slots">Insns</th>
          <th title="A function in .text that programs call">Subprog</th>
          <th title=".BTF.ext records inside the function">func/line info</th>
        </tr>
      </thead>
      <tbody>
        {programs.map((p) => (
          <tr key={`${p.section}/${p.name}`} data-program={p.name}>
            <td className="mono strong">{p.name}{!p.autoload && <span className="chip" title='SEC("?…"): opened, not loaded'>no autoload</span>}</td>
            <td className="mono">{p.section}</td>
            <td className="mono">{p.progType ?? <span className="muted">—</span>}</td>
            <td className="mono">{p.expectedAttachType ?? <span className="muted">—</span>}</td>
            <td className="mono">{p.isSubprog ? <span className="muted">called by programs</span> : attachText(p.attach)}</td>
            <td className="num">{p.insnCount}</td>
            <td>{p.isSubprog ? `yes (${p.bind.replace('STB_', '').toLowerCase()})` : 'no'}</td>
            <td className="num">{p.funcInfoCount ?? '—'} / {p.lineInfoCount ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
