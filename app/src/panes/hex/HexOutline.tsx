// The side outline of the object's structures (ranges nest: section › record › field). Clicking one selects
// it (its bytes are highlighted and scrolled to); selecting a byte in the grid opens its ancestors here.
import { useEffect, useMemo, useState } from 'react';
import { HEX_GROUPS, type HexIndex } from '../../worker/hex-ranges.ts';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { chain, outlineRows, type HexTree } from './hex-tree.ts';

const ROW = 22;

interface Props {
  ix: HexIndex;
  tree: HexTree;
  selected: number | null;
  onSelect: (index: number) => void;
}

export function HexOutline({ ix, tree, selected, onSelect }: Props) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    if (selected === null) return;
    const up = chain(ix, selected).slice(0, -1);
    setOpen((s) => (up.every((i) => s.has(i)) ? s : new Set([...s, ...up])));
  }, [ix, selected]);
  const rows = useMemo(() => outlineRows(ix, tree, open), [ix, tree, open]);
  const selRow = selected === null ? -1 : rows.findIndex((r) => r.index === selected);
  const toggle = (i: number) => setOpen((s) => { const n = new Set(s); if (n.has(i)) n.delete(i); else n.add(i); return n; });
  return (
    <VirtualRows
      count={rows.length}
      rowHeight={ROW}
      scrollTo={selRow >= 0 ? selRow : null}
      className="hex-outline"
      testId="hex-outline"
      row={(k) => {
        const r = rows[k]!;
        const i = r.index;
        return (
          <div
            key={i}
            className={`outline-row${i === selected ? ' is-selected' : ''}`}
            style={{ height: ROW, paddingLeft: 4 + r.depth * 14 }}
            data-range={i}
            onClick={() => onSelect(i)}
            title={`${ix.label[i]}${ix.value[i] ? ` = ${ix.value[i]}` : ''} · bytes ${ix.start[i]}..${ix.end[i]! - 1}`}
          >
            <button className="btf-row__twisty" disabled={!r.hasKids} aria-label={open.has(i) ? 'Collapse' : 'Expand'} onClick={(e) => { e.stopPropagation(); toggle(i); }}>
              {r.hasKids ? (open.has(i) ? '▾' : '▸') : ''}
            </button>
            <span className={`swatch hb--${HEX_GROUPS[ix.group[i]!]}`} />
            <span className="outline-row__label">{ix.label[i]}</span>
            {ix.value[i] && <span className="muted mono small"> = {ix.value[i]}</span>}
          </div>
        );
      }}
    />
  );
}
