// A clickable type id: "[7] int". Selecting follows the reference in the type list.
import type { BtfType } from '@bpflc/sim';
import { shortKind } from './btf-model.ts';

export function TypeRef({ types, id, onPick }: { types: readonly BtfType[]; id: number; onPick: (id: number) => void }) {
  const t = types[id];
  if (!t || id === 0) return <span className="mono muted">[0] void</span>;
  return (
    <button
      className="type-ref mono"
      data-ref={id}
      title={`Go to type [${id}]`}
      onClick={(e) => {
        e.stopPropagation();
        onPick(id);
      }}
    >
      [{id}] <span className="muted">{shortKind(t).toLowerCase()}</span> {t.name || '(anon)'}
    </button>
  );
}
