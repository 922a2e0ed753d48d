// Map commands: create, element lookup/update/delete/next-key, freeze. Each returns a Result; a kernel refusal
// is an error value carrying its TraceEvent and a sentence.
import { ok, type Result } from '@bpflc/sim/result';
import { bpf, done, type CallOptions } from './bpf.ts';
import { MAP_CREATE_ATTR, MAP_DELETE_ATTR, MAP_ELEM_ATTR, MAP_FREEZE_ATTR, MAP_NEXT_KEY_ATTR } from './bpf-attr/map.ts';
import type { KernelError } from './errors.ts';
import type { KernelSession } from './session.ts';
import type { LayoutInput } from './struct-layout.ts';

export type MapCreateInput = LayoutInput<typeof MAP_CREATE_ATTR>;

/** BPF_MAP_CREATE → the new map's fd (tracked by the session). */
export function mapCreate(s: KernelSession, attr: MapCreateInput, opts?: CallOptions): Result<number, KernelError> {
  const r = done(bpf(s, 'BPF_MAP_CREATE', MAP_CREATE_ATTR, attr, opts));
  if (!r.ok) return r;
  s.track(r.value.ret, { kind: 'map', ...(attr.map_name ? { label: attr.map_name } : {}) });
  return ok(r.value.ret);
}

/** BPF_MAP_LOOKUP_ELEM: the kernel copies the value into `value` (value_size bytes). */
export function mapLookupElem(s: KernelSession, mapFd: number, key: Buffer, value: Buffer, opts?: CallOptions): Result<Buffer, KernelError> {
  const r = done(bpf(s, 'BPF_MAP_LOOKUP_ELEM', MAP_ELEM_ATTR, { map_fd: mapFd, key, value }, opts));
  return r.ok ? ok(value) : r;
}

/** BPF_MAP_UPDATE_ELEM; flags: BPF_ANY 0, BPF_NOEXIST 1, BPF_EXIST 2, BPF_F_LOCK 4. */
export function mapUpdateElem(
  s: KernelSession,
  mapFd: number,
  key: Buffer,
  value: Buffer,
  flags: bigint = 0n,
  opts?: CallOptions,
): Result<void, KernelError> {
  const r = done(bpf(s, 'BPF_MAP_UPDATE_ELEM', MAP_ELEM_ATTR, { map_fd: mapFd, key, value, flags }, opts));
  return r.ok ? ok(undefined) : r;
}

export function mapDeleteElem(s: KernelSession, mapFd: number, key: Buffer, opts?: CallOptions): Result<void, KernelError> {
  const r = done(bpf(s, 'BPF_MAP_DELETE_ELEM', MAP_DELETE_ATTR, { map_fd: mapFd, key }, opts));
  return r.ok ? ok(undefined) : r;
}

/** BPF_MAP_GET_NEXT_KEY: key null → the first key. ENOENT after the last key is an error value too. */
export function mapGetNextKey(
  s: KernelSession,
  mapFd: number,
  key: Buffer | null,
  nextKey: Buffer,
  opts?: CallOptions,
): Result<Buffer, KernelError> {
  const r = done(bpf(s, 'BPF_MAP_GET_NEXT_KEY', MAP_NEXT_KEY_ATTR, { map_fd: mapFd, key, next_key: nextKey }, opts));
  return r.ok ? ok(nextKey) : r;
}

export function mapFreeze(s: KernelSession, mapFd: number, opts?: CallOptions): Result<void, KernelError> {
  const r = done(bpf(s, 'BPF_MAP_FREEZE', MAP_FREEZE_ATTR, { map_fd: mapFd }, opts));
  return r.ok ? ok(undefined) : r;
}
