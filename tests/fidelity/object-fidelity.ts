// One object's fidelity: load it for real with the live witness (bpftool 7.1 = libbpf 1.1 `prog loadall`
// under strace, then `bpftool -j prog/map show`), compare with the sim's ObjectSpec (the witness's
// compareReadWithLive), and sort every compared field into the lifecycle stage it belongs to. Stages the
// sim does not model yet (relocate, verify, jit) are only counted: what the kernel did, to compare later.
import type { ObjectSpec } from '@bpflc/sim';
import { readSpec, type GoldenObject } from '../golden/object/objects.ts';
import { hasStrace, liveSkipReason, loadAll, type LiveRun } from '../golden/object/witness/bpftool-live.ts';
import { compareReadWithLive, type FieldCheck, type LiveAgreement } from '../golden/object/witness/compare.ts';

/** The stages the sim already predicts something for, before any load. */
export const SIMULATED_STAGES = ['open', 'btf_load', 'map_create', 'prog_load'] as const;
export type SimulatedStage = (typeof SIMULATED_STAGES)[number];

export interface Tally { compared: number; agree: number }

export interface ObjectFidelity {
  rel: string;
  /**
   * Set when nothing could be compared: the object's only entry points are lone .text functions, which
   * bpftool 7.1's libbpf never offers (libbpf 1.1.2, the sim's model, opens them), and it has no maps.
   */
  uncompared?: string;
  /** The witness's outcome: loaded, failed-to-load, refused-as-predicted, loaded-unexpectedly. */
  outcome: string;
  stages: Record<SimulatedStage, Tally>;
  /** One line per disagreement, `stage: object: what`. */
  disagreements: string[];
  /** The witness's own lines for them, with both values (`map 'x' (BPF_MAP_CREATE): key_size ours=4 real=8`). */
  details: string[];
  btf: {
    /** No object map or program call was made, so none could name the object's BTF fd. */
    notComparable: boolean;
    /** Every BPF_BTF_LOAD libbpf issued, feature probes included. */
    issued: number;
    /** The object's BTF was loaded, so its size could be read off strace. */
    sizeSeen: boolean;
  };
  /** What the kernel did at stages the sim does not model yet. */
  observed: {
    /** Relocations the sim classified, in objects libbpf went on to load. */
    relocations: number;
    /** Entry points: the kernel accepted at least one BPF_PROG_LOAD / refused every one (by errno). */
    accepted: number;
    rejected: Record<string, number>;
    /** Entry points libbpf never offered to the kernel because an earlier one failed. */
    notAttempted: number;
    /** Programs left in the kernel and read back with bpftool prog show; how many of them were JIT-compiled. */
    inKernel: number;
    jited: number;
  };
}

/** Why the fidelity run cannot load objects here, or undefined when it can. */
export function fidelitySkipReason(): string | undefined {
  return liveSkipReason() ?? (hasStrace() ? undefined : 'skipped: strace is not installed (apt-get install strace), and the per-stage comparison reads libbpf\'s bpf() calls from it');
}

/** The stages a field check speaks for: found and typed at open; every attribute again at its syscall. */
function stagesOf(c: FieldCheck): SimulatedStage[] {
  const typed = c.field === 'present' || c.field === 'name' || c.field === 'type' || c.field === 'map_type' || c.field === 'prog_type' || c.field === 'expected_attach_type';
  const syscall: SimulatedStage[] = c.kind === 'map' ? ['map_create'] : c.via === 'strace' ? ['prog_load'] : [];
  return typed ? ['open', ...syscall] : syscall;
}

/** BTF blob size as the header lays it out: header, then types and strings at their offsets. */
const btfBlobSize = (spec: ObjectSpec): number | undefined => {
  const h = spec.btf?.header;
  return h ? h.hdrLen + Math.max(h.typeOff + h.typeLen, h.strOff + h.strLen) : undefined;
};

