// A BPF_MAP_TYPE_RINGBUF consumer (the protocol of kernel/bpf/ringbuf.c, as libbpf's ring_buffer__poll reads it).
// Two mappings of the map fd:
//   offset 0:          one page, read-write: consumer_pos (u64), which user space advances
//   offset page_size:  read-only: one page with producer_pos (u64), then the data area (max_entries bytes)
//                      mapped twice in a row, so a record that wraps around reads as one contiguous span
// Each record: an 8-byte header, then the sample, the whole rounded up to 8 bytes:
//   +-----------------------------------+------------+----------------------+
//   | len:30 | DISCARD:1 (b30) | BUSY:1 (b31) | pg_off:32 | sample (len bytes) ... pad to 8 |
//   +-----------------------------------+------------+----------------------+
// BUSY: reserved, not yet submitted (stop there); DISCARD: skipped but consumed.
import { ok, err, type Result } from '@bpflc/sim/result';
import { mapInfo, type KernelError, type KernelSession } from '../kernel/index.ts';
import { mmapFd, munmap, pageSize, PROT_READ, PROT_WRITE, type Mapping } from './mmap.ts';

const BUSY = 0x80000000;
const DISCARD = 0x40000000;
const HDR = 8;

export interface RingRecord {
  /** Position in the ring (producer-assigned, monotonic). */
  pos: bigint;
  data: Buffer;
}

export class RingBufferReader {
  /** Records consumed, discarded ones included. */
  consumed = 0;
  discarded = 0;
  private closed = false;

  private constructor(
    private readonly s: KernelSession,
    private readonly cons: Mapping,
    private readonly prod: Mapping,
    private readonly page: number,
    readonly size: number,
  ) {}

  static open(s: KernelSession, mapFd: number): Result<RingBufferReader, KernelError> {
    const info = mapInfo(s, mapFd, { stage: 'run' });
    if (!info.ok) return info;
    if (info.value.type !== 'BPF_MAP_TYPE_RINGBUF') {
      return err({ kind: 'unavailable', feature: 'ringbuf', message: `map ${info.value.name} is ${String(info.value.type)}, not BPF_MAP_TYPE_RINGBUF` });
    }
    const page = pageSize();
    const size = info.value.maxEntries;
    const cons = mmapFd(s, mapFd, page, PROT_READ | PROT_WRITE, 0, 'ring buffer consumer page (consumer_pos, written by user space)');
    if (!cons.ok) return err({ kind: 'unavailable', feature: 'ringbuf', message: `mmap of the ring buffer's consumer page failed with ${cons.errno}` });
    const prod = mmapFd(s, mapFd, page + 2 * size, PROT_READ, page, 'ring buffer producer page + data area mapped twice (read-only)');
    if (!prod.ok) {
      munmap(s, cons.value);
      return err({ kind: 'unavailable', feature: 'ringbuf', message: `mmap of the ring buffer's producer page and data failed with ${prod.errno}` });
    }
    return ok(new RingBufferReader(s, cons.value, prod.value, page, size));
  }

  /** Every submitted record now in the ring (never blocks); advances consumer_pos past them. */
  read(limit = Infinity): RingRecord[] {
    if (this.closed) return [];
    const consView = new DataView(this.cons.view);
    const prodView = new DataView(this.prod.view);
    const mask = BigInt(this.size - 1);
    let cpos = consView.getBigUint64(0, true);
    const out: RingRecord[] = [];
    while (out.length < limit) {
      const ppos = prodView.getBigUint64(0, true);
      if (cpos >= ppos) break;
      const at = this.page + Number(cpos & mask);
      const hdr = prodView.getUint32(at, true);
      if (hdr & BUSY) break;
      const len = hdr & 0x3fffffff; // the header without BUSY and DISCARD
      if (hdr & DISCARD) this.discarded++;
      else out.push({ pos: cpos, data: Buffer.from(new Uint8Array(this.prod.view, at + HDR, len)) });
      this.consumed++;
      cpos += BigInt((len + HDR + 7) & ~7);
      // Publish as we go so the producer can reuse the space (libbpf does the same per record).
      consView.setBigUint64(0, cpos, true);
    }
    return out;
  }

  /** Read until `count` records arrived or `timeoutMs` passed (polls every 5 ms). */
  async readFor(timeoutMs: number, count = Infinity): Promise<RingRecord[]> {
    const out: RingRecord[] = [];
    const end = Date.now() + timeoutMs;
    for (;;) {
      out.push(...this.read(count - out.length));
      if (out.length >= count || Date.now() >= end) return out;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Bytes submitted but not yet consumed. */
  pending(): bigint {
    return new DataView(this.prod.view).getBigUint64(0, true) - new DataView(this.cons.view).getBigUint64(0, true);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    munmap(this.s, this.prod);
    munmap(this.s, this.cons);
  }
}
