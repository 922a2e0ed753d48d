// The prog_load step for one program (libbpf 1.1 bpf_object_load_prog), then what the kernel made of it:
//   BPF_PROG_LOAD with the arguments libbpf passes (type, expected attach type, name, license, kern_version,
//   flags, prog_btf_fd + func_info + line_info, attach_btf_id for BTF-attached types) and the verifier log at
//   the level asked (the door grows the buffer on ENOSPC);
//   BPF_PROG_BIND_MAP of each .rodata map (libbpf keeps .rodata alive with the program);
//   BPF_OBJ_GET_INFO_BY_FD (verify, jit): the xlated and jited images, verified_insns, map ids.
import type { ProgramSpec } from '@bpflc/sim/object/index';
import { BPF_PROG_TYPE_NAME } from '@bpflc/sim/abi/uapi.gen';
import { kernelObjectName } from '@bpflc/sim/object/index';
import { progInfo, progLoad, type ProgLoadInput } from '../kernel/index.ts';
import { call, own, preview, step, type LoaderContext } from './context.ts';
import { FUNC_INFO_REC_SIZE, LINE_INFO_REC_SIZE, type ExtInfo } from './ext-info.ts';
import type { Placed } from './link-subprogs.ts';
import { progBindMap } from './prog-bind-map.ts';
import type { LoadedAs, ProgramOutcome } from './types.ts';
import { verifierReason } from './verifier-log.ts';

/** A program ready for BPF_PROG_LOAD: relocated, linked, with its BTF.ext records. */
export interface ProgramImage {
  spec: ProgramSpec;
  image: Buffer;
  placed: Placed[];
  ext: ExtInfo;
  maps: string[];
  attachBtfId: number;
}

export interface LoadEnv {
  license: string;
  kernVersion: number;
  btfFd: number | undefined;
  logLevel: 1 | 2;
  logSize?: number;
  maxLogSize?: number;
  /** fds of the .rodata maps, bound to each loaded program. */
  rodata: { name: string; fd: number }[];
}

export const progTypeName = (p: ProgramSpec): string => p.progType ?? BPF_PROG_TYPE_NAME[p.progTypeValue] ?? String(p.progTypeValue);

/** The outcome of a program that never reached BPF_PROG_LOAD. */
export function notLoaded(p: ProgramSpec, error: string, logLevel: number, img?: Partial<ProgramImage>): ProgramOutcome {
  return {
    spec: p, name: p.name, section: p.section, type: progTypeName(p), loadedAs: 'none', verdict: 'not-loaded', error,
    insns: img?.image ?? Buffer.from(p.insns), subprogs: [], maps: img?.maps ?? [], log: '', logLevel, logTrueSize: 0, loadAttempts: 0,
  };
}

