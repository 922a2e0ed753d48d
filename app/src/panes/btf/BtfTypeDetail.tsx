// The selected BTF type: its C definition (as vmlinux.h has it), its bpftool raw record, what it refers to,
// its members/params/values, who uses it.
import { useMemo } from 'react';
import { formatRawRecord, formatTypeC, referrersOf, typeAt, type BtfIndex } from '@bpflc/sim';
import { directRef, shortKind, typeChildren } from './btf-model.ts';
import { TypeRef } from './TypeRef.tsx';

interface Props {
  index: BtfIndex;
  /** Where the BTF sits in the file shown, for the record's offset chip (".BTF", "vmlinux"). */
  origin: string;
  id: number;
  onPick: (id: number) => void;
}

export function BtfTypeDetail({ index, origin, id, onPick }: Props) {
  const t = typeAt(index, id);
  const users = useMemo(() => referrersOf(index, id), [index, id]);
  const c = useMemo(() => formatTypeC(index, id), [index, id]);
  if (!t) return <aside className="inspector muted">No type [{id}].</aside>;
  const ref = directRef(t);
  const kids = typeChildren(t);
  return (
    <aside className="inspector btf-detail" data-testid="btf-detail">
      <h4>
        type [{id}] · {shortKind(t)} <span className="chip">record at {origin}+{t.offset}</span>
      </h4>
      <p className="mono strong btf-detail__name">{t.name || '(anon)'}</p>
      {c.ok && (
        <pre className="btf-detail__raw btf-detail__c mono" title="As C, the way bpftool btf dump … format c prints it" data-testid="btf-detail-c">
          {c.value}
        </pre>
      )}
      <pre className="btf-detail__raw mono" title="bpftool btf dump (raw format)" data-testid="btf-detail-raw">{formatRawRecord(index, id)}</pre>
      {ref !== undefined && (
        <p>
          {t.kind === 'BTF_KIND_FUNC_PROTO' ? 'returns' : 'refers to'} <TypeRef index={index} id={ref} onPick={onPick} />
        </p>
      )}
      {kids.length > 0 && (
        <table className="inspector__table">
          <tbody>
            {kids.map((c, k) => (
              <tr key={k}>
                <th className="mono">{c.label}</th>
                <td>{c.ref !== undefined && <TypeRef index={index} id={c.ref} onPick={onPick} />}</td>
                <td className="small">{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Used by {users.length}</h4>
      <div className="btf-detail__users">
        {users.slice(0, 60).map((u) => (
          <TypeRef key={u} index={index} id={u} onPick={onPick} />
        ))}
        {users.length > 60 && <span className="muted small">… {users.length - 60} more</span>}
      </div>
    </aside>
  );
}
