// Map contents as user space sees them: walk BPF_MAP_GET_NEXT_KEY from no key, BPF_MAP_LOOKUP_ELEM each key,
// and decode with the map's BTF key/value types when given (else hex). Per-CPU maps hand back one value per
// possible CPU, each rounded up to 8 bytes. Ring buffers and perf event arrays have no elements to walk.
// e.g. dumpMap(s, fd) → { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '00000000', value: '0700000000000000' }] }
import { readFileSync } from 'node:fs';
import type { Btf } from '@bpflc/sim/btf/index';
import { ok, err, type Result } from '@bpflc/sim/result';
import { mapGetNextKey, mapInfo, mapLookupElem, type KernelError, type KernelSession } from '../kernel/index.ts';
import { decodeBtfValue, type BtfJson } from '@bpflc/sim/btf/index';

export interface MapEntry {
  key: string;
  /** One hex string, or one per CPU for per-CPU maps. */
  value: string | string[];
  keyDecoded?: BtfJson;
  valueDecoded?: BtfJson | BtfJson[];
}

export interface MapDump {
  type: string | number;
  name: string;
  entries: MapEntry[];
  /** True when maxEntries keys were read and the walk stopped there. */
  truncated: boolean;
}

export interface DumpOptions {
  /** BTF with the key and value types (the object's .BTF; the map's btf_key/value_type_id). */
  btf?: { btf: Btf; keyTypeId: number; valueTypeId: number };
  /** Stop after this many entries (default 1024). */
  maxEntries?: number;
}

/** The number of possible CPUs (/sys/devices/system/cpu/possible, e.g. "0-1" → 2): per-CPU values come this many. */
export function possibleCpus(text: string = readFileSync('/sys/devices/system/cpu/possible', 'utf8')): number {
  let n = 0;
  for (const part of text.trim().split(',')) {
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    n += b === undefined ? 1 : b - (a ?? 0) + 1;
  }
  return n;
}

const NOT_WALKABLE = new Set(['BPF_MAP_TYPE_RINGBUF', 'BPF_MAP_TYPE_USER_RINGBUF', 'BPF_MAP_TYPE_PERF_EVENT_ARRAY', 'BPF_MAP_TYPE_PROG_ARRAY']);

export function dumpMap(s: KernelSession, mapFd: number, opts: DumpOptions = {}): Result<MapDump, KernelError> {
  const info = mapInfo(s, mapFd, { stage: 'run' });
  if (!info.ok) return info;
  const { type, name, keySize, valueSize } = info.value;
  if (NOT_WALKABLE.has(String(type))) {
    return err({ kind: 'unavailable', feature: 'map_dump', message: `${name} is a ${String(type)}: it has no elements to walk; read it with its consumer (ring buffer / perf buffer reader)` });
  }
  const perCpu = /PERCPU/.test(String(type));
  const cpus = perCpu ? possibleCpus() : 1;
  const slot = perCpu ? Math.ceil(valueSize / 8) * 8 : valueSize;
  const limit = opts.maxEntries ?? 1024;
  const entries: MapEntry[] = [];
  let key: Buffer | null = null;
  for (;;) {
    if (entries.length >= limit) return ok({ type, name, entries, truncated: true });
    const next = mapGetNextKey(s, mapFd, key, Buffer.alloc(keySize), { stage: 'run' });
    if (!next.ok) {
      if (next.error.kind === 'errno' && next.error.errnoName === 'ENOENT') break;
      return next;
    }
    key = next.value;
    const value = mapLookupElem(s, mapFd, key, Buffer.alloc(slot * cpus), { stage: 'run' });
    // A key deleted between the two calls (ENOENT) is skipped, as bpftool does.
    if (!value.ok) {
      if (value.error.kind === 'errno' && value.error.errnoName === 'ENOENT') continue;
      return value;
    }
    const parts = Array.from({ length: cpus }, (_, i) => value.value.subarray(i * slot, i * slot + valueSize));
    const e: MapEntry = { key: key.toString('hex'), value: perCpu ? parts.map((p) => p.toString('hex')) : (parts[0] ?? Buffer.alloc(0)).toString('hex') };
    if (opts.btf) {
      const { btf, keyTypeId, valueTypeId } = opts.btf;
      if (keyTypeId) e.keyDecoded = decodeBtfValue(btf, keyTypeId, key);
      if (valueTypeId) e.valueDecoded = perCpu ? parts.map((p) => decodeBtfValue(btf, valueTypeId, p)) : decodeBtfValue(btf, valueTypeId, parts[0] ?? new Uint8Array());
    }
    entries.push(e);
  }
  return ok({ type, name, entries, truncated: false });
}
