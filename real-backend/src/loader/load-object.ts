// The agent's loader: an object file → kernel objects, as a sequence of named steps over one state, in the
// order of libbpf 1.1's bpf_object__load:
//   open → (externs) → btf_load → map_create (+ initial values, freeze) → relocate (CO-RE, calls, data)
//   → prog_load (+ bind .rodata) → verify/jit (info read back) → prog array slots
// Every syscall goes through the kernel door and is recorded in the session; every step adds a StepEvent that
// says what it does and why. When the whole-object attempt fails (a map, a relocation or a program), libbpf
// would stop and close everything; the agent goes on and loads each remaining program on its own with the
// maps it references, so that every program gets a verdict, a log and images, marked with how it was loaded.
// Step mode: with opts.beforeSyscall the load waits before each call until the gate resolves.
// Left out: libbpf's feature probes (the agent assumes a kernel with BTF, global data, BPF_PROG_BIND_MAP),
// pinning, struct_ops, freplace, module BTF, attach (a later step plugs in on LoadedObject).
import { createHash } from 'node:crypto';
import { readObjectSpec, type MapSpec, type ObjectSpec, type ProgramSpec } from '@bpflc/sim/object/index';
import { BPF_MAP_TYPE } from '@bpflc/sim/abi/uapi.gen';
import { err, ok, type Result } from '@bpflc/sim/result';
import { btfLoad, kernelConfig, mapUpdateElem, type KernelSession } from '../kernel/index.ts';
import { call, own, preview, step, type LoaderContext } from './context.ts';
import { createMaps } from './create-maps.ts';
import { kernelVersionCode, resolveExterns, type ExternValues } from './externs.ts';
import { kernelRelease, possibleCpus } from './host.ts';
import { kernelBtfBlob } from './kernel-btf-blob.ts';
import { loadProgram, notLoaded, type LoadEnv } from './load-program.ts';
import { prepareImages, type Prepared } from './prepare-images.ts';
import type { LoadedObject, LoaderOptions, OpenFailure, ProgramOutcome } from './types.ts';
import { unload } from './unload.ts';
import { kernelBtf, type KernelBtf } from './vmlinux-btf.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function open(ctx: LoaderContext, bytes: Uint8Array, opts: LoaderOptions, hash: string): Result<ObjectSpec, OpenFailure> {
  const r = readObjectSpec(bytes, { ...(opts.path !== undefined ? { path: opts.path } : {}), ...(opts.objectName !== undefined ? { objectName: opts.objectName } : {}) });
  if (!r.ok) {
    const message = `cannot open the object (${r.error.step}, at byte ${r.error.offset}): ${r.error.message}`;
    step(ctx, 'open', 'open', message, { step: r.error.step, offset: r.error.offset });
    return err({ kind: 'open-failed', sha256: hash, error: r.error, message });
  }
  const spec = r.value;
  if (!spec.littleEndian) {
    const message = 'the object is big-endian (clang -target bpfeb); this little-endian kernel cannot load it';
    step(ctx, 'open', 'open', message);
    return err({ kind: 'open-failed', sha256: hash, error: { kind: 'object-error', step: 'elf', offset: 5, message, libbpfErrno: 'LIBBPF_ERRNO__ENDIAN' }, message });
  }
  const mains = spec.programs.filter((p) => !p.isSubprog);
  const kinds = new Map<string, number>();
  for (const x of spec.relocations) kinds.set(x.kind, (kinds.get(x.kind) ?? 0) + 1);
  const relos = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  step(ctx, 'open', 'open',
    `open ${opts.path ?? 'the object'} as libbpf ${spec.libbpf} would (object name "${spec.objectName}"): ${mains.length} program(s) (${mains.map((p) => p.name).join(', ')}), ` +
    `${spec.maps.length} map(s)${spec.maps.length ? ` (${spec.maps.map((m) => m.name).join(', ')})` : ''}, relocations: ${relos}; BTF ${spec.btf ? 'yes' : 'no'}`,
    { sha256: hash, programs: mains.length, maps: spec.maps.length });
  for (const w of spec.warnings) step(ctx, 'open', 'open_warning', w.message, { kind: w.kind });
  return ok(spec);
}

