// Load → attach → run → detach, shared by `bpflc real --attach` and a `load` job with `attach: true`.
// After a load: every accepted program is attached where its section says (link mode, or legacy
// perf_event_open + PERF_EVENT_IOC_SET_BPF), then for `durationSec` seconds what the programs produce is read:
// bpf_printk lines (a private tracefs instance's trace_pipe), ring buffer and perf buffer records; at the end the
// walkable maps are dumped, and everything is detached. The caller unloads. Two conveniences, both reported in
// run.triggered: a global `my_pid` in .bss/.data (libbpf-bootstrap's filter) is set to this process's pid, and
// for write/exec/fork tracepoints this process fires the hook itself a few times.
// Cleanup: readers and handles are registered with `defer` first (the job's scope on the server), so a cancel or a
// disconnect detaches; the fds are the session's, which the same scope closes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { LifecycleAttach, LifecyclePrintk, LifecycleRun } from '@bpflc/sim/lifecycle/result';
import type { LoadRequest } from '@bpflc/sim/protocol/messages';
import { attachProgram, detach, type AttachHandle } from '../../attach/index.ts';
import { linkInfo, mapLookupElem, mapUpdateElem, type KernelSession } from '../../kernel/index.ts';
import { loadObject, toLifecycleResult, unload, type LoadedObject, type MapOutcome } from '../../loader/index.ts';
import { dumpMap, PerfBufferReader, RingBufferReader, TracePipeReader } from '../../run/index.ts';
import { kernelSessionFor } from '../job-kit.ts';
import { JobFailure, type JobHandler } from '../jobs.ts';
import { decodeObject, loadHandler, readExample, type LoadDeps } from './load.ts';

export const DEFAULT_DURATION_SEC = 2;

export interface AttachRunOptions {
  mode: 'link' | 'legacy';
  durationSec: number;
  /** Fire write/exec/fork tracepoints from this process (default true). */
  trigger?: boolean;
  signal?: AbortSignal;
  /** Register a cleanup that must run even if this function never returns (a job scope's defer). */
  defer?: (label: string, fn: () => void) => void;
  onAttach?: (a: LifecycleAttach) => void;
  onPrintk?: (l: LifecyclePrintk) => void;
  onRecord?: (r: LifecycleRun['records'][number]) => void;
  onNote?: (text: string) => void;
}

export interface AttachRunResult {
  attach: LifecycleAttach[];
  run: LifecycleRun;
}

/** Sets a .bss/.data global `my_pid` (if the object has one) to this pid; returns a note or undefined. */
function setMyPid(s: KernelSession, loaded: LoadedObject): string | undefined {
  const btf = loaded.spec.btf;
  if (!btf) return undefined;
  for (const m of loaded.maps) {
    if (m.fd === undefined || !/\.(bss|data)$/.test(m.name)) continue;
    const sec = btf.types[m.spec.btfValueTypeId];
    if (sec?.kind !== 'BTF_KIND_DATASEC') continue;
    const v = sec.vars.find((x) => btf.types[x.type]?.name === 'my_pid');
    if (!v) continue;
    const key = Buffer.alloc(4);
    const cur = mapLookupElem(s, m.fd, key, Buffer.alloc(m.valueSize), { stage: 'run', note: 'read .bss to set my_pid' });
    if (!cur.ok) return `could not read ${m.name} to set my_pid: ${cur.error.message}`;
    cur.value.writeInt32LE(process.pid, v.offset);
    const w = mapUpdateElem(s, m.fd, key, cur.value, 0n, { stage: 'run', note: `my_pid = ${process.pid}` });
    return w.ok ? `set my_pid in ${m.name} to ${process.pid} (this process), as minimal.c does` : `could not set my_pid: ${w.error.message}`;
  }
  return undefined;
}

