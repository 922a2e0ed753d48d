// A clickable type id: "[7] int". Selecting follows the reference in the type list.
import { typeNameAt, type BtfIndex } from '@bpflc/sim';
import { kindAt } from './btf-model.ts';

export function TypeRef({ index, id, onPick }: { index: BtfIndex; id: number; onPick: (id: number) => void }) {
  if (id <= 0 || id >= index.count) return <span className="mono muted">[0] void</span>;
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
      [{id}] <span className="muted">{kindAt(index, id).toLowerCase()}</span> {typeNameAt(index, id) || '(anon)'}
    </button>
  );
}
