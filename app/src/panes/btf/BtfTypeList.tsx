// The BTF type list: one row per type (id, kind, name, summary), filtered by the search, expandable into
// members / params / enumerators / vars whose type ids are links. Virtualized (vmlinux-sized BTF stays fast).
import { useMemo, useState } from 'react';
import type { BtfType } from '@bpflc/sim';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { shortKind, typeChildren, typeSummary, type TypeChild } from './btf-model.ts';
import { TypeRef } from './TypeRef.tsx';

const ROW = 24;

type Row = { kind: 'type'; id: number } | { kind: 'child'; parent: number; child: TypeChild; k: number };

interface Props {
  types: readonly BtfType[];
  ids: readonly number[];
  selected: number | null;
  onPick: (id: number) => void;
}

export function BtfTypeList({ types, ids, selected, onPick }: Props) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const id of ids) {
      out.push({ kind: 'type', id });
      if (open.has(id)) typeChildren(types[id]!).forEach((child, k) => out.push({ kind: 'child', parent: id, child, k }));
    }
    return out;
  }, [types, ids, open]);
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
              {r.child.ref !== undefined && <TypeRef types={types} id={r.child.ref} onPick={onPick} />}
              <span className="muted small">{r.child.detail}</span>
            </div>
          );
        const t = types[r.id]!;
        const kids = typeChildren(t).length;
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
            <span className={`btf-kind btf-kind--${shortKind(t).toLowerCase()}`}>{shortKind(t)}</span>
            <span className="btf-row__name mono strong">{t.name || <span className="muted">(anon)</span>}</span>
            <span className="muted small mono">{typeSummary(t)}</span>
          </div>
        );
      }}
    />
  );
}