export async function loadProgram(ctx: LoaderContext, img: ProgramImage, env: LoadEnv, loadedAs: LoadedAs): Promise<ProgramOutcome> {
  const p = img.spec;
  const withBtf = env.btfFd !== undefined;
  const attr: ProgLoadInput = {
    prog_type: p.progTypeValue, insns: img.image, license: env.license, kern_version: env.kernVersion, prog_flags: p.progFlags,
    prog_name: kernelObjectName(p.name), prog_ifindex: 0, expected_attach_type: p.expectedAttachTypeValue,
    prog_btf_fd: withBtf ? env.btfFd! : 0,
    func_info_rec_size: withBtf ? FUNC_INFO_REC_SIZE : 0, func_info: withBtf && img.ext.funcInfoCnt ? img.ext.funcInfo : null, func_info_cnt: withBtf ? img.ext.funcInfoCnt : 0,
    line_info_rec_size: withBtf ? LINE_INFO_REC_SIZE : 0, line_info: withBtf && img.ext.lineInfoCnt ? img.ext.lineInfo : null, line_info_cnt: withBtf ? img.ext.lineInfoCnt : 0,
    attach_btf_id: img.attachBtfId, attach_prog_fd: 0, fd_array: null,
  };
  const out: ProgramOutcome = {
    spec: p, name: p.name, section: p.section, type: progTypeName(p), loadedAs, verdict: 'rejected', insns: img.image,
    subprogs: img.placed.slice(1).map((x) => ({ name: x.prog.name, slot: x.slot, insnCount: x.prog.insnCount })),
    maps: img.maps, log: '', logLevel: env.logLevel, logTrueSize: 0, loadAttempts: 0,
  };
  const how = loadedAs === 'alone' ? ' on its own' : '';
  const btfText = withBtf ? `, BTF fd ${env.btfFd} with ${img.ext.funcInfoCnt} func_info and ${img.ext.lineInfoCnt} line_info records` : ', without BTF';
  step(ctx, 'prog_load', 'prog_load', `load ${p.name}${how}: ${out.type}, ${img.image.length / 8} insns, license "${env.license}", verifier log level ${env.logLevel}${btfText}`, { program: p.name, loadedAs });
  const note = `${p.name}${how}`;
  const r = await call(ctx, { stage: 'prog_load', name: 'bpf', cmd: 'BPF_PROG_LOAD', args: preview({ ...attr, prog_type: out.type, expected_attach_type: p.expectedAttachType ?? p.expectedAttachTypeValue, log_level: env.logLevel }), note },
    () => progLoad(ctx.s, attr, { logLevel: env.logLevel, ...(env.logSize ? { logSize: env.logSize } : {}), ...(env.maxLogSize ? { maxLogSize: env.maxLogSize } : {}), stage: 'prog_load', note }));
  const log = r.ok ? r.value : r.error;
  Object.assign(out, { log: log.log, logTrueSize: log.logTrueSize, loadAttempts: log.attempts });
  if (!r.ok) {
    const e = r.error.error;
    out.error = e.message;
    if (e.kind === 'errno') out.errno = e.errnoName;
    const reason = verifierReason(log.log);
    if (reason !== undefined) out.reason = reason;
    step(ctx, 'verify', 'verify', `the kernel rejected ${p.name}: ${out.errno ?? 'error'}${reason ? `, "${reason}"` : ''}`, { program: p.name, verdict: 'rejected' });
    return out;
  }
  out.verdict = 'accepted';
  out.fd = own(ctx, r.value.fd);
  for (const m of env.rodata) {
    const bindNote = `keep ${m.name} alive with ${p.name}`;
    step(ctx, 'prog_load', 'prog_bind_map', `bind ${m.name} to ${p.name}: libbpf keeps .rodata alive with each program even when the verifier folded every use of it`);
    await call(ctx, { stage: 'prog_load', name: 'bpf', cmd: 'BPF_PROG_BIND_MAP', args: { prog_fd: out.fd, map_fd: m.fd, flags: 0 }, note: bindNote },
      () => progBindMap(ctx.s, out.fd!, m.fd, { note: bindNote }));
  }
  const info = await call(ctx, { stage: 'verify', name: 'bpf', cmd: 'BPF_OBJ_GET_INFO_BY_FD', args: { bpf_fd: out.fd, info: 'bpf_prog_info' }, note: `read back ${p.name}`, calls: 2 },
    () => progInfo(ctx.s, out.fd!, { stage: 'verify' }));
  if (!info.ok) {
    step(ctx, 'verify', 'verify', `${p.name} is loaded (fd ${out.fd}) but its info could not be read back: ${info.error.message}`);
    return out;
  }
  const i = info.value;
  Object.assign(out, { id: i.id, tag: i.tag, xlated: i.xlated, jited: i.jited, verifiedInsns: i.verifiedInsns, mapIds: i.mapIds, btfId: i.btfId });
  step(ctx, 'verify', 'verify', `the verifier accepted ${p.name} (id ${i.id}, tag ${i.tag}): verified_insns ${i.verifiedInsns}, xlated image ${i.xlated.length / 8} insns (sent ${img.image.length / 8})`,
    { program: p.name, verdict: 'accepted', id: i.id, verified_insns: i.verifiedInsns });
  step(ctx, 'jit', 'jit', i.jited.length > 0 ? `the JIT made ${i.jited.length} bytes of machine code for ${p.name}` : `no JIT image for ${p.name} (the JIT is off: the interpreter runs it)`,
    { program: p.name, jited_prog_len: i.jited.length });
  return out;
}
