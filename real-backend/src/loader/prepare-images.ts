// The relocate step for every program of an object (libbpf 1.1 bpf_object__relocate): CO-RE first, on each
// function's own instructions; then per program the subprogram calls (append callees) and the data
// relocations on the linked image; its func_info/line_info; and, for BTF-attached types (tp_btf, fentry,
// lsm, iter), the kernel BTF id it attaches to. Each program ends as a ProgramImage or with the reason it
// cannot be loaded.
import type { ObjectSpec, ProgramSpec } from '@bpflc/sim/object/index';
import type { Result } from '@bpflc/sim/result';
import { applyCore } from './core.ts';
import { step, type LoaderContext } from './context.ts';
import type { KsymValue } from './externs.ts';
import { extInfo } from './ext-info.ts';
import { linkSubprogs } from './link-subprogs.ts';
import type { ProgramImage } from './load-program.ts';
import { mapsUsed, relocateData } from './relocate-data.ts';
import { findKernelType, type KernelBtf } from './vmlinux-btf.ts';

export interface ImageEnv {
  kernel: () => Result<KernelBtf, string>;
  mapFd: (name: string) => number | undefined;
  ksyms: ReadonlyMap<string, KsymValue>;
}

export type Prepared = { ok: true; image: ProgramImage } | { ok: false; error: string };

function attachBtfId(p: ProgramSpec, kernel: ImageEnv['kernel']): Result<number, string> {
  if (p.attach.kind !== 'btf') return { ok: true, value: 0 };
  if (p.attach.in !== 'kernel') return { ok: false, error: `${p.section} attaches to another BPF program (freplace), which this loader does not support` };
  const k = kernel();
  if (!k.ok) return k;
  const id = findKernelType(k.value, p.attach.btfName, p.attach.btfKind);
  if (!id) return { ok: false, error: `the kernel has no ${p.attach.btfKind.slice('BTF_KIND_'.length)} named ${p.attach.btfName} to attach ${p.name} to` };
  return { ok: true, value: id };
}

/** Relocates every main program that libbpf would load (autoload on); `failed` holds the others' reasons. */
export function prepareImages(ctx: LoaderContext, spec: ObjectSpec, env: ImageEnv): Map<ProgramSpec, Prepared> {
  const out = new Map<ProgramSpec, Prepared>();
  const mains = spec.programs.filter((p) => !p.isSubprog && p.autoload);
  const core = spec.relocations.some((r) => r.kind === 'core')
    ? applyCore(spec, env.kernel)
    : { insns: new Map(spec.programs.map((p) => [p, Buffer.from(p.insns)])), outcomes: [], failed: new Map<ProgramSpec, string>() };
  for (const o of core.outcomes) {
    step(ctx, 'relocate', 'core', `CO-RE insn ${o.slot} of ${o.program}: ${o.text}`, { program: o.program, insn: o.slot, kind: o.kind, result: o.result, candidates: o.candidates, ...(o.orig !== undefined ? { orig: o.orig } : {}), ...(o.new !== undefined ? { new: o.new } : {}) });
  }
  for (const p of mains) {
    const linked = linkSubprogs(spec, p, core.insns);
    if (!linked.ok) {
      out.set(p, { ok: false, error: linked.error });
      continue;
    }
    const { image, placed, calls } = linked.value;
    const coreFail = placed.map((x) => core.failed.get(x.prog)).find((e) => e !== undefined);
    if (coreFail !== undefined) {
      out.set(p, { ok: false, error: coreFail });
      continue;
    }
    for (const c of calls) step(ctx, 'relocate', 'subprog_call', `${p.name} ${c}`, { program: p.name });
    const data = relocateData(spec, image, placed, { mapFd: env.mapFd, ksyms: env.ksyms });
    if (!data.ok) {
      out.set(p, { ok: false, error: data.error });
      continue;
    }
    for (const d of data.value) step(ctx, 'relocate', 'relocate', `${p.name}: ${d.text}`, { program: p.name, insn: d.slot, kind: d.relo.kind });
    const attach = attachBtfId(p, env.kernel);
    if (!attach.ok) {
      out.set(p, { ok: false, error: attach.error });
      continue;
    }
    if (attach.value) step(ctx, 'relocate', 'attach_btf_id', `${p.name} attaches to ${p.attach.kind === 'btf' ? p.attach.btfName : ''}: vmlinux BTF id ${attach.value} (attach_btf_id)`);
    const subs = placed.length - 1;
    step(ctx, 'relocate', 'relocated', `${p.name}: ${image.length / 8} insns ready for BPF_PROG_LOAD (${data.value.length} data relocation(s)${subs ? `, ${subs} subprogram(s) appended` : ''})`, { program: p.name });
    out.set(p, { ok: true, image: { spec: p, image, placed, ext: extInfo(spec, placed), maps: mapsUsed(spec, placed), attachBtfId: attach.value } });
  }
  return out;
}