function verdicts(live: LiveRun): Pick<ObjectFidelity['observed'], 'accepted' | 'rejected'> {
  const last = new Map<string, { ok: boolean; errno?: string }>();
  for (const c of live.calls ?? []) {
    if (c.cmd !== 'BPF_PROG_LOAD') continue;
    const name = c.attrs.prog_name ?? '';
    if (last.get(name)?.ok) continue; // libbpf may retry; one success is the kernel's acceptance
    last.set(name, { ok: c.ret >= 0, ...(c.errno ? { errno: c.errno } : {}) });
  }
  const rejected: Record<string, number> = {};
  let accepted = 0;
  for (const v of last.values()) {
    if (v.ok) accepted++;
    else rejected[v.errno ?? '?'] = (rejected[v.errno ?? '?'] ?? 0) + 1;
  }
  return { accepted, rejected };
}

/** Loads one object for real and tallies, stage by stage, what the sim predicted against what happened. */
export function objectFidelity(o: GoldenObject, nCpus: number): ObjectFidelity {
  const read = readSpec(o.path, { mmapable: 'always' }); // bpftool's libbpf predates 1.1.0's BPF_F_MMAPABLE rule
  const live = loadAll(o.path);
  const a: LiveAgreement = compareReadWithLive(read, live, nCpus);
  const stages = Object.fromEntries(SIMULATED_STAGES.map((s) => [s, { compared: 0, agree: 0 }])) as Record<SimulatedStage, Tally>;
  const disagreements: string[] = [];
  const count = (stage: SimulatedStage, agree: boolean, what: string) => {
    stages[stage].compared++;
    if (agree) stages[stage].agree++;
    else disagreements.push(`${stage}: ${o.rel}: ${what}`);
  };
  const observed: ObjectFidelity['observed'] = { relocations: 0, accepted: 0, rejected: {}, notAttempted: a.notAttempted.length, inKernel: 0, jited: 0 };
  const btf = { notComparable: false, issued: live.btf?.issued ?? 0, sizeSeen: false };

  // Objects the sim says libbpf (or bpftool) refuses before the kernel: one open-stage item each.
  if (!read.ok || a.outcome === 'refused-as-predicted' || a.outcome === 'loaded-unexpectedly') {
    count('open', a.outcome === 'refused-as-predicted', 'the sim predicted a refusal before any bpf() call, but the object reached the kernel');
    return { rel: o.rel, outcome: a.outcome, stages, disagreements, details: [], btf, observed };
  }
  const spec = read.value;
  for (const c of a.checks) for (const s of stagesOf(c)) count(s, c.agree, `${c.kind} '${c.name}' ${c.field} (${c.via})`);

  // btf_load: was the object's own BTF loaded exactly when the sim found BTF in it, and at the size the header gives?
  const objectCalls = (live.calls ?? []).length;
  const hasBtf = spec.btf !== undefined;
  const loaded = live.btf?.object;
  if (!loaded && objectCalls === 0) btf.notComparable = true; // no call to name a BTF fd: nothing to tell by
  else {
    count('btf_load', hasBtf === (loaded !== undefined), hasBtf ? 'the sim found BTF, but no object map or program named a loaded BTF fd' : 'the sim found no BTF, but the object used a loaded BTF fd');
    const want = btfBlobSize(spec);
    if (loaded && want !== undefined) {
      btf.sizeSeen = true;
      count('btf_load', loaded.size === want, `btf_size ours=${want} real=${loaded.size}`);
    }
  }

  observed.relocations = spec.relocations.length;
  Object.assign(observed, verdicts(live));
  observed.inKernel = live.progs.size;
  observed.jited = [...live.progs.values()].filter((p) => (p.bytes_jited ?? 0) > 0).length;
  const details = [...(a.bpftool?.diffs ?? []), ...(a.strace?.diffs ?? [])].map((d) => `${o.rel}: ${d}`);
  const loneText = spec.maps.length === 0 && spec.programs.every((p) => p.isSubprog || p.section === '.text');
  const uncompared = loneText && SIMULATED_STAGES.every((s) => stages[s].compared === 0) ? 'only lone .text functions, which bpftool 7.1\'s libbpf never offers, and no maps' : undefined;
  return { rel: o.rel, ...(uncompared ? { uncompared } : {}), outcome: a.outcome, stages, disagreements, details, btf, observed };
}