async function loadBtf(ctx: LoaderContext, bytes: Uint8Array, spec: ObjectSpec): Promise<{ fd?: number; error?: string }> {
  if (!spec.btf) return { error: 'the object has no BTF' };
  const blob = kernelBtfBlob(bytes, spec);
  if (!blob.ok) {
    step(ctx, 'btf_load', 'btf_load', `the object's BTF cannot be prepared for the kernel (${blob.error}); going on without BTF`);
    return { error: blob.error };
  }
  const { bytes: b, fixups } = blob.value;
  step(ctx, 'btf_load', 'btf_load', `load the object's BTF (${b.length} bytes, ${spec.btf.types.length - 1} types) so that maps, func_info and line_info can name types${fixups.length ? `; fixed up as libbpf does: ${fixups.join('; ')}` : ''}`);
  // libbpf sends it without a log first and asks for one only when the kernel refuses it.
  const r = await call(ctx, { stage: 'btf_load', name: 'bpf', cmd: 'BPF_BTF_LOAD', args: preview({ btf: b, btf_size: b.length, btf_log_level: 0 }), note: 'the object\'s .BTF' },
    () => btfLoad(ctx.s, b, { logLevel: 0, stage: 'btf_load', note: 'the object\'s .BTF' }));
  if (r.ok) return { fd: own(ctx, r.value.fd) };
  const retry = await call(ctx, { stage: 'btf_load', name: 'bpf', cmd: 'BPF_BTF_LOAD', args: preview({ btf: b, btf_size: b.length, btf_log_level: 1 }), note: 'retry with a BTF log' },
    () => btfLoad(ctx.s, b, { logLevel: 1, stage: 'btf_load', note: 'retry with a BTF log' }));
  if (retry.ok) return { fd: own(ctx, retry.value.fd) };
  const why = `${retry.error.error.message}${retry.error.log ? ` Log: ${retry.error.log.trim().split('\n').at(-1)}` : ''}`;
  step(ctx, 'btf_load', 'btf_load', `the kernel refused the object's BTF (${why}); going on without BTF, as libbpf does when BTF is optional`);
  return { error: why };
}

/** Fills prog array slots from their `.values` initialisers (libbpf's bpf_object_init_prog_arrays). */
async function initProgArrays(ctx: LoaderContext, maps: readonly { spec: MapSpec; fd?: number }[], programs: readonly ProgramOutcome[]): Promise<void> {
  for (const m of maps) {
    if (m.spec.typeValue !== BPF_MAP_TYPE.BPF_MAP_TYPE_PROG_ARRAY || m.fd === undefined) continue;
    for (const slot of m.spec.initSlots) {
      const prog = programs.find((p) => p.name === slot.name);
      if (prog?.fd === undefined) {
        step(ctx, 'prog_load', 'prog_array', `${m.spec.name}[${slot.slot}] stays empty: ${slot.name} was not loaded`);
        continue;
      }
      const key = Buffer.alloc(4);
      key.writeUInt32LE(slot.slot);
      const value = Buffer.alloc(4);
      value.writeUInt32LE(prog.fd);
      const note = `${m.spec.name}[${slot.slot}] = ${slot.name}`;
      step(ctx, 'prog_load', 'prog_array', `put ${slot.name} (fd ${prog.fd}) into slot ${slot.slot} of prog array ${m.spec.name}`);
      await call(ctx, { stage: 'prog_load', name: 'bpf', cmd: 'BPF_MAP_UPDATE_ELEM', args: { map_fd: m.fd, key: slot.slot, value: prog.fd }, note },
        () => mapUpdateElem(ctx.s, m.fd!, key, value, 0n, { stage: 'prog_load', note }));
    }
  }
}

/**
 * Loads `bytes` into the kernel through `s`. Expected failures are values: a refused object is an
 * OpenFailure, rejected programs are verdicts. A gate that rejects stops the load: the fds it opened are
 * closed and the gate's error is rethrown.
 */
export async function loadObject(s: KernelSession, bytes: Uint8Array, opts: LoaderOptions = {}): Promise<Result<LoadedObject, OpenFailure>> {
  const ctx: LoaderContext = { s, gate: opts.beforeSyscall, fds: [] };
  const hash = sha256(bytes);
  const release = opts.kernelRelease ?? kernelRelease();
  const logLevel = opts.logLevel ?? 1;
  const opened = open(ctx, bytes, opts, hash);
  if (!opened.ok) return opened;
  const spec = opened.value;
  const loaded: LoadedObject = { spec, sha256: hash, kernelRelease: release, maps: [], programs: [], fds: ctx.fds, logLevel };
  try {
    await run(ctx, bytes, spec, loaded, opts, release);
  } catch (e) {
    unload(s, loaded);
    throw e;
  }
  return ok(loaded);
}

