// The hex dump: offset, 16 bytes, ASCII per row, virtualized (a 640 KB object is 40,000 rows). Bytes are
// tinted by the kind of structure they belong to; the hovered structure and the selected one are outlined.
// One mousemove handler for the whole grid: the byte is read from data-off of the span under the pointer.
import type { MouseEvent } from 'react';
import { HEX_GROUPS, type HexIndex } from '../../worker/hex-ranges.ts';
import { VirtualRows } from '../../components/VirtualRows.tsx';

export const HEX_ROW = 20;
const hex2 = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const ascii = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

export interface Span { start: number; end: number }

interface Props {
  bytes: Uint8Array;
  ix: HexIndex;
  hover: Span | null;
  hoverField: Span | null;
  selected: Span | null;
  scrollToRow: number | null;
  onHover: (offset: number | null) => void;
  onPick: (offset: number) => void;
}

const inSpan = (s: Span | null, o: number): boolean => s !== null && o >= s.start && o < s.end;

function offsetOf(e: MouseEvent): number | null {
  const el = (e.target as HTMLElement).closest('[data-off]');
  return el ? Number((el as HTMLElement).dataset.off) : null;
}

export function HexGrid({ bytes, ix, hover, hoverField, selected, scrollToRow, onHover, onPick }: Props) {
  const rows = Math.ceil(bytes.length / 16);
  const cls = (o: number): string => {
    const owner = ix.owner[o]!;
    let c = owner >= 0 ? `hb hb--${HEX_GROUPS[ix.group[owner]!]}` : 'hb hb--none';
    if (inSpan(selected, o)) c += ' is-sel';
    if (inSpan(hover, o)) c += ' is-hover';
    if (inSpan(hoverField, o)) c += ' is-field';
    return c;
  };
  return (
    <div className="hex-grid" onMouseMove={(e) => onHover(offsetOf(e))} onMouseLeave={() => onHover(null)} onClick={(e) => { const o = offsetOf(e); if (o !== null) onPick(o); }}>
      <VirtualRows
        count={rows}
        rowHeight={HEX_ROW}
        scrollTo={scrollToRow}
        testId="hex-rows"
        header={
          <div className="hex-row hex-row--head" style={{ height: HEX_ROW }}>
            <span className="hex-off">offset</span>
            <span className="hex-bytes">{hex2.slice(0, 16).map((h) => <span key={h} className="hb">{h.replace(/^0/, ' ')}</span>)}</span>
            <span className="hex-ascii">ASCII</span>
          </div>
        }
        row={(r) => {
          const base = r * 16;
          const end = Math.min(base + 16, bytes.length);
          const cells = [];
          const chars = [];
          for (let o = base; o < end; o++) {
            const c = cls(o);
            cells.push(<span key={o} className={c} data-off={o}>{hex2[bytes[o]!]}</span>);
            chars.push(<span key={o} className={c} data-off={o}>{ascii(bytes[o]!)}</span>);
          }
          return (
            <div key={r} className="hex-row" style={{ height: HEX_ROW }} data-row-off={base}>
              <span className="hex-off">{base.toString(16).padStart(8, '0')}</span>
              <span className="hex-bytes">{cells}</span>
              <span className="hex-ascii">{chars}</span>
            </div>
          );
        }}
      />
    </div>
  );
}
