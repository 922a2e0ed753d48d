// The fidelity table: one row per load-to-detach stage with items compared, items agreeing, the
// percentage and the source of truth; stages the sim does not model yet say so, with how many real items
// are waiting for it. Built from per-object tallies (object-fidelity.ts) and recorded runs (recorded-runs.ts);
// printed as text or JSON by both `npm run fidelity` and tests/fidelity/fidelity.test.ts.
// e.g. `map_create   171    171   100.0%  libbpf 1.1 strace BPF_MAP_CREATE + kernel bpftool map show`
import type { StageId } from '@bpflc/sim';
import { SIMULATED_STAGES, type ObjectFidelity, type SimulatedStage, type Tally } from './object-fidelity.ts';
import type { RecordedCounts } from './recorded-runs.ts';

export interface FidelityRow {
  stage: StageId;
  simulated: boolean;
  /** Items compared and agreeing (0 and 0 when the stage is not simulated). */
  compared: number;
  agree: number;
  /** 100 * agree / compared, one decimal rounded down (100 only when all agree); null when nothing was compared or the stage is not simulated. */
  percent: number | null;
  /** Not simulated: real items the sim will be compared on once it models the stage. */
  waiting?: number;
  source: string;
  note: string;
}

export interface FidelityReport {
  schema: 1;
  kernel: string;
  tools: { bpftool: string; strace: string };
  objects: number;
  outcomes: Record<string, number>;
  rows: FidelityRow[];
  /** Every disagreement in a simulated stage (`stage: object: what`), then the witness's lines with both values. */
  disagreements: string[];
  details: string[];
}

const LOADALL = 'libbpf 1.1 (bpftool 7.1 prog loadall) under strace';
const SHOW = 'kernel via bpftool -j prog/map show';

const sumTally = (objs: ObjectFidelity[], s: SimulatedStage): Tally =>
  objs.reduce((t, o) => ({ compared: t.compared + o.stages[s].compared, agree: t.agree + o.stages[s].agree }), { compared: 0, agree: 0 });
