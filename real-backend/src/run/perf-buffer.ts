// A BPF_MAP_TYPE_PERF_EVENT_ARRAY consumer (what libbpf's perf_buffer does): per online CPU, a software event
// perf_event_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT, sample_type PERF_SAMPLE_RAW) on that CPU, its
// ring mmap'd (1 metadata page + 2^n data pages), the map's slot <cpu> set to the event fd, then ENABLE.
// bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, data, size) writes into the current CPU's ring.
// struct perf_event_mmap_page: data_head (u64) at 1024, data_tail (u64, written by us) at 1032.
// A record: perf_event_header, then for PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW a u32 size and the raw bytes:
//   +----------+----------+----------+------------+------------------------+
//   | type:u32 | misc:u16 | size:u16 | raw_size:u32 | raw data (raw_size) ... |
//   +----------+----------+----------+------------+------------------------+
// Records can wrap around the end of the data area; they are copied out in two parts then.
import { readFileSync } from 'node:fs';
import { PERF_COUNT_SW, PERF_RECORD } from '@bpflc/sim/abi/perf.gen';
import { ok, err, type Result } from '@bpflc/sim/result';
import { close, mapInfo, mapUpdateElem, perfEventOpen, perfIoctl, type KernelError, type KernelSession } from '../kernel/index.ts';
import { mmapFd, munmap, pageSize, PROT_READ, PROT_WRITE, type Mapping } from './mmap.ts';

const DATA_HEAD = 1024;
const DATA_TAIL = 1032;

export interface PerfRecord {
  cpu: number;
  /** The raw bytes as the kernel sized them: padded so that raw_size + data is 8-byte aligned (8 bytes → 12). */
  data: Buffer;
}

interface CpuRing {
  cpu: number;
  fd: number;
  map: Mapping;
}

/** The online CPUs (/sys/devices/system/cpu/online, e.g. "0-1" → [0, 1]). */
export function onlineCpus(text: string = readFileSync('/sys/devices/system/cpu/online', 'utf8')): number[] {
  return text.trim().split(',').flatMap((part) => {
    const [a = 0, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

export class PerfBufferReader {
  /** Samples the kernel dropped because a ring was full (PERF_RECORD_LOST). */
  lost = 0n;
  private closed = false;

  private constructor(
    private readonly s: KernelSession,
    private readonly rings: CpuRing[],
    private readonly page: number,
    private readonly dataSize: number,
  ) {}

  /** pagesPerCpu: data pages per CPU ring, a power of two (libbpf's default is 64; 8 here). */
  static open(s: KernelSession, mapFd: number, pagesPerCpu = 8): Result<PerfBufferReader, KernelError> {
    const info = mapInfo(s, mapFd, { stage: 'run' });
    if (!info.ok) return info;
    if (info.value.type !== 'BPF_MAP_TYPE_PERF_EVENT_ARRAY') {
      return err({ kind: 'unavailable', feature: 'perf_buffer', message: `map ${info.value.name} is ${String(info.value.type)}, not BPF_MAP_TYPE_PERF_EVENT_ARRAY` });
    }
    const page = pageSize();
    const rings: CpuRing[] = [];
    const fail = (e: KernelError): Result<PerfBufferReader, KernelError> => {
      new PerfBufferReader(s, rings, page, 0).close();
      return err(e);
    };
    for (const cpu of onlineCpus().filter((c) => c < info.value.maxEntries)) {
      const fd = perfEventOpen(s, {
        attr: { type: 'PERF_TYPE_SOFTWARE', config: PERF_COUNT_SW.PERF_COUNT_SW_BPF_OUTPUT, sample_type: ['PERF_SAMPLE_RAW'], sample_period: 1, wakeup_events: 1 },
        pid: -1,
        cpu,
        stage: 'run',
        label: `perf buffer cpu ${cpu}`,
        note: `bpf_perf_event_output's ring for CPU ${cpu}`,
      });
      if (!fd.ok) return fail(fd.error);
      const m = mmapFd(s, fd.value, page * (1 + pagesPerCpu), PROT_READ | PROT_WRITE, 0, `perf ring of CPU ${cpu}: 1 metadata page + ${pagesPerCpu} data pages`);
      if (!m.ok) {
        close(s, fd.value, 'run');
        return fail({ kind: 'unavailable', feature: 'perf_buffer', message: `mmap of CPU ${cpu}'s perf ring failed with ${m.errno}` });
      }
      rings.push({ cpu, fd: fd.value, map: m.value });
      const key = Buffer.alloc(4);
      key.writeUInt32LE(cpu);
      const val = Buffer.alloc(4);
      val.writeUInt32LE(fd.value);
      const u = mapUpdateElem(s, mapFd, key, val, 0n, { stage: 'run', note: `slot ${cpu} → the CPU ${cpu} event fd` });
      if (!u.ok) return fail(u.error);
      const on = perfIoctl(s, fd.value, 'PERF_EVENT_IOC_ENABLE', 0, { stage: 'run' });
      if (!on.ok) return fail(on.error);
    }
    return ok(new PerfBufferReader(s, rings, page, page * pagesPerCpu));
  }

  /** Every sample now in the rings (never blocks); advances each ring's data_tail. */
  read(): PerfRecord[] {
    if (this.closed) return [];
    const out: PerfRecord[] = [];
    for (const r of this.rings) {
      const meta = new DataView(r.map.view);
      const data = new Uint8Array(r.map.view, this.page, this.dataSize);
      const head = meta.getBigUint64(DATA_HEAD, true);
      let tail = meta.getBigUint64(DATA_TAIL, true);
      while (tail < head) {
        const at = Number(tail % BigInt(this.dataSize));
        const hdr = this.copy(data, at, 8);
        const type = hdr.readUInt32LE(0);
        const size = hdr.readUInt16LE(6);
        if (size < 8) break; // never happens with a sane kernel; avoid spinning
        const rec = this.copy(data, at, size);
        if (type === PERF_RECORD.PERF_RECORD_SAMPLE) {
          const raw = rec.readUInt32LE(8);
          out.push({ cpu: r.cpu, data: rec.subarray(12, 12 + raw) });
        } else if (type === PERF_RECORD.PERF_RECORD_LOST) {
          this.lost += rec.readBigUInt64LE(16);
        }
        tail += BigInt(size);
      }
      meta.setBigUint64(DATA_TAIL, tail, true);
    }
    return out;
  }

  private copy(data: Uint8Array, at: number, len: number): Buffer {
    const first = Math.min(len, this.dataSize - at);
    const b = Buffer.alloc(len);
    b.set(data.subarray(at, at + first), 0);
    if (first < len) b.set(data.subarray(0, len - first), first);
    return b;
  }

  async readFor(timeoutMs: number, count = Infinity): Promise<PerfRecord[]> {
    const out: PerfRecord[] = [];
    const end = Date.now() + timeoutMs;
    for (;;) {
      out.push(...this.read());
      if (out.length >= count || Date.now() >= end) return out;
      await new Promise((res) => setTimeout(res, 5));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.rings) {
      perfIoctl(this.s, r.fd, 'PERF_EVENT_IOC_DISABLE', 0);
      munmap(this.s, r.map);
      close(this.s, r.fd);
    }
  }
}
