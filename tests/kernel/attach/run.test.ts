// Real kernel: reading what attached programs produce. A ring buffer program's records come back through the
// mmap'd consumer (every record, in order, with this thread's pid_tgid) and its throughput is measured; map
// dumps walk real maps and decode them with the running kernel's BTF; trace lines parse as tracefs prints them.
import { afterAll, describe, expect, it } from 'vitest';
import { attachProgram, detach, type AttachSpec } from '../../../real-backend/src/attach/index.ts';
import { dumpMap, onlineCpus, parseTraceLine, PerfBufferReader, possibleCpus, RingBufferReader } from '../../../real-backend/src/run/index.ts';
import { KernelSession, closeAll, mapCreate, mapInfo, mapUpdateElem, progInfo, sysGetpid } from '../../../real-backend/src/kernel/index.ts';
import { findKernelType, kernelBtf } from '../../../real-backend/src/loader/vmlinux-btf.ts';
import { stillListed } from '../helpers/bpftool.ts';
import { needTracing } from '../helpers/privilege.ts';
import { load, perfOutputProgram, pidFiltered, ringbufBody } from './programs.ts';

const s = new KernelSession();
const ids = { progs: [] as number[], maps: [] as number[] };
afterAll(() => {
  closeAll(s);
});
const track = (mapFd: number): number => {
  const mi = mapInfo(s, mapFd);
  if (mi.ok) ids.maps.push(mi.value.id);
  return mapFd;
};
const spec: AttachSpec = { name: 'rb', progType: 'BPF_PROG_TYPE_TRACEPOINT', expectedAttachType: undefined, attach: { kind: 'tracepoint', category: 'syscalls', name: 'sys_enter_getpid' } };