/** What this process does to fire the attached hooks, by their targets. */
function triggerFor(handles: AttachHandle[]): { text: string; fire: () => void } | undefined {
  const t = handles.map((h) => h.target).join(' ');
  const parts: string[] = [];
  const acts: (() => void)[] = [];
  if (/write/.test(t)) {
    parts.push('3 write(2) calls to /dev/null');
    acts.push(() => {
      const fd = openSync('/dev/null', 'w');
      for (let i = 0; i < 3; i++) writeSync(fd, 'x');
      closeSync(fd);
    });
  }
  if (/exec|fork|sched_process|clone/.test(t)) {
    parts.push('one fork+exec of /bin/true');
    acts.push(() => void spawnSync('/bin/true'));
  }
  if (parts.length === 0) return undefined;
  return { text: `this process fired the hook itself: ${parts.join(', ')} at the start of the run`, fire: () => acts.forEach((a) => a()) };
}

const WALKABLE = (m: MapOutcome): boolean => m.fd !== undefined && !/RINGBUF|PERF_EVENT_ARRAY|PROG_ARRAY/.test(m.type);

export async function attachAndRun(s: KernelSession, loaded: LoadedObject, opts: AttachRunOptions): Promise<AttachRunResult> {
  const defer = opts.defer ?? (() => undefined);
  const run: LifecycleRun = { durationSec: opts.durationSec, printk: [], records: [], maps: [] };
  const attach: LifecycleAttach[] = [];
  const handles: AttachHandle[] = [];
  const closers: (() => void)[] = [];
  const note = (t: string): void => opts.onNote?.(t);
  const pidNote = setMyPid(s, loaded);
  if (pidNote) note(pidNote);

  const pipe = TracePipeReader.open(s);
  if (pipe.ok) {
    closers.push(() => pipe.value.close());
    defer('trace_pipe reader', () => pipe.value.close());
  } else note(`bpf_printk lines will not be read: ${pipe.error.message}`);
  const readers: { map: string; r: RingBufferReader | PerfBufferReader }[] = [];
  for (const m of loaded.maps) {
    if (m.fd === undefined) continue;
    const r = m.type.includes('RINGBUF') ? RingBufferReader.open(s, m.fd) : m.type.includes('PERF_EVENT_ARRAY') ? PerfBufferReader.open(s, m.fd) : undefined;
    if (!r) continue;
    if (!r.ok) {
      note(`${m.name} will not be read: ${r.error.message}`);
      continue;
    }
    readers.push({ map: m.name, r: r.value });
    closers.push(() => r.value.close());
    defer(`${m.name} reader`, () => r.value.close());
  }

  for (const p of loaded.programs) {
    if (p.fd === undefined || p.verdict !== 'accepted') continue;
    const h = attachProgram(s, p.fd, p.spec, { mode: opts.mode, timeLimitSec: Math.ceil(opts.durationSec) + 30 });
    let a: LifecycleAttach;
    if (h.ok) {
      handles.push(h.value);
      defer(`detach ${p.name}`, () => detach(h.value));
      const li = h.value.linkFd !== undefined ? linkInfo(s, h.value.linkFd, { stage: 'attach', note: 'the link id bpftool lists' }) : undefined;
      a = { program: p.name, kind: h.value.kind, via: h.value.via, target: h.value.target, attachNs: h.value.attachNs, ...(li?.ok ? { linkId: li.value.id } : {}) };
    } else {
      a = { program: p.name, kind: p.spec.attach.kind, error: h.error.message, errorKind: h.error.kind, ...(h.error.errnoName ? { errno: h.error.errnoName } : {}) };
    }
    attach.push(a);
    opts.onAttach?.(a);
  }

  const trig = handles.length > 0 && opts.trigger !== false ? triggerFor(handles) : undefined;
  if (trig) run.triggered = trig.text;
  const drain = (): void => {
    if (pipe.ok) {
      for (const l of pipe.value.read()) {
        const line: LifecyclePrintk = { comm: l.comm, pid: l.pid, cpu: l.cpu, ts: l.ts, msg: l.msg };
        run.printk.push(line);
        opts.onPrintk?.(line);
      }
    }
    for (const { map, r } of readers) {
      const recs = r instanceof RingBufferReader
        ? r.read().map((x) => ({ map, source: 'ringbuf' as const, data: x.data.toString('hex') }))
        : r.read().map((x) => ({ map, source: 'perfbuf' as const, cpu: x.cpu, data: x.data.toString('hex') }));
      for (const rec of recs) {
        run.records.push(rec);
        opts.onRecord?.(rec);
      }
    }
  };
  try {
    if (handles.length > 0) {
      if (trig) note(trig.text);
      trig?.fire();
      const end = Date.now() + opts.durationSec * 1000;
      while (Date.now() < end && !opts.signal?.aborted) {
        drain();
        await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, end - Date.now()))));
      }
      drain();
    }
    // After an abort on the server the job's scope may already have closed the session's fds (their numbers can
    // be reused by then): no map dump.
    for (const m of opts.signal?.aborted && opts.defer ? [] : loaded.maps.filter(WALKABLE)) {
      // The map's BTF types (global data: its DATASEC) read the bytes as the program sees them: my_pid = 1234.
      const btf = loaded.spec.btf;
      const types = btf && (m.spec.btfKeyTypeId || m.spec.btfValueTypeId) ? { btf: { btf, keyTypeId: m.spec.btfKeyTypeId, valueTypeId: m.spec.btfValueTypeId } } : {};
      const d = dumpMap(s, m.fd!, types);
      run.maps.push(d.ok
        ? { name: m.name, type: m.type, entries: d.value.entries.map(({ key, value, keyDecoded, valueDecoded }) => ({ key, value, ...(keyDecoded !== undefined ? { keyDecoded } : {}), ...(valueDecoded !== undefined ? { valueDecoded } : {}) })), truncated: d.value.truncated }
        : { name: m.name, type: m.type, entries: [], truncated: false, error: d.error.message });
    }
  } finally {
    for (const h of handles) detach(h);
    for (const c of closers) c();
  }
  return { attach, run };
}

