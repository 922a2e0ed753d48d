// What is under the pointer (or selected): the range chain from the outermost structure to the field, the
// field's decoded value, the byte range, and for string tables the string at that byte.
import { HEX_GROUPS, type HexIndex } from '../../worker/hex-ranges.ts';
import { chain, stringAround } from './hex-tree.ts';
import { useDispatch } from '../../store/Store.tsx';

/** A button to the tab that shows this structure (an instruction in Bytecode, a type in BTF). */
function OpenLink({ link }: { link: string }) {
  const dispatch = useDispatch();
  const insn = /^insn:(.*):(\d+)$/.exec(link);
  if (insn) return <button className="btn small" onClick={() => dispatch({ kind: 'jump-to-insn', focus: { section: insn[1]!, index: Number(insn[2]) } })}>Open in Bytecode</button>;
  const btf = /^btf:(\d+)$/.exec(link);
  if (btf) return <button className="btn small" onClick={() => dispatch({ kind: 'set-view', view: `btf/${btf[1]}` })}>Open in BTF</button>;
  return null;
}

interface Props {
  ix: HexIndex;
  bytes: Uint8Array;
  /** The byte under the pointer, or null (then the selection is described). */
  offset: number | null;
  selected: number | null;
}

export function HexInfo({ ix, bytes, offset, selected }: Props) {
  const target = offset !== null ? ix.owner[offset]! : selected ?? -1;
  if (target < 0)
    return (
      <div className="hex-info muted" data-testid="hex-info">
        {offset !== null ? `byte ${offset} (0x${offset.toString(16)}): not part of any structure (alignment padding)` : 'Hover a byte to see the structure and field it belongs to; click to select it.'}
      </div>
    );
  const path = chain(ix, target);
  const linked = path.find((i) => ix.link[i] !== '');
  const leaf = path[path.length - 1]!;
  const inString = offset !== null && HEX_GROUPS[ix.group[leaf]!] === 'str' ? stringAround(bytes, ix.start[leaf]!, ix.end[leaf]!, offset) : null;
  return (
    <div className="hex-info" data-testid="hex-info" aria-live="polite">
      {offset !== null && <span className="chip mono">byte {offset} · 0x{offset.toString(16)} = {bytes[offset]!.toString(16).padStart(2, '0')}</span>}
      <span className="hex-info__path" data-testid="hex-path">
        {path.map((i, k) => (
          <span key={i}>
            {k > 0 && <span className="muted"> › </span>}
            <span className={k === path.length - 1 ? 'strong' : undefined}>{ix.label[i]}</span>
          </span>
        ))}
      </span>
      {ix.value[leaf] && <span className="mono hex-info__value" data-testid="hex-value">= {ix.value[leaf]}</span>}
      {inString !== null && <span className="mono hex-info__value">"{inString}"</span>}
      <span className="muted small mono">[{ix.start[leaf]}, {ix.end[leaf]}) {ix.end[leaf]! - ix.start[leaf]!} bytes</span>
      {offset === null && linked !== undefined && <OpenLink link={ix.link[linked]!} />}
    </div>
  );
}
