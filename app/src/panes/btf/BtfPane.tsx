// The BTF tab: the object's type graph as a searchable list with a detail panel (view "btf" or "btf/<id>"),
// the whole BTF printed as C like `bpftool btf dump format c` ("btf/c"), and .BTF.ext ("btf/ext").
import { useMemo, useState } from 'react';
import type { ObjectInternals } from '../../worker/internals.ts';
import { useSubView } from '../../components/Tabs.tsx';
import { useDispatch } from '../../store/Store.tsx';
import { Empty, ErrorPanel } from '../../components/Status.tsx';
import { LazyCodeView } from '../../monaco/LazyCodeView.tsx';
import { BtfTypeList } from './BtfTypeList.tsx';
import { BtfTypeDetail } from './BtfTypeDetail.tsx';
import { BtfExtTables } from './BtfExtTables.tsx';
import { searchTypes } from './btf-model.ts';

const MODES = [
  { id: 'types', label: 'Types' },
  { id: 'c', label: 'C view' },
  { id: 'ext', label: 'BTF.ext' },
] as const;

export function BtfPane({ internals }: { internals: ObjectInternals }) {
  const dispatch = useDispatch();
  const sub = useSubView('btf');
  const [query, setQuery] = useState('');
  const r = internals.btf;
  const types = r.kind === 'ok' ? r.value.types : [];
  const ids = useMemo(() => searchTypes(types, query), [types, query]);
  if (r.kind === 'error') return <ErrorPanel title="No usable BTF" message={r.message} />;
  const btf = r.value;
  const mode = sub === 'c' || sub === 'ext' ? sub : 'types';
  const selected = sub !== null && /^\d+$/.test(sub) ? Number(sub) : null;
  const pick = (id: number) => {
    setQuery('');
    dispatch({ kind: 'set-view', view: `btf/${id}` });
  };

  return (
    <div className="btf" data-testid="inspect-btf">
      <div className="bytecode__bar">
        <div className="seg" role="tablist" aria-label="BTF views">
          {MODES.map((m) => (
            <button key={m.id} role="tab" aria-selected={mode === m.id} className={`seg__btn${mode === m.id ? ' is-on' : ''}`} onClick={() => dispatch({ kind: 'set-view', view: m.id === 'types' ? 'btf' : `btf/${m.id}` })}>
              {m.label}
            </button>
          ))}
        </div>
        {mode === 'types' && (
          <input
            className="search"
            type="search"
            placeholder="Search by name or [id]…"
            aria-label="Search BTF types"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="btf-search"
          />
        )}
        <span className="muted small" data-testid="btf-count">
          {btf.types.length - 1} types{mode === 'types' && query ? ` · ${ids.length} match` : ''}
        </span>
      </div>
      {mode === 'c' &&
        (btf.c.kind === 'ok' ? <LazyCodeView text={btf.c.text} language="c" label="BTF as C (bpftool btf dump format c)" /> : <ErrorPanel title="The BTF cannot be printed as C" message={btf.c.message} />)}
      {mode === 'ext' && (btf.ext ? <BtfExtTables ext={btf.ext} onPickType={pick} /> : <Empty>{btf.extError ?? 'This object has no .BTF.ext section.'}</Empty>)}
      {mode === 'types' && (
        <div className="bytecode__main">
          <BtfTypeList types={btf.types} ids={ids} selected={selected} onPick={pick} />
          {selected !== null ? <BtfTypeDetail types={btf.types} raw={btf.raw} id={selected} onPick={pick} /> : <aside className="inspector muted">Click a type to see its record, its references and who uses it.</aside>}
        </div>
      )}
    </div>
  );
}
