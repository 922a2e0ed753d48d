// Attaching through bpf(): BPF_LINK_CREATE and BPF_RAW_TRACEPOINT_OPEN; and the object-id commands
// (BPF_*_GET_FD_BY_ID) that turn an id from an info struct back into an fd.
import { ok, type Result } from '@bpflc/sim/result';
import { bpf, done, type CallOptions } from './bpf.ts';
import { LINK_CREATE_ATTR, RAW_TRACEPOINT_OPEN_ATTR } from './bpf-attr/link.ts';
import { GET_FD_BY_ID_ATTR } from './bpf-attr/obj.ts';
import type { KernelError } from './errors.ts';
import type { FdKind, KernelSession } from './session.ts';
import type { LayoutInput } from './struct-layout.ts';

export type LinkCreateInput = LayoutInput<typeof LINK_CREATE_ATTR>;

/** BPF_LINK_CREATE → a link fd; closing the last fd to the link detaches the program. */
export function linkCreate(s: KernelSession, attr: LinkCreateInput, opts?: CallOptions & { label?: string }): Result<number, KernelError> {
  const r = done(bpf(s, 'BPF_LINK_CREATE', LINK_CREATE_ATTR, attr, opts));
  if (!r.ok) return r;
  s.track(r.value.ret, { kind: 'link', ...(opts?.label ? { label: opts.label } : {}) });
  return ok(r.value.ret);
}

/** BPF_RAW_TRACEPOINT_OPEN (a raw_tracepoint program on a kernel tracepoint by name, e.g. "sys_enter"). */
export function rawTracepointOpen(s: KernelSession, name: string, progFd: number, opts?: CallOptions): Result<number, KernelError> {
  const r = done(bpf(s, 'BPF_RAW_TRACEPOINT_OPEN', RAW_TRACEPOINT_OPEN_ATTR, { name, prog_fd: progFd }, opts));
  if (!r.ok) return r;
  s.track(r.value.ret, { kind: 'raw_tracepoint', label: name });
  return ok(r.value.ret);
}

const BY_ID = {
  prog: { cmd: 'BPF_PROG_GET_FD_BY_ID', key: 'prog_id' },
  map: { cmd: 'BPF_MAP_GET_FD_BY_ID', key: 'map_id' },
  btf: { cmd: 'BPF_BTF_GET_FD_BY_ID', key: 'btf_id' },
  link: { cmd: 'BPF_LINK_GET_FD_BY_ID', key: 'link_id' },
} as const;

/** BPF_{PROG,MAP,BTF,LINK}_GET_FD_BY_ID: a new fd to an existing object (needs CAP_SYS_ADMIN). */
export function getFdById(s: KernelSession, kind: keyof typeof BY_ID, id: number, opts?: CallOptions): Result<number, KernelError> {
  const { cmd, key } = BY_ID[kind];
  const input: LayoutInput<typeof GET_FD_BY_ID_ATTR> = { [key]: id };
  const r = done(bpf(s, cmd, GET_FD_BY_ID_ATTR, input, opts));
  if (!r.ok) return r;
  const fdKind: FdKind = kind;
  s.track(r.value.ret, { kind: fdKind, label: `id ${id}` });
  return ok(r.value.ret);
}
