// Search + virtualized type list + detail of the selected type, over a BTF record index: used for the
// object's own BTF and for a whole kernel BTF alike. `base` is the view prefix the selection goes into
// ("btf" → "btf/<id>", "btf/kernel" → "btf/kernel/<id>"), so a selected type is in the URL.
import { useMemo, useState } from 'react';
import type { BtfIndex } from '@bpflc/sim';
import { useDispatch } from '../../store/Store.tsx';
import { BtfTypeList } from './BtfTypeList.tsx';
import { BtfTypeDetail } from './BtfTypeDetail.tsx';
import { searchTypes } from './btf-model.ts';

interface Props {
  index: BtfIndex;
  base: string;
  selected: number | null;
  /** Label of the record offsets in the detail ('.BTF' or the file name). */
  origin: string;
  /** Extra things for the bar (after the search and the count). */
  extra?: React.ReactNode;
}

export function TypeBrowser({ index, base, selected, origin, extra }: Props) {
  const dispatch = useDispatch();
  const [query, setQuery] = useState('');
  const ids = useMemo(() => searchTypes(index, query), [index, query]);
  const pick = (id: number) => {
    setQuery('');
    dispatch({ kind: 'set-view', view: `${base}/${id}` });
  };
  return (
    <>
      <div className="bytecode__bar">
        <input
          className="search"
          type="search"
          placeholder="Search by name or [id]…"
          aria-label="Search BTF types"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="btf-search"
        />
        <span className="muted small" data-testid="btf-count">
          {(index.count - 1).toLocaleString('en-US')} types{query ? ` · ${ids.length.toLocaleString('en-US')} match` : ''}
        </span>
        {extra}
      </div>
      <div className="bytecode__main">
        <BtfTypeList index={index} ids={ids} selected={selected} onPick={pick} />
        {selected !== null ? (
          <BtfTypeDetail index={index} origin={origin} id={selected} onPick={pick} />
        ) : (
          <aside className="inspector muted">Click a type to see its record, its references and who uses it.</aside>
        )}
      </div>
    </>
  );
}
