// The BTF file browsed beside the object's own ("Kernel BTF" in the BTF tab): fetched from the agent
// (GET /api/kernel-btf, the running kernel's /sys/kernel/btf/vmlinux) or opened from disk, indexed in the
// worker. One per page, kept while the learner moves between examples and tabs (it is 5 MB: not refetched).
import { useSyncExternalStore } from 'react';
import { KERNEL_BTF_PATH } from '@bpflc/sim';
import { openBtfFile } from '../../worker/client.ts';
import type { BtfFile } from '../../worker/btf-file.ts';

export type KernelBtfState =
  | { kind: 'empty' }
  | { kind: 'loading'; what: string }
  | { kind: 'ok'; file: BtfFile; source: 'agent' | 'file'; fetchMs: number }
  | { kind: 'error'; message: string };

let state: KernelBtfState = { kind: 'empty' };
/** A CO-RE root type to find once the kernel's BTF is there ("find in the kernel" before it was loaded). */
let wanted: { kind: number; name: string } | null = null;

export function wantKernelType(t: { kind: number; name: string } | null): void {
  wanted = t;
}

/** The type waiting to be found, taken once (the pane selects it when the BTF arrives). */
export function takeWantedKernelType(): { kind: number; name: string } | null {
  const t = wanted;
  wanted = null;
  return t;
}

const listeners = new Set<() => void>();

function set(s: KernelBtfState): void {
  state = s;
  for (const l of listeners) l();
}

export function useKernelBtf(): KernelBtfState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

async function index(bytes: ArrayBuffer, name: string, source: 'agent' | 'file', fetchMs: number): Promise<void> {
  set({ kind: 'loading', what: `indexing ${name} (${(bytes.byteLength / 1048576).toFixed(1)} MB) in the worker…` });
  const r = await openBtfFile(bytes, name);
  set(r.kind === 'ok' ? { kind: 'ok', file: r.value, source, fetchMs } : { kind: 'error', message: r.message });
}

/** The running kernel's BTF through the agent (needs the page's token). */
export async function loadKernelBtf(token: string): Promise<void> {
  set({ kind: 'loading', what: "fetching the kernel's BTF from the agent…" });
  const t0 = performance.now();
  try {
    const res = await fetch(KERNEL_BTF_PATH, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (!res.ok) {
      const why = ((await res.json().catch(() => ({}))) as { error?: string }).error ?? res.statusText;
      set({ kind: 'error', message: `The agent could not send the kernel's BTF (${res.status}): ${why}` });
      return;
    }
    const bytes = await res.arrayBuffer();
    await index(bytes, res.headers.get('X-Bpflc-File') ?? '/sys/kernel/btf/vmlinux', 'agent', performance.now() - t0);
  } catch (e) {
    set({ kind: 'error', message: `The agent did not answer (${e instanceof Error ? e.message : String(e)}): is \`npm start\` still running?` });
  }
}

/** A file the learner picked or dropped: raw BTF (a vmlinux from /sys/kernel/btf or BTFHub) or an object with .BTF. */
export async function openKernelBtfFile(file: File): Promise<void> {
  set({ kind: 'loading', what: `reading ${file.name}…` });
  const t0 = performance.now();
  try {
    const bytes = await file.arrayBuffer();
    await index(bytes, file.name, 'file', performance.now() - t0);
  } catch (e) {
    set({ kind: 'error', message: `Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}` });
  }
}
