// The Hex tab: the whole object byte by byte, linked to its structures (ELF header fields, section headers,
// symbols, relocations, instructions, BTF types, .BTF.ext records). View "hex" shows the final object,
// "hex/tmp" the compiler's output before `bpftool gen object` (DWARF included: ~640 KB for ringbuf).
import { useMemo, useState } from 'react';
import type { Example } from '../../content/examples.ts';
import type { ObjectInternals } from '../../worker/internals.ts';
import { useSubView } from '../../components/Tabs.tsx';
import { useDispatch } from '../../store/Store.tsx';
import { formatBytes } from '../../components/format.ts';
import { InternalsTab } from '../internals/InternalsTab.tsx';
import { buildTree, isField, structureAt } from './hex-tree.ts';
import { HexGrid, type Span } from './HexGrid.tsx';
import { HexOutline } from './HexOutline.tsx';
import { HexInfo } from './HexInfo.tsx';

function HexExplorer({ internals }: { internals: ObjectInternals }) {
  const { hex: ix, bytes } = internals;
  const tree = useMemo(() => buildTree(ix), [ix]);
  const [hover, setHover] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [scrollRow, setScrollRow] = useState<number | null>(null);

  const span = (i: number): Span => ({ start: ix.start[i]!, end: ix.end[i]! });
  const owner = hover === null ? -1 : ix.owner[hover]!;
  const hoverStruct = hover === null ? -1 : structureAt(ix, hover);
  const select = (i: number, scroll: boolean) => {
    setSelected(i);
    if (scroll) setScrollRow(Math.floor(ix.start[i]! / 16));
  };

  return (
    <div className="hex">
      <div className="hex__side">
        <div className="muted small">
          {ix.start.length.toLocaleString('en-US')} ranges · {formatBytes(bytes.length)} · worker {internals.workMs.toFixed(0)} ms
        </div>
        <HexOutline ix={ix} tree={tree} selected={selected} onSelect={(i) => select(i, true)} />
      </div>
      <div className="hex__main">
        <HexInfo ix={ix} bytes={bytes} offset={hover} selected={selected} />
        <HexGrid
          bytes={bytes}
          ix={ix}
          hover={hoverStruct >= 0 ? span(hoverStruct) : null}
          hoverField={owner >= 0 && isField(ix, owner) ? span(owner) : null}
          selected={selected !== null ? span(selected) : null}
          scrollToRow={scrollRow}
          onHover={(o) => setHover((h) => (h === o ? h : o))}
          onPick={(o) => {
            const s = structureAt(ix, o);
            if (s >= 0) select(s, false);
          }}
        />
      </div>
    </div>
  );
}

export function HexPane({ example }: { example: Example }) {
  const dispatch = useDispatch();
  const kind = useSubView('hex') === 'tmp' ? 'tmp' : 'final';
  return (
    <div className="hex-pane" data-testid="inspect-hex">
      <div className="bytecode__bar">
        <div className="seg" role="group" aria-label="Which object">
          {(['final', 'tmp'] as const).map((k) => (
            <button key={k} className={`seg__btn mono${kind === k ? ' is-on' : ''}`} aria-pressed={kind === k} onClick={() => dispatch({ kind: 'set-view', view: k === 'final' ? 'hex' : 'hex/tmp' })}>
              {k === 'final' ? `${example.meta.name}.bpf.o` : `${example.meta.name}.tmp.bpf.o`}
            </button>
          ))}
        </div>
        <span className="muted small">Hover a byte: its structure and field. Click a byte or an outline entry: select and highlight its bytes.</span>
      </div>
      <InternalsTab key={kind} example={example} kind={kind}>
        {(o) => <HexExplorer internals={o} />}
      </InternalsTab>
    </div>
  );
}
