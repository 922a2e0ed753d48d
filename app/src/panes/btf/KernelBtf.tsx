// "Kernel BTF" in the BTF tab: the running kernel's own types (what CO-RE relocations are matched against
// and what vmlinux.h is printed from), fetched from the agent, or any BTF file opened from disk (raw BTF such
// as a vmlinux, or an object with .BTF). Indexed in the worker; the list decodes only the rows it draws.
import { useEffect, useRef } from 'react';
import { agentToken } from '../../agent/token.ts';
import { useLive } from '../../agent/LiveProvider.tsx';
import { ErrorPanel } from '../../components/Status.tsx';
import { useDispatch } from '../../store/Store.tsx';
import { coreCandidates } from './btf-model.ts';
import { TypeBrowser } from './TypeBrowser.tsx';
import { loadKernelBtf, openKernelBtfFile, takeWantedKernelType, useKernelBtf } from './kernel-btf-store.ts';

const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;

export function KernelBtf({ selected }: { selected: number | null }) {
  const s = useKernelBtf();
  const { state: live } = useLive();
  const input = useRef<HTMLInputElement>(null);
  const dispatch = useDispatch();
  // Arrived from a CO-RE relocation's "find …": select its first candidate once the BTF is here.
  useEffect(() => {
    if (s.kind !== 'ok') return;
    const want = takeWantedKernelType();
    const id = want ? coreCandidates(s.file.index, want.kind, want.name)[0] : undefined;
    if (id !== undefined) dispatch({ kind: 'set-view', view: `btf/kernel/${id}` });
  }, [s, dispatch]);
  const token = agentToken();
  const agentUp = token !== null && live.conn.kind === 'connected';
  const fromAgent = () => token !== null && void loadKernelBtf(token);
  const pickFile = (
    <>
      <button className="btn" onClick={() => input.current?.click()} data-testid="kbtf-open-file">
        Open a BTF file…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="kbtf-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void openKernelBtfFile(f);
          e.target.value = '';
        }}
      />
    </>
  );

  if (s.kind === 'ok') {
    const f = s.file;
    return (
      <TypeBrowser
        index={f.index}
        base="btf/kernel"
        selected={selected}
        origin={f.where === 'raw' ? f.name.split('/').pop()! : '.BTF'}
        extra={
          <span className="muted small kbtf-source" data-testid="kbtf-source" title={f.name}>
            {f.name} · {mb(f.size)} · indexed in {f.indexMs.toFixed(0)} ms in the worker
            {s.source === 'agent' && agentUp ? (
              <button className="btn btn--small" onClick={fromAgent}>Reload</button>
            ) : null}
          </span>
        }
      />
    );
  }
  return (
    <div className="kbtf-empty" data-testid="kbtf-empty">
      <h3>The kernel's own types</h3>
      <p>
        Every kernel built with <code>CONFIG_DEBUG_INFO_BTF</code> describes its types in BTF at <code>/sys/kernel/btf/vmlinux</code>.
        That is what <code>bpftool btf dump … format c</code> turns into <code>vmlinux.h</code>, and what libbpf matches CO-RE
        relocations against at load time: <code>task_struct</code> here is the kernel's, with this kernel's offsets.
      </p>
      <div className="kbtf-empty__actions">
        <button className="btn btn--primary" disabled={!agentUp || s.kind === 'loading'} onClick={fromAgent} data-testid="kbtf-load">
          Load this machine's kernel BTF
        </button>
        {pickFile}
      </div>
      {!agentUp && (
        <p className="muted small">
          The agent sends the kernel's BTF; it is not connected ({token === null ? 'this page was not opened from the URL `npm start` prints' : 'not connected yet'}).
          Any BTF file works too: copy <code>/sys/kernel/btf/vmlinux</code> from a Linux machine, or open a <code>.bpf.o</code>.
        </p>
      )}
      {s.kind === 'loading' && (
        <p className="kbtf-progress" role="status" data-testid="kbtf-progress">
          <span className="spinner" aria-hidden /> {s.what}
        </p>
      )}
      {s.kind === 'error' && <ErrorPanel title="No BTF to browse" message={s.message} />}
    </div>
  );
}
