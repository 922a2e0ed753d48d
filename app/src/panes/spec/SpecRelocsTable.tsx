// The relocations libbpf records per program instruction, classified (map, map-value, subprog call, CO-RE, …).
// A row opens the Bytecode tab at its instruction.
import type { RelocationSpec } from '@bpflc/sim';
import { useDispatch } from '../../store/Store.tsx';
import { Empty } from '../../components/Status.tsx';
import { relocText } from './format-spec.ts';

export function SpecRelocsTable({ relocs }: { relocs: readonly RelocationSpec[] }) {
  const dispatch = useDispatch();
  if (relocs.length === 0) return <Empty>No relocations: the programs use no maps, globals, subprograms or CO-RE.</Empty>;
  return (
    <table className="table table--auto" data-testid="spec-relocs">
      <thead>
        <tr>
          <th>Program</th>
          <th className="num" title="Instruction slot, counted from the program's start (section slot in brackets)">Insn</th>
          <th>Kind</th>
          <th>What the loader does</th>
          <th>ELF relocation</th>
        </tr>
      </thead>
      <tbody>
        {relocs.map((r, k) => {
          const jump = () => dispatch({ kind: 'jump-to-insn', focus: { section: r.section, index: r.sectionInsnIndex } });
          return (
            <tr key={k} className="is-link" tabIndex={0} onClick={jump} onKeyDown={(e) => e.key === 'Enter' && jump()} title={`Open instruction ${r.sectionInsnIndex} of ${r.section}`}>
              <td className="mono strong">{r.program}</td>
              <td className="num mono">{r.insnIndex} <span className="muted">({r.sectionInsnIndex})</span></td>
              <td><span className={`kind-chip kind-chip--${r.kind}`}>{r.kind}</span></td>
              <td className="mono">{relocText(r)}</td>
              <td className="mono muted">{r.kind === 'core' ? '.BTF.ext core_relo' : `${r.relocationSection}[${r.relocationIndex}] ${r.type} ${r.symbol}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
