// CO-RE over a whole object (libbpf 1.1 bpf_object__relocate_core): every `core` relocation of every function,
// resolved against the running kernel's BTF and patched into that function's own copy of its instructions,
// each outcome reported as a step event. A relocation libbpf cannot resolve at all (an anonymous root type,
// an instruction that does not hold the compiler's value, an ambiguous match) fails the function: its
// programs are not loaded; one without a kernel match is poisoned and left to the verifier.
// e.g. "CO-RE insn 13 of handle_exec: task_struct.real_parent byte_off 1280 → 2480 (vmlinux [131] struct task_struct)"
import type { Btf, BtfCoreRelo } from '@bpflc/sim/btf/index';
import type { ObjectSpec, ProgramSpec } from '@bpflc/sim/object/index';
import { err, ok, type Result } from '@bpflc/sim/result';
import { calcRelo, type CoreResult } from './core-calc.ts';
import { findCandidates, localSpec, matchCandidate, type CoreSpec } from './core-match.ts';
import { patchInsn, POISON_HELPER_ID } from './core-patch.ts';
import type { KernelBtf } from './vmlinux-btf.ts';

export interface CoreOutcome {
  program: string;
  slot: number;
  kind: string;
  path: string;
  /** 'patched' | 'poisoned' | 'failed' */
  result: 'patched' | 'poisoned' | 'failed';
  /** The compiler's value and the kernel's, as decimal strings (64-bit). */
  orig?: string;
  new?: string;
  text: string;
  candidates: number;
}

interface Resolved {
  res: CoreResult;
  target?: CoreSpec;
  candidates: number;
}

/** bpf_core_calc_relo_insn: resolve one relocation against every candidate; all matches must agree. */
function resolve(k: KernelBtf | undefined, local: Btf, relo: BtfCoreRelo, cands: Map<number, number[]>): Result<Resolved, string> {
  const ls = localSpec(local, relo);
  if (relo.kind === 'BPF_CORE_TYPE_ID_LOCAL') {
    const v = BigInt(relo.typeId);
    return ok({ res: { poison: false, origVal: v, newVal: v, validate: false, origSz: 0, newSz: 0, origTypeId: 0, newTypeId: 0, failMemszAdjust: false }, candidates: 0 });
  }
  if (!k) return err('no kernel BTF to resolve against');
  const root = local.types[relo.typeId];
  if (!root || root.name === '') return err(`relocation ${relo.kind} on an anonymous type: libbpf cannot search the kernel for it`);
  let ids = cands.get(relo.typeId);
  if (!ids) {
    ids = findCandidates(k, local, relo.typeId);
    cands.set(relo.typeId, ids);
  }
  let chosen: Resolved | undefined;
  for (const id of ids) {
    const m = matchCandidate(ls, relo, k.btf, id);
    if (!m.ok) return m;
    if (!m.value) continue;
    const r = calcRelo(relo, ls, m.value);
    if (!r.ok) return r;
    if (!chosen) {
      chosen = { res: r.value, target: m.value, candidates: ids.length };
    } else if (m.value.bitOffset !== chosen.target!.bitOffset) {
      return err(`field offset ambiguity: kernel types [${chosen.target!.rootTypeId}] and [${id}] put it at different bits (${chosen.target!.bitOffset} vs ${m.value.bitOffset})`);
    } else if (r.value.poison !== chosen.res.poison || r.value.newVal !== chosen.res.newVal) {
      return err(`relocation decision ambiguity: kernel types [${chosen.target!.rootTypeId}] and [${id}] give ${chosen.res.newVal} and ${r.value.newVal}`);
    }
  }
  if (chosen) return ok(chosen);
  const r = calcRelo(relo, ls, undefined);
  return r.ok ? ok({ res: r.value, candidates: ids.length }) : r;
}

function describeTarget(k: KernelBtf, t: CoreSpec | undefined): string {
  if (!t) return 'no match in vmlinux';
  const root = k.btf.types[t.rootTypeId];
  return `vmlinux [${t.rootTypeId}] ${root?.kind.slice('BTF_KIND_'.length).toLowerCase() ?? '?'} ${root?.name ?? ''}`.trimEnd();
}

/**
 * Applies every CO-RE relocation of `spec` to per-function copies of the instructions. `kernel` is asked for
 * only when a relocation needs it. Returns the copies (functions without CO-RE relocations are copied as is),
 * the per-relocation outcomes, and the functions that could not be relocated, with the reason.
 */
export function applyCore(spec: ObjectSpec, kernel: () => Result<KernelBtf, string>): {
  insns: Map<ProgramSpec, Buffer>;
  outcomes: CoreOutcome[];
  failed: Map<ProgramSpec, string>;
} {
  const insns = new Map<ProgramSpec, Buffer>(spec.programs.map((p) => [p, Buffer.from(p.insns)]));
  const outcomes: CoreOutcome[] = [];
  const failed = new Map<ProgramSpec, string>();
  const cands = new Map<number, number[]>();
  for (const r of spec.relocations) {
    if (r.kind !== 'core') continue;
    const p = spec.programs.find((q) => q.name === r.program && q.section === r.section);
    if (!p || failed.has(p) || !spec.btf) continue;
    const base = { program: p.name, slot: r.insnIndex, kind: r.relo.kind, path: r.relo.access.path };
    const fail = (why: string): void => {
      failed.set(p, `CO-RE relocation at insn ${r.insnIndex} (${r.relo.access.spec}): ${why}`);
      outcomes.push({ ...base, result: 'failed', text: why, candidates: 0 });
    };
    const k = kernel();
    if (!k.ok && r.relo.kind !== 'BPF_CORE_TYPE_ID_LOCAL') {
      fail(k.error);
      continue;
    }
    const resolved = resolve(k.ok ? k.value : undefined, spec.btf, r.relo, cands);
    if (!resolved.ok) {
      fail(resolved.error);
      continue;
    }
    const patched = patchInsn(insns.get(p)!, r.insnIndex, resolved.value.res);
    if (!patched.ok) {
      fail(patched.error);
      continue;
    }
    const res = resolved.value.res;
    const poisoned = patched.value.startsWith('poisoned');
    const where = k.ok ? describeTarget(k.value, resolved.value.target) : 'local BTF';
    const text = poisoned
      ? `${r.relo.access.path} (${r.relo.kind}): ${where}, ${patched.value}; if this instruction is reachable the verifier says "invalid func unknown#${POISON_HELPER_ID}"`
      : `${r.relo.access.path} (${r.relo.kind}) ${res.origVal} → ${res.newVal} (${where}): ${patched.value}`;
    outcomes.push({ ...base, result: poisoned ? 'poisoned' : 'patched', ...(poisoned ? {} : { orig: res.origVal.toString(), new: res.newVal.toString() }), text, candidates: resolved.value.candidates });
  }
  return { insns, outcomes, failed };
}
