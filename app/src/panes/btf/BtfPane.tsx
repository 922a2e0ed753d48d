// The BTF tab: the object's type graph as a searchable list with a detail panel (view "btf" or "btf/<id>"),
// the whole BTF printed as C like `bpftool btf dump format c` ("btf/c"), .BTF.ext ("btf/ext"), and the
// kernel's own BTF to browse beside it ("btf/kernel", "btf/kernel/<id>").
import type { ObjectInternals } from '../../worker/internals.ts';
import { useSubView } from '../../components/Tabs.tsx';
import { useDispatch } from '../../store/Store.tsx';
import { Empty, ErrorPanel } from '../../components/Status.tsx';
import { LazyCodeView } from '../../monaco/LazyCodeView.tsx';
import { BtfExtTables } from './BtfExtTables.tsx';
import { KernelBtf } from './KernelBtf.tsx';
import { TypeBrowser } from './TypeBrowser.tsx';

const MODES = [
  { id: 'types', label: 'Types', view: 'btf' },
  { id: 'c', label: 'C view', view: 'btf/c' },
  { id: 'ext', label: 'BTF.ext', view: 'btf/ext' },
  { id: 'kernel', label: 'Kernel BTF', view: 'btf/kernel' },
] as const;

type Mode = (typeof MODES)[number]['id'];

/** "kernel/12" → { mode: 'kernel', id: 12 }; "12" → types, id 12; "c" → C view. */
function parseSub(sub: string | null): { mode: Mode; id: number | null } {
  if (sub === null) return { mode: 'types', id: null };
  const [head, rest] = sub.split('/', 2);
  if (head === 'kernel') return { mode: 'kernel', id: rest !== undefined && /^\d+$/.test(rest) ? Number(rest) : null };
  if (head === 'c' || head === 'ext') return { mode: head, id: null };
  return { mode: 'types', id: /^\d+$/.test(sub) ? Number(sub) : null };
}

export function BtfPane({ internals }: { internals: ObjectInternals }) {
  const dispatch = useDispatch();
  const { mode, id } = parseSub(useSubView('btf'));
  const r = internals.btf;
  const modes = (
    <div className="seg" role="tablist" aria-label="BTF views">
      {MODES.map((m) => (
        <button key={m.id} role="tab" aria-selected={mode === m.id} className={`seg__btn${mode === m.id ? ' is-on' : ''}`} onClick={() => dispatch({ kind: 'set-view', view: m.view })}>
          {m.label}
        </button>
      ))}
    </div>
  );
  let body;
  if (mode === 'kernel') body = <KernelBtf selected={id} />;
  else if (r.kind === 'error') body = <ErrorPanel title="No usable BTF" message={r.message} />;
  else if (mode === 'c') {
    const c = r.value.c;
    body = c.kind === 'ok' ? <LazyCodeView text={c.text} language="c" label="BTF as C (bpftool btf dump format c)" /> : <ErrorPanel title="The BTF cannot be printed as C" message={c.message} />;
  } else if (mode === 'ext') {
    const pick = (t: number) => dispatch({ kind: 'set-view', view: `btf/${t}` });
    body = r.value.ext ? <BtfExtTables ext={r.value.ext} index={r.value.index} onPickType={pick} /> : <Empty>{r.value.extError ?? 'This object has no .BTF.ext section.'}</Empty>;
  } else body = <TypeBrowser index={r.value.index} base="btf" selected={id} origin=".BTF" />;

  return (
    <div className="btf" data-testid="inspect-btf">
      <div className="bytecode__bar">{modes}</div>
      {body}
    </div>
  );
}
