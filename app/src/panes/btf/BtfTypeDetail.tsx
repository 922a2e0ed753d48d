// The selected BTF type: its bpftool raw line, what it refers to, its members/params/values, who uses it.
import { useMemo } from 'react';
import type { BtfType } from '@bpflc/sim';
import { directRef, shortKind, typeChildren, usersOf } from './btf-model.ts';
import { TypeRef } from './TypeRef.tsx';

interface Props {
  types: readonly BtfType[];
  raw: readonly string[];
  id: number;
  onPick: (id: number) => void;
}

export function BtfTypeDetail({ types, raw, id, onPick }: Props) {
  const t = types[id];
  const users = useMemo(() => usersOf(types, id), [types, id]);
  if (!t) return <aside className="inspector muted">No type [{id}].</aside>;
  const ref = directRef(t);
  const kids = typeChildren(t);
  return (
    <aside className="inspector btf-detail" data-testid="btf-detail">
      <h4>
        type [{id}] · {shortKind(t)} <span className="chip">record at .BTF+{t.offset}</span>
      </h4>
      <p className="mono strong btf-detail__name">{t.name || '(anon)'}</p>
      <pre className="btf-detail__raw mono" title="bpftool btf dump (raw format)">{raw[id]}</pre>
      {ref !== undefined && (
        <p>
          {t.kind === 'BTF_KIND_FUNC_PROTO' ? 'returns' : 'refers to'} <TypeRef types={types} id={ref} onPick={onPick} />
        </p>
      )}
      {kids.length > 0 && (
        <table className="inspector__table">
          <tbody>
            {kids.map((c, k) => (
              <tr key={k}>
                <th className="mono">{c.label}</th>
                <td>{c.ref !== undefined && <TypeRef types={types} id={c.ref} onPick={onPick} />}</td>
                <td className="small">{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Used by {users.length}</h4>
      <div className="btf-detail__users">
        {users.slice(0, 60).map((u) => (
          <TypeRef key={u} types={types} id={u} onPick={onPick} />
        ))}
        {users.length > 60 && <span className="muted small">… {users.length - 60} more</span>}
      </div>
    </aside>
  );
}
