// .BTF.ext, decoded: func_info (where each function starts), line_info (which C line produced which
// instruction) and CO-RE relocations with the access path resolved against the object's BTF.
// An instruction cell opens the Bytecode tab there; a CO-RE root type can be looked up in the kernel's BTF
// (the candidates libbpf would match it to: same kind, same name without its ___flavour).
import { typeNameAt, type BtfIndex } from '@bpflc/sim';
import type { BtfView } from '../../worker/internals.ts';
import { useDispatch } from '../../store/Store.tsx';
import { Empty } from '../../components/Status.tsx';
import { coreCandidates } from './btf-model.ts';
import { useKernelBtf, wantKernelType } from './kernel-btf-store.ts';

type Ext = NonNullable<BtfView['ext']>;

function InsnLink({ section, index }: { section: string; index: number }) {
  const dispatch = useDispatch();
  return (
    <button className="type-ref mono" title={`Open instruction ${index} of ${section} in the Bytecode tab`} onClick={() => dispatch({ kind: 'jump-to-insn', focus: { section, index } })}>
      {index}
    </button>
  );
}

/** "In this kernel" cell of a CO-RE relocation: the kernel's candidates, or a button that opens Kernel BTF. */
function KernelMatch({ index, typeId }: { index: BtfIndex; typeId: number }) {
  const dispatch = useDispatch();
  const kernel = useKernelBtf();
  const kind = index.kinds[typeId] ?? 0;
  const name = typeNameAt(index, typeId);
  if (kernel.kind !== 'ok') {
    return (
      <button className="type-ref" title="Open Kernel BTF and find this type there" onClick={() => { wantKernelType({ kind, name }); dispatch({ kind: 'set-view', view: 'btf/kernel' }); }}>
        find {name || '(anon)'}…
      </button>
    );
  }
  const ids = coreCandidates(kernel.file.index, kind, name);
  if (ids.length === 0) return <span className="chip chip--bad" title="libbpf would find no candidate: the load fails, or the instruction is poisoned">no {name} in this kernel</span>;
  return (
    <>
      {ids.map((id) => (
        <button key={id} className="type-ref mono" title={`Open kernel type [${id}]`} onClick={() => dispatch({ kind: 'set-view', view: `btf/kernel/${id}` })}>
          [{id}] {name}
        </button>
      ))}
    </>
  );
}

export function BtfExtTables({ ext, index, onPickType }: { ext: Ext; index: BtfIndex; onPickType: (id: number) => void }) {
  const core = ext.coreRelos.flatMap((b) => b.records.map((r) => ({ sec: b.secName, r })));
  return (
    <div className="scroll" data-testid="btf-ext">
      <h3 className="section-title">func_info <span className="count">{ext.funcInfo.reduce((n, b) => n + b.records.length, 0)}</span></h3>
      <table className="table table--auto" data-testid="func-info">
        <thead><tr><th>Section</th><th className="num">Insn</th><th>FUNC type</th></tr></thead>
        <tbody>
          {ext.funcInfo.flatMap((b) => b.records.map((r, k) => (
            <tr key={`${b.secName}.${k}`}>
              <td className="mono">{b.secName}</td>
              <td className="num"><InsnLink section={b.secName} index={r.insnIdx} /></td>
              <td><button className="type-ref mono" onClick={() => onPickType(r.typeId)}>[{r.typeId}] {r.name}</button></td>
            </tr>
          )))}
        </tbody>
      </table>
      <h3 className="section-title">line_info <span className="count">{ext.lineInfo.reduce((n, b) => n + b.records.length, 0)}</span></h3>
      <table className="table table--auto" data-testid="line-info">
        <thead><tr><th>Section</th><th className="num">Insn</th><th>File:line:col</th><th>Source line</th></tr></thead>
        <tbody>
          {ext.lineInfo.flatMap((b) => b.records.map((r, k) => (
            <tr key={`${b.secName}.${k}`}>
              <td className="mono">{b.secName}</td>
              <td className="num"><InsnLink section={b.secName} index={r.insnIdx} /></td>
              <td className="mono" title={r.fileName}>{r.fileName.split('/').pop()}:{r.lineNum}:{r.col}</td>
              <td className="mono src-text">{r.line}</td>
            </tr>
          )))}
        </tbody>
      </table>
      <h3 className="section-title">CO-RE relocations <span className="count">{core.length}</span></h3>
      {core.length === 0 ? (
        <Empty>No CO-RE relocations: nothing here reads kernel structures through BPF_CORE_READ or preserve_access_index.</Empty>
      ) : (
        <table className="table table--auto" data-testid="core-relos">
          <thead><tr><th>Section</th><th className="num">Insn</th><th>Kind</th><th>Root type</th><th>In the kernel</th><th>Access</th><th>Resolved path</th><th>libbpf spec</th></tr></thead>
          <tbody>
            {core.map(({ sec, r }, k) => (
              <tr key={k}>
                <td className="mono">{sec}</td>
                <td className="num"><InsnLink section={sec} index={r.insnIdx} /></td>
                <td className="mono">{r.kind.replace('BPF_CORE_', '')}</td>
                <td><button className="type-ref mono" onClick={() => onPickType(r.typeId)}>[{r.typeId}]</button></td>
                <td data-testid="core-kernel"><KernelMatch index={index} typeId={r.typeId} /></td>
                <td className="mono">"{r.accessStr}"</td>
                <td className="mono strong">{r.access.path}</td>
                <td className="mono small">{r.access.spec}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