/** The `load` job, attach-capable: without `attach` it is the plain load job. */
export function loadAttachHandler(deps: LoadDeps): JobHandler<'load'> {
  const plain = loadHandler(deps);
  return {
    timeoutMs: plain.timeoutMs,
    run: async (req: LoadRequest, ctx) => {
      if (!req.attach) return plain.run(req, ctx);
      if (req.step) throw new JobFailure('invalid_request', 'step mode and attach cannot be combined: step through a plain load first');
      const real = deps.status().real;
      if (!real.available) throw new JobFailure('unavailable', `real loads are not possible on this agent: ${real.reasons.join('; ')}`);
      const input = req.example !== undefined ? readExample(deps.examplesDir, req.example) : req.objectBase64 !== undefined ? decodeObject(req.objectBase64) : undefined;
      if (!input?.ok) throw new JobFailure('invalid_request', input?.error ?? 'give exactly one of example and objectBase64');
      const { bytes, file, shownPath } = input.value;
      const durationSec = req.durationSec ?? DEFAULT_DURATION_SEC;
      const s = kernelSessionFor(ctx);
      ctx.progress(`loading ${shownPath ?? `the client's object`} (${bytes.length} bytes), then attaching for ${durationSec} s`, { stage: 'open' });
      const r = await loadObject(s, bytes, { logLevel: req.logLevel, ...(file !== undefined ? { path: file } : {}) });
      if (!r.ok) return { kind: 'load', result: toLifecycleResult(r.error, s.events, shownPath) };
      const ar = await attachAndRun(s, r.value, {
        mode: req.attachMode ?? 'link',
        durationSec,
        signal: ctx.signal,
        defer: (label, fn) => void ctx.scope.defer(label, fn),
        onNote: (t) => ctx.progress(t, { stage: 'run' }),
        onAttach: (a) => ctx.progress(a.error ? `${a.program}: attach refused: ${a.error}` : `${a.program} attached to ${a.target} (${a.via})${a.linkId ? `, link id ${a.linkId}` : ''}`, { stage: 'attach' }),
        onPrintk: (l) => ctx.progress(`printk ${l.comm}-${l.pid} [${l.cpu}] ${l.msg}`, { stage: 'run', printk: l }),
        onRecord: (x) => ctx.progress(`${x.source} ${x.map}: ${x.data.length / 2} bytes ${x.data.slice(0, 64)}`, { stage: 'run', record: x }),
      });
      unload(s, r.value);
      return { kind: 'load', result: { ...toLifecycleResult(r.value, s.events, shownPath), attach: ar.attach, run: ar.run } };
    },
  };
}