async function run(ctx: LoaderContext, bytes: Uint8Array, spec: ObjectSpec, loaded: LoadedObject, opts: LoaderOptions, release: string): Promise<void> {
  let kernel: Result<KernelBtf, string> | undefined;
  const getKernel = (): Result<KernelBtf, string> => {
    if (kernel) return kernel;
    kernel = kernelBtf(opts.vmlinuxPath);
    step(ctx, 'relocate', 'vmlinux_btf', kernel.ok
      ? `the running kernel's BTF from ${kernel.value.path}: ${kernel.value.btf.types.length - 1} types (${kernel.value.uses === 1 ? `decoded in ${kernel.value.decodeMs} ms, kept for later loads` : 'decoded by an earlier load'})`
      : `the running kernel's BTF is unavailable: ${kernel.error}`);
    return kernel;
  };

  let externs: ExternValues = { kconfig: undefined, ksyms: new Map(), lines: [] };
  let externError: string | undefined;
  if (spec.externs.length > 0) {
    const r = resolveExterns(spec, { release, kconfig: kernelConfig, kernel: getKernel });
    if (r.ok) externs = r.value;
    else externError = r.error;
    step(ctx, 'open', 'externs', r.ok ? `resolve ${spec.externs.length} extern(s) for this kernel: ${r.value.lines.join('; ')}` : `externs cannot be resolved: ${r.error}`);
    if (externError) loaded.objectFailure = { stage: 'open', at: 'externs', message: externError };
  }

  const btf = await loadBtf(ctx, bytes, spec);
  if (btf.fd !== undefined) loaded.btfFd = btf.fd;
  if (btf.error !== undefined) loaded.btfError = btf.error;

  const maps = await createMaps(ctx, spec.maps, { btfFd: btf.fd, possibleCpus: opts.possibleCpus ?? possibleCpus(), kconfigValue: externs.kconfig });
  loaded.maps = maps.maps;
  if (maps.failure) loaded.objectFailure ??= maps.failure;
  const mapFd = (name: string): number | undefined => {
    const m = maps.maps.find((x) => x.name === name);
    return externError !== undefined && m?.spec.kind === 'kconfig' ? undefined : m?.fd;
  };

  const images = prepareImages(ctx, spec, { kernel: getKernel, mapFd, ksyms: externs.ksyms });
  const mains = spec.programs.filter((p) => !p.isSubprog);
  for (const p of mains) {
    const prep = images.get(p);
    if (prep && !prep.ok) loaded.objectFailure ??= { stage: 'relocate', at: p.name, message: `${p.name}: ${prep.error}` };
  }

  const env: LoadEnv = {
    license: spec.license ?? '', kernVersion: spec.kernelVersion ?? kernelVersionCode(release), btfFd: btf.fd, logLevel: loaded.logLevel,
    ...(opts.logSize ? { logSize: opts.logSize } : {}), ...(opts.maxLogSize ? { maxLogSize: opts.maxLogSize } : {}),
    rodata: maps.maps.filter((m) => m.spec.kind === 'global-data' && m.spec.section.startsWith('.rodata') && m.fd !== undefined).map((m) => ({ name: m.name, fd: m.fd! })),
  };
  let toldAlone = false;
  for (const p of mains) loaded.programs.push(await loadOne(ctx, p, images.get(p), env, loaded, () => {
    if (toldAlone || !loaded.objectFailure) return;
    toldAlone = true;
    const f = loaded.objectFailure;
    step(ctx, 'prog_load', 'fallback', `the whole-object load failed at ${f.stage} (${f.at}): libbpf's bpf_object__load would stop here and close everything. ` +
      'The agent goes on: each remaining program is loaded on its own, with the maps it references.', { stage: f.stage, at: f.at });
  }));
  await initProgArrays(ctx, maps.maps, loaded.programs);
}

async function loadOne(ctx: LoaderContext, p: ProgramSpec, prep: Prepared | undefined, env: LoadEnv, loaded: LoadedObject, announceAlone: () => void): Promise<ProgramOutcome> {
  if (!p.autoload) {
    step(ctx, 'prog_load', 'prog_load', `${p.name} is not loaded: SEC("?${p.section}") turns autoload off`);
    return notLoaded(p, `SEC("?${p.section}") turns autoload off: libbpf opens but does not load it`, env.logLevel);
  }
  if (!prep || !prep.ok) {
    const why = prep ? prep.error : 'it was not relocated';
    step(ctx, 'prog_load', 'prog_load', `${p.name} is not loaded: ${why}`);
    return notLoaded(p, why, env.logLevel);
  }
  const missing = prep.image.maps.filter((m) => loaded.maps.find((x) => x.name === m)?.fd === undefined);
  if (missing.length > 0) {
    const why = `it needs map(s) ${missing.join(', ')}, which the kernel did not create`;
    step(ctx, 'prog_load', 'prog_load', `${p.name} is not loaded: ${why}`);
    return notLoaded(p, why, env.logLevel, prep.image);
  }
  announceAlone();
  const out = await loadProgram(ctx, prep.image, env, loaded.objectFailure ? 'alone' : 'object');
  if (out.verdict !== 'accepted' && out.loadedAs === 'object') {
    loaded.objectFailure = { stage: 'prog_load', at: p.name, message: `${p.name}: ${out.error ?? 'rejected'}` };
  }
  return out;
}