const sum = (objs: ObjectFidelity[], f: (o: ObjectFidelity) => number): number => objs.reduce((n, o) => n + f(o), 0);
const listCounts = (r: Record<string, number>): string => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ');
function mergeCounts(rs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function buildReport(objs: ObjectFidelity[], rec: RecordedCounts, env: Pick<FidelityReport, 'kernel' | 'tools'>): FidelityReport {
  const t = Object.fromEntries(SIMULATED_STAGES.map((s) => [s, sumTally(objs, s)])) as Record<SimulatedStage, Tally>;
  const outcomes = mergeCounts(objs.map((o) => ({ [o.outcome]: 1 })));
  const refused = (outcomes['refused-as-predicted'] ?? 0) + (outcomes['loaded-unexpectedly'] ?? 0);
  const rejected = mergeCounts(objs.map((o) => o.observed.rejected));
  const nRejected = Object.values(rejected).reduce((a, b) => a + b, 0);
  const accepted = sum(objs, (o) => o.observed.accepted);
  const inKernel = sum(objs, (o) => o.observed.inKernel);
  const recordedFrom = `agent runs in content/examples/*/recorded (kernel ${rec.kernels.join(', ') || '-'})`;
  const percent = ({ compared, agree }: Tally): number | null => (compared ? Math.floor((1000 * agree) / compared) / 10 : null);
  const sim = (stage: SimulatedStage, source: string, note: string): FidelityRow => ({ stage, simulated: true, ...t[stage], percent: percent(t[stage]), source, note });
  const notSim = (stage: StageId, waiting: number, source: string, note: string): FidelityRow => ({ stage, simulated: false, compared: 0, agree: 0, percent: null, waiting, source, note });
  const rows: FidelityRow[] = [
    sim('open', `${LOADALL} + ${SHOW}`,
      `programs and maps found by name, kernel names, prog/map types, expected attach types; ${refused} object(s) refused before bpf() as the sim predicted (1 item each); ` +
        `${sum(objs, (o) => (o.uncompared ? 1 : 0))} object(s) with nothing to compare (only lone .text functions, never offered by bpftool 7.1's libbpf)`),
    sim('btf_load', LOADALL,
      `object BTF loaded iff the sim found BTF, and btf_size = the header's size (${sum(objs, (o) => (o.btf.sizeSeen ? 1 : 0))} sizes read); ` +
        `blob contents not simulated (strace shows 256 bytes); ${sum(objs, (o) => (o.btf.notComparable ? 1 : 0))} object(s) made no map/program call to name a BTF fd (not compared); ` +
        `${sum(objs, (o) => o.btf.issued)} BPF_BTF_LOAD in all, feature probes included`),
    sim('map_create', `${LOADALL} + ${SHOW}`, 'every BPF_MAP_CREATE attribute the sim predicts (type, sizes, max_entries, flags, BTF key/value ids), size/flags/frozen as the kernel shows them'),
    notSim('relocate', sum(objs, (o) => o.observed.relocations), 'libbpf 1.1 patched instructions (not in strace: a pointer)', 'not simulated yet; waiting = relocations the sim classified in the objects that reached the kernel'),
    sim('prog_load', LOADALL, 'every BPF_PROG_LOAD attribute the sim predicts (prog_type, expected_attach_type, prog_flags, kern_version)'),
    notSim('verify', accepted + nRejected, 'kernel: BPF_PROG_LOAD result under strace',
      `not simulated yet; kernel accepted ${accepted}, rejected ${nRejected}${nRejected ? ` (${listCounts(rejected)})` : ''}, ` +
        `${sum(objs, (o) => o.observed.notAttempted)} never offered after an earlier failure; recorded runs: ${rec.verdictAsMeta}/${rec.examples} examples as meta.json expects`),
    notSim('jit', inKernel, `${SHOW} (bytes_jited)`, `not simulated yet; ${sum(objs, (o) => o.observed.jited)}/${inKernel} programs left in the kernel were JIT-compiled; recorded runs: ${rec.programs.jited} jited images`),
    notSim('attach', rec.attach.attempted, recordedFrom,
      `not simulated yet; ${rec.attach.attached}/${rec.attach.attempted} attached${rec.attach.attempted > rec.attach.attached ? `, refused: ${listCounts(rec.attach.refused)}` : ''}`),
    notSim('run', rec.run.printk + rec.run.records + rec.run.mapSnapshots, recordedFrom,
      `not simulated yet; ${rec.run.printk} trace_pipe lines, ${rec.run.records} ring/perf buffer records, ${rec.run.mapSnapshots} map snapshots`),
    notSim('detach', rec.detach.syscalls, recordedFrom, 'not simulated yet; detach-stage syscalls (close, PERF_EVENT_IOC_DISABLE, munmap)'),
  ];
  return {
    schema: 1, ...env, objects: objs.length, outcomes, rows,
    disagreements: objs.flatMap((o) => o.disagreements), details: objs.flatMap((o) => o.details),
  };
}

const pct = (r: FidelityRow): string => (!r.simulated ? 'not simulated' : r.percent === null ? '-' : `${r.percent.toFixed(1)}%`);

/** The table as text: a header, one line per stage, the notes, and any disagreement. */
export function formatReport(r: FidelityReport): string {
  const head = ['stage', 'compared', 'agree', '%', 'waiting', 'source of truth'];
  const cells = r.rows.map((x) => [x.stage, x.simulated ? String(x.compared) : '-', x.simulated ? String(x.agree) : '-', pct(x), x.simulated ? '' : String(x.waiting ?? 0), x.source]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => (i === c.length - 1 ? s : i >= 1 && i <= 4 ? s.padStart(w[i]!) : s.padEnd(w[i]!))).join('  ').trimEnd();
  return [
    `fidelity: sim (ObjectSpec) vs the real load of ${r.objects} objects on kernel ${r.kernel}; ${r.tools.bpftool}; ${r.tools.strace}`,
    `outcomes: ${listCounts(r.outcomes)}`,
    '',
    line(head),
    line(w.map((n) => '-'.repeat(n))),
    ...cells.map(line),
    '',
    ...r.rows.map((x) => `${x.stage}: ${x.note}`),
    ...(r.disagreements.length ? ['', `${r.disagreements.length} disagreement(s) in simulated stages:`, ...r.disagreements.map((d) => `  ${d}`), ...r.details.map((d) => `    ${d}`)] : []),
  ].join('\n');
}
