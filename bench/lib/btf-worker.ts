// Entry of the in-browser measurement: bundled (iife) by btf-chromium.ts and run as a dedicated Worker, fresh
// for every measurement, so each timed call is the first in its isolate. On a message 'browse' or 'decode'
// it fetches /vmlinux (not timed), then times
//   browse: indexBtf + the names of the first 200 types (typeNameAt) + 50 types decoded (typeAt): what the
//           app's type browser does when it opens;
//   decode: decodeBtf of the whole blob (type graph + loop checks).
import { decodeBtf, indexBtf, typeAt, typeNameAt } from '@bpflc/sim';

export interface WorkerTiming { mode: 'browse' | 'decode'; types: number; indexMs: number; pageMs: number; totalMs: number }

function measure(mode: 'browse' | 'decode', bytes: Uint8Array): WorkerTiming {
  const t0 = performance.now();
  if (mode === 'decode') {
    const r = decodeBtf(bytes);
    const t1 = performance.now();
    if (!r.ok) throw new Error(r.error.message);
    return { mode, types: r.value.types.length - 1, indexMs: 0, pageMs: 0, totalMs: t1 - t0 };
  }
  const r = indexBtf(bytes);
  const t1 = performance.now();
  if (!r.ok) throw new Error(r.error.message);
  let chars = 0;
  for (let id = 1; id <= 200 && id < r.value.count; id++) chars += typeNameAt(r.value, id).length;
  for (let id = 1; id <= 50 && id < r.value.count; id++) if (typeAt(r.value, id) === undefined) throw new Error(`no type ${id}`);
  const t2 = performance.now();
  if (chars === 0) throw new Error('no type names in the first page');
  return { mode, types: r.value.count - 1, indexMs: t1 - t0, pageMs: t2 - t1, totalMs: t2 - t0 };
}

self.onmessage = async (e: MessageEvent<'browse' | 'decode'>) => {
  try {
    const bytes = new Uint8Array(await (await fetch('/vmlinux')).arrayBuffer());
    postMessage(measure(e.data, bytes));
  } catch (x) {
    postMessage({ error: String(x) });
  }
};
