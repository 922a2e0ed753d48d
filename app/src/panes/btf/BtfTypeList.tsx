// The BTF type list: one row per type (id, kind, name, summary), filtered by the search, expandable into
// members / params / enumerators / vars whose type ids are links. Virtualized, and a row decodes its type
// only when it is drawn (typeAt), so vmlinux's 126k types list at once.
import { useMemo, useState } from 'react';
import { typeAt, type BtfIndex } from '@bpflc/sim';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { childCount, kindAt, typeChildren, typeSummary, type TypeChild } from './btf-model.ts';
import { TypeRef } from './TypeRef.tsx';

const ROW = 24;

type Row = { kind: 'type'; id: number } | { kind: 'child'; parent: number; child: TypeChild; k: number };

interface Props {
  index: BtfIndex;
  ids: readonly number[];
  selected: number | null;
  onPick: (id: number) => void;
}

export function BtfTypeList({ index, ids, selected, onPick }: Props) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const id of ids) {
      out.push({ kind: 'type', id });
      const t = open.has(id) ? typeAt(index, id) : undefined;
      if (t) typeChildren(t).forEach((child, k) => out.push({ kind: 'child', parent: id, child, k }));
    }
    return out;
  }, [index, ids, open]);
  const selRow = selected === null ? -1 : rows.findIndex((r) => r.kind === 'type' && r.id === selected);
  const toggle = (id: number) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });

  return (
    <VirtualRows
      count={rows.length}
      rowHeight={ROW}
      scrollTo={selRow >= 0 ? selRow : null}
      testId="btf-type-list"
      className="btf-list"
      row={(i) => {
        const r = rows[i]!;
        if (r.kind === 'child')
          return (
            <div key={`${r.parent}.${r.k}`} className="btf-row btf-row--child" style={{ height: ROW }}>
              <span className="btf-row__name mono">{r.child.label}</span>
              {r.child.ref !== undefined && <TypeRef index={index} id={r.child.ref} onPick={onPick} />}
              <span className="muted small">{r.child.detail}</span>
            </div>
          );
        const t = typeAt(index, r.id);
        const kids = childCount(index, r.id);
        const kind = kindAt(index, r.id);
        return (
          <div
            key={r.id}
            className={`btf-row${r.id === selected ? ' is-selected' : ''}`}
            style={{ height: ROW }}
            data-type-id={r.id}
            onClick={() => onPick(r.id)}
          >
            <button
              className="btf-row__twisty"
              aria-label={open.has(r.id) ? 'Collapse' : 'Expand'}
              disabled={kids === 0}
              onClick={(e) => {
                e.stopPropagation();
                toggle(r.id);
              }}
            >
              {kids === 0 ? '' : open.has(r.id) ? '▾' : '▸'}
            </button>
            <span className="btf-row__id mono">[{r.id}]</span>
            <span className={`btf-kind btf-kind--${kind.toLowerCase()}`}>{kind}</span>
            <span className="btf-row__name mono strong">{t?.name || <span className="muted">(anon)</span>}</span>
            <span className="muted small mono">{t ? typeSummary(t) : ''}</span>
          </div>
        );
      }}
    />
  );
}
