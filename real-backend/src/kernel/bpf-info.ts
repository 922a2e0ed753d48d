// BPF_OBJ_GET_INFO_BY_FD: what the kernel holds for a program, map, BTF object or link. Program info is read in
// two passes, as bpftool does: first with no buffers (the kernel fills the lengths), then with buffers of those
// lengths for the xlated and jited images and the map ids.
import { ok, type Result } from '@bpflc/sim/result';
import { bpf, done, type CallOptions } from './bpf.ts';
import { OBJ_GET_INFO_ATTR } from './bpf-attr/obj.ts';
import type { KernelError } from './errors.ts';
import { BPF_BTF_INFO, BPF_LINK_INFO, BPF_MAP_INFO, BPF_PROG_INFO } from './info-layouts.ts';
import type { KernelSession } from './session.ts';
import { addressOf, keepAlive } from './syscall.ts';
import { encodeStruct, readChars, readEnum, readU32, readU64, type LayoutInput, type StructLayout } from './struct-layout.ts';

/** One BPF_OBJ_GET_INFO_BY_FD call: `input` fills the struct first (buffer pointers and their lengths). */
export function objGetInfoByFd<L extends StructLayout>(
  s: KernelSession,
  fd: number,
  layout: L,
  input: LayoutInput<L> = {},
  opts?: CallOptions,
): Result<Buffer, KernelError> {
  const info = encodeStruct(layout, input, addressOf);
  const r = done(bpf(s, 'BPF_OBJ_GET_INFO_BY_FD', OBJ_GET_INFO_ATTR, { bpf_fd: fd, info_len: layout.size, info: info.buf }, { note: layout.struct, ...opts }));
  keepAlive(info.keep);
  return r.ok ? ok(info.buf) : r;
}

export interface ProgInfo {
  type: string | number;
  id: number;
  name: string;
  /** The 8-byte program tag (a hash of the instructions with map fds zeroed), as bpftool prints it. */
  tag: string;
  gplCompatible: boolean;
  /** The program as the verifier left it (after rewrites), 8 bytes per slot. */
  xlated: Buffer;
  /** The JIT's machine code (empty when the JIT is off). */
  jited: Buffer;
  verifiedInsns: number;
  mapIds: number[];
  btfId: number;
  loadTime: bigint;
  createdByUid: number;
  runCnt: bigint;
  runTimeNs: bigint;
}

export function progInfo(s: KernelSession, fd: number, opts?: CallOptions): Result<ProgInfo, KernelError> {
  const first = objGetInfoByFd(s, fd, BPF_PROG_INFO, {}, { note: 'bpf_prog_info: lengths', ...opts });
  if (!first.ok) return first;
  const lens = first.value;
  const xlated = Buffer.alloc(readU32(lens, BPF_PROG_INFO, 'xlated_prog_len'));
  const jited = Buffer.alloc(readU32(lens, BPF_PROG_INFO, 'jited_prog_len'));
  const nrMapIds = readU32(lens, BPF_PROG_INFO, 'nr_map_ids');
  const mapIds = Buffer.alloc(nrMapIds * 4);
  const second = objGetInfoByFd(
    s,
    fd,
    BPF_PROG_INFO,
    {
      xlated_prog_len: xlated.length,
      xlated_prog_insns: xlated.length ? xlated : null,
      jited_prog_len: jited.length,
      jited_prog_insns: jited.length ? jited : null,
      nr_map_ids: nrMapIds,
      map_ids: nrMapIds ? mapIds : null,
    },
    { note: 'bpf_prog_info: xlated, jited, map ids', ...opts },
  );
  if (!second.ok) return second;
  const b = second.value;
  return ok({
    type: readEnum(b, BPF_PROG_INFO, 'type'),
    id: readU32(b, BPF_PROG_INFO, 'id'),
    name: readChars(b, BPF_PROG_INFO, 'name'),
    tag: readChars(b, BPF_PROG_INFO, 'tag'),
    gplCompatible: (readU32(b, BPF_PROG_INFO, 'gpl_compatible') & 1) === 1,
    // The kernel may report shorter images in the second pass (it writes min(ours, its)); trust its lengths.
    xlated: xlated.subarray(0, readU32(b, BPF_PROG_INFO, 'xlated_prog_len')),
    jited: jited.subarray(0, readU32(b, BPF_PROG_INFO, 'jited_prog_len')),
    verifiedInsns: readU32(b, BPF_PROG_INFO, 'verified_insns'),
    mapIds: Array.from({ length: nrMapIds }, (_, i) => mapIds.readUInt32LE(i * 4)),
    btfId: readU32(b, BPF_PROG_INFO, 'btf_id'),
    loadTime: readU64(b, BPF_PROG_INFO, 'load_time'),
    createdByUid: readU32(b, BPF_PROG_INFO, 'created_by_uid'),
    runCnt: readU64(b, BPF_PROG_INFO, 'run_cnt'),
    runTimeNs: readU64(b, BPF_PROG_INFO, 'run_time_ns'),
  });
}

export interface MapInfo {
  type: string | number;
  id: number;
  name: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  btfId: number;
}

export function mapInfo(s: KernelSession, fd: number, opts?: CallOptions): Result<MapInfo, KernelError> {
  const r = objGetInfoByFd(s, fd, BPF_MAP_INFO, {}, opts);
  if (!r.ok) return r;
  const b = r.value;
  return ok({
    type: readEnum(b, BPF_MAP_INFO, 'type'),
    id: readU32(b, BPF_MAP_INFO, 'id'),
    name: readChars(b, BPF_MAP_INFO, 'name'),
    keySize: readU32(b, BPF_MAP_INFO, 'key_size'),
    valueSize: readU32(b, BPF_MAP_INFO, 'value_size'),
    maxEntries: readU32(b, BPF_MAP_INFO, 'max_entries'),
    flags: readU32(b, BPF_MAP_INFO, 'map_flags'),
    btfId: readU32(b, BPF_MAP_INFO, 'btf_id'),
  });
}

export interface BtfInfo {
  id: number;
  btfSize: number;
  kernelBtf: boolean;
}

export function btfInfo(s: KernelSession, fd: number, opts?: CallOptions): Result<BtfInfo, KernelError> {
  const r = objGetInfoByFd(s, fd, BPF_BTF_INFO, {}, opts);
  if (!r.ok) return r;
  const b = r.value;
  return ok({ id: readU32(b, BPF_BTF_INFO, 'id'), btfSize: readU32(b, BPF_BTF_INFO, 'btf_size'), kernelBtf: readU32(b, BPF_BTF_INFO, 'kernel_btf') !== 0 });
}

export interface LinkInfo {
  type: string | number;
  id: number;
  progId: number;
}

export function linkInfo(s: KernelSession, fd: number, opts?: CallOptions): Result<LinkInfo, KernelError> {
  const r = objGetInfoByFd(s, fd, BPF_LINK_INFO, {}, opts);
  if (!r.ok) return r;
  const b = r.value;
  return ok({
    type: readEnum(b, BPF_LINK_INFO, 'type'),
    id: readU32(b, BPF_LINK_INFO, 'id'),
    progId: readU32(b, BPF_LINK_INFO, 'prog_id'),
  });
}