describe('run: reading results back', () => {
  it('ring buffer: every record of a BPF_MAP_TYPE_RINGBUF program comes back through the mmap consumer', async (ctx) => {
    needTracing(ctx);
    const m = mapCreate(s, { map_type: 'BPF_MAP_TYPE_RINGBUF', key_size: 0, value_size: 0, max_entries: 256 * 1024, map_name: 'run_rb' });
    if (!m.ok) throw new Error(m.error.message);
    const rbFd = track(m.value);
    const pid = sysGetpid();
    const fd = load(s, { prog_type: 'BPF_PROG_TYPE_TRACEPOINT', insns: pidFiltered(pid, ringbufBody(rbFd)), prog_name: 'run_rb' });
    const pi = progInfo(s, fd);
    if (pi.ok) ids.progs.push(pi.value.id);
    const reader = RingBufferReader.open(s, rbFd);
    if (!reader.ok) throw new Error(reader.error.message);
    expect(s.events.filter((e) => e.kind === 'syscall' && e.name === 'mmap').map((e) => (e.kind === 'syscall' ? e.ret : -2))).toEqual([0, 0]);
    const h = attachProgram(s, fd, spec);
    if (!h.ok) throw new Error(h.error.message);

    for (let i = 0; i < 3; i++) sysGetpid();
    const first = await reader.value.readFor(1000, 3);
    expect(first.length).toBe(3);
    const me = (BigInt(pid) << 32n) | BigInt(pid);
    for (const r of first) expect(r.data.readBigUInt64LE()).toBe(me);
    // 8-byte header + 8-byte sample per record.
    expect(first.map((r) => Number(r.pos - (first[0]?.pos ?? 0n)))).toEqual([0, 16, 32]);
    expect(reader.value.pending()).toBe(0n);

    // Throughput: batches of 4096 events (64 KiB of ring each), drained between batches.
    const batches = 5;
    const batch = 4096;
    let got = 0;
    let readNs = 0n;
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < batch; i++) sysGetpid();
      const r0 = process.hrtime.bigint();
      got += reader.value.read().length;
      readNs += process.hrtime.bigint() - r0;
    }
    const totalNs = process.hrtime.bigint() - t0;
    detach(h.value);
    reader.value.close();
    // Every one of ours, plus the rare getpid node itself makes on this thread (seen: 1 in 20480).
    expect(got).toBeGreaterThanOrEqual(batches * batch);
    expect(got).toBeLessThan(batches * batch + 16);
    expect(reader.value.discarded).toBe(0);
    const perSecRead = Math.round((got * 1e9) / Number(readNs));
    const perSecE2e = Math.round((got * 1e9) / Number(totalNs));
    console.log(`ring buffer: ${got} records; consumer reads ${perSecRead} records/s; end to end (getpid → program → read) ${perSecE2e} events/s`);
    expect(s.events.filter((e) => e.kind === 'syscall' && e.name === 'munmap').length).toBe(2);
    const notWalkable = dumpMap(s, rbFd);
    expect(!notWalkable.ok && notWalkable.error.message).toMatch(/no elements to walk/);
  });

  it('perf buffer: bpf_perf_event_output samples come back through the per-CPU rings', async (ctx) => {
    needTracing(ctx);
    const cpus = onlineCpus();
    const m = mapCreate(s, { map_type: 'BPF_MAP_TYPE_PERF_EVENT_ARRAY', key_size: 4, value_size: 4, max_entries: Math.max(...cpus) + 1, map_name: 'run_perf' });
    if (!m.ok) throw new Error(m.error.message);
    const mapFd = track(m.value);
    const pid = sysGetpid();
    const fd = load(s, { prog_type: 'BPF_PROG_TYPE_TRACEPOINT', insns: perfOutputProgram(pid, mapFd), prog_name: 'run_perf' });
    const pi = progInfo(s, fd);
    if (pi.ok) ids.progs.push(pi.value.id);
    const reader = PerfBufferReader.open(s, mapFd);
    if (!reader.ok) throw new Error(reader.error.message);
    const h = attachProgram(s, fd, spec, { mode: 'legacy' });
    if (!h.ok) throw new Error(h.error.message);
    for (let i = 0; i < 3; i++) sysGetpid();
    const first = await reader.value.readFor(1000, 3);
    expect(first.length).toBe(3);
    const me = (BigInt(pid) << 32n) | BigInt(pid);
    for (const r of first) {
      // The kernel pads the raw data so that size u32 + data end 8-byte aligned: 4 + 8 → 16, so 12 bytes come back.
      expect(r.data.length).toBe(12);
      expect(r.data.readBigUInt64LE()).toBe(me);
      expect(cpus).toContain(r.cpu);
    }
    // Throughput: batches of 1000 (24 bytes each, within one CPU's 32 KiB ring), drained between batches.
    let got = 0;
    let readNs = 0n;
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < 10; b++) {
      for (let i = 0; i < 1000; i++) sysGetpid();
      const r0 = process.hrtime.bigint();
      got += reader.value.read().length;
      readNs += process.hrtime.bigint() - r0;
    }
    const totalNs = process.hrtime.bigint() - t0;
    detach(h.value);
    reader.value.close();
    expect(got).toBeGreaterThanOrEqual(10000);
    expect(got).toBeLessThan(10016);
    expect(reader.value.lost).toBe(0n);
    console.log(`perf buffer: ${got} samples on ${cpus.length} CPUs; consumer reads ${Math.round((got * 1e9) / Number(readNs))} samples/s; end to end ${Math.round((got * 1e9) / Number(totalNs))} events/s`);
  });

  it('map dump: GET_NEXT_KEY + LOOKUP over an array, decoded with vmlinux BTF (__u32 key, __u64 value)', (ctx) => {
    needTracing(ctx);
    const m = mapCreate(s, { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 8, max_entries: 3, map_name: 'run_arr' });
    if (!m.ok) throw new Error(m.error.message);
    const fd = track(m.value);
    const key = Buffer.alloc(4);
    key.writeUInt32LE(2);
    const v = Buffer.alloc(8);
    v.writeBigUInt64LE(0x1_0000_0001n);
    expect(mapUpdateElem(s, fd, key, v).ok).toBe(true);
    const k = kernelBtf();
    if (!k.ok) return ctx.skip(`skipped: ${k.error}`);
    const u32 = findKernelType(k.value, '__u32', 'BTF_KIND_TYPEDEF');
    const u64 = findKernelType(k.value, '__u64', 'BTF_KIND_TYPEDEF');
    const d = dumpMap(s, fd, { btf: { btf: k.value.btf, keyTypeId: u32, valueTypeId: u64 } });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.value).toMatchObject({ type: 'BPF_MAP_TYPE_ARRAY', name: 'run_arr', truncated: false });
    expect(d.value.entries).toEqual([
      { key: '00000000', value: '0000000000000000', keyDecoded: 0, valueDecoded: 0 },
      { key: '01000000', value: '0000000000000000', keyDecoded: 1, valueDecoded: 0 },
      { key: '02000000', value: '0100000001000000', keyDecoded: 2, valueDecoded: 4294967297 },
    ]);
  });

  it('map dump: a per-CPU hash gives one value per possible CPU', (ctx) => {
    needTracing(ctx);
    const m = mapCreate(s, { map_type: 'BPF_MAP_TYPE_PERCPU_HASH', key_size: 4, value_size: 4, max_entries: 4, map_name: 'run_pcpu' });
    if (!m.ok) throw new Error(m.error.message);
    const fd = track(m.value);
    const cpus = possibleCpus();
    // Per-CPU values go in and come out as one 8-byte-aligned slot per possible CPU.
    const val = Buffer.alloc(8 * cpus);
    for (let c = 0; c < cpus; c++) val.writeUInt32LE(c + 10, c * 8);
    expect(mapUpdateElem(s, fd, Buffer.from([7, 0, 0, 0]), val).ok).toBe(true);
    const d = dumpMap(s, fd);
    if (!d.ok) throw new Error(d.error.message);
    expect(d.value.entries).toEqual([{ key: '07000000', value: Array.from({ length: cpus }, (_, c) => Buffer.from([c + 10, 0, 0, 0]).toString('hex')) }]);
  });

  it('trace lines: the tracefs format, with dashes in comm and the optional tgid column', () => {
    expect(parseTraceLine('           node-4242    [001] ...11  8123.456789: bpf_trace_printk: hello from 4242')).toEqual({
      comm: 'node', pid: 4242, cpu: 1, flags: '...11', ts: 8123.456789, event: 'bpf_trace_printk', msg: 'hello from 4242',
    });
    expect(parseTraceLine(' kworker/u4:2-run-77 (   77) [000] d..1.   5.000001: bpf_trace_printk: x')).toMatchObject({ comm: 'kworker/u4:2-run', pid: 77, cpu: 0 });
    expect(parseTraceLine('# tracer: nop')).toBeUndefined();
  });

  it('nothing left behind', async (ctx) => {
    needTracing(ctx);
    expect([...s.fds.values()].filter((f) => f.kind !== 'prog' && f.kind !== 'map')).toEqual([]);
    closeAll(s);
    expect(await stillListed(ids)).toEqual([]);
  });
});
