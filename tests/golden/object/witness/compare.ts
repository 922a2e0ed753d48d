// Field-by-field agreement between an ObjectSpec and what a real tool reports. Each comparison returns
// how many programs and maps agree in full and a readable line per difference, so tests can both assert
// and print "N/N maps, N/N programs".
import { kernelObjectName, type MapSpec, type ObjectError, type ObjectSpec, type ProgramSpec, type Result } from '@bpflc/sim';
import type { WitnessMap, WitnessOpen, WitnessProgram } from './libbpf-open.ts';
import type { LiveRun, StraceCall } from './bpftool-live.ts';
import { parseFlags, straceAttachType, straceKernelVersion, straceMapType, straceProgType, unquote } from './bpftool-live.ts';

export interface Agreement {
  programs: { agree: number; total: number };
  maps: { agree: number; total: number };
  diffs: string[];
}

/**
 * One field of one program or map checked against one witness (field 'present': found by name on both
 * sides). The fidelity run (tests/fidelity) sorts these into lifecycle stages and counts them.
 */
export interface FieldCheck {
  via: 'bpftool' | 'strace';
  kind: 'program' | 'map';
  name: string;
  field: string;
  agree: boolean;
}
/** Where the comparisons below report each field they check; absent when the caller only wants Agreement. */
type CheckSink = ((kind: FieldCheck['kind'], name: string, field: string, agree: boolean) => void) | undefined;

const hex = (b: Uint8Array | undefined): string => (b ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') : '');

function diffFields(what: string, ours: Record<string, unknown>, theirs: Record<string, unknown>, diffs: string[], record?: (field: string, agree: boolean) => void): boolean {
  let same = true;
  for (const k of Object.keys(ours)) {
    const agree = JSON.stringify(ours[k]) === JSON.stringify(theirs[k]);
    record?.(k, agree);
    if (!agree) {
      diffs.push(`${what}: ${k} ours=${JSON.stringify(ours[k])} real=${JSON.stringify(theirs[k])}`);
      same = false;
    }
  }
  return same;
}

/** A list compared by name: missing and extra entries count as disagreements. */
function byName<O, T extends { name: string }>(kind: FieldCheck['kind'], ours: O[], ourName: (o: O) => string, theirs: T[], cmp: (o: O, t: T) => boolean, diffs: string[], record?: CheckSink): { agree: number; total: number } {
  let agree = 0;
  const seen = new Set<string>();
  for (const o of ours) {
    const n = ourName(o);
    const t = theirs.find((x) => x.name === n);
    seen.add(n);
    record?.(kind, n, 'present', t !== undefined);
    if (!t) diffs.push(`${kind} '${n}': in the spec, not reported by the real tool`);
    else if (cmp(o, t)) agree++;
  }
  for (const t of theirs) {
    if (seen.has(t.name)) continue;
    record?.(kind, t.name, 'present', false);
    diffs.push(`${kind} '${t.name}': reported by the real tool, not in the spec`);
  }
  return { agree, total: Math.max(ours.length, theirs.length) };
}

/** libbpf's open phase (bpf_object__open_file) vs the spec. Program prog_flags are set at load, not open. */
export function compareWithLibbpfOpen(spec: ObjectSpec, w: WitnessOpen): Agreement {
  const diffs: string[] = [];
  const ourProgs = spec.programs.filter((p) => !p.isSubprog);
  const programs = byName('program', ourProgs, (p) => p.name, w.programs ?? [], (p: ProgramSpec, t: WitnessProgram) =>
    diffFields(`program '${p.name}'`, { section: p.section, type: p.progTypeValue, expected_attach_type: p.expectedAttachTypeValue, autoload: p.autoload ? 1 : 0, insn_cnt: p.insnCount },
      { section: t.section, type: t.type, expected_attach_type: t.expected_attach_type, autoload: t.autoload, insn_cnt: t.insn_cnt }, diffs), diffs);
  const maps = byName('map', spec.maps, (m) => m.name, w.maps ?? [], (m: MapSpec, t: WitnessMap) =>
    diffFields(`map '${m.name}'`, {
      type: m.typeValue, key_size: m.keySize, value_size: m.valueSize, max_entries: m.maxEntries, map_flags: m.flags, numa_node: m.numaNode,
      map_extra: Number(m.mapExtra), btf_key_type_id: m.btfKeyTypeId, btf_value_type_id: m.btfValueTypeId,
      internal: m.kind === 'global-data' || m.kind === 'kconfig' ? 1 : 0, pin_path: m.pinning === 'by-name' ? `/sys/fs/bpf/${m.name}` : null,
      initial_value: hex(m.initialValue),
    }, { ...t }, diffs), diffs);
  if (w.name !== spec.objectName) diffs.push(`object name: ours=${spec.objectName} real=${w.name}`);
  if (w.kversion !== undefined && spec.kernelVersion !== undefined && w.kversion !== spec.kernelVersion) diffs.push(`kernel version: ours=${spec.kernelVersion} real=${w.kversion}`);
  return { programs, maps, diffs };
}

/** The programs a loader loads (entry points with autoload on), by the 15-character name the kernel keeps. */
export const loadedPrograms = (spec: ObjectSpec): ProgramSpec[] => spec.programs.filter((p) => !p.isSubprog && p.autoload);

/** bpftool 7.1 prints the kernel's 15-character name, or the full one from BTF func_info when it was cut. */
const bpftoolProgName = (p: ProgramSpec): string => (p.funcInfo?.length ? p.name : kernelObjectName(p.name));

/** bpftool's names for types: libbpf's prog_type_name[]/map_type_name[], the enum name's suffix in lower case. */
export const bpftoolTypeName = (kernelName: string | undefined): string => (kernelName ?? 'unspec').replace(/^BPF_(PROG|MAP)_TYPE_/, '').toLowerCase();

export { kernelObjectName };

// ---- live (bpftool prog loadall under strace) ----

/** Types whose BTF key/value ids libbpf 1.1 drops at BPF_MAP_CREATE (bpf_object__create_map). */
const NO_BTF_AT_CREATE = new Set([
  'BPF_MAP_TYPE_PERF_EVENT_ARRAY', 'BPF_MAP_TYPE_CGROUP_ARRAY', 'BPF_MAP_TYPE_STACK_TRACE', 'BPF_MAP_TYPE_ARRAY_OF_MAPS',
  'BPF_MAP_TYPE_HASH_OF_MAPS', 'BPF_MAP_TYPE_DEVMAP', 'BPF_MAP_TYPE_DEVMAP_HASH', 'BPF_MAP_TYPE_CPUMAP', 'BPF_MAP_TYPE_XSKMAP',
  'BPF_MAP_TYPE_SOCKMAP', 'BPF_MAP_TYPE_SOCKHASH', 'BPF_MAP_TYPE_QUEUE', 'BPF_MAP_TYPE_STACK',
]);

/**
 * What libbpf 1.1 passes to BPF_MAP_CREATE for a spec'd map: load-time rules that belong to the loader, not
 * to the spec (map_set_def_max_entries, bpf_object__create_map), applied here so the live comparison is exact.
 */
function atCreate(m: { type: string | undefined; maxEntries: number; btfKeyTypeId?: number; btfValueTypeId?: number }, nCpus: number) {
  const noBtf = NO_BTF_AT_CREATE.has(m.type ?? '');
  return {
    maxEntries: m.type === 'BPF_MAP_TYPE_PERF_EVENT_ARRAY' && m.maxEntries === 0 ? nCpus : m.maxEntries,
    btfKeyTypeId: noBtf ? 0 : (m.btfKeyTypeId ?? 0),
    btfValueTypeId: noBtf ? 0 : (m.btfValueTypeId ?? 0),
  };
}

export interface LiveAgreement {
  /** 'loaded', 'refused-as-predicted', 'failed-to-load' (verifier or permission), 'refused-unexpectedly', 'loaded-unexpectedly'. */
  outcome: string;
  bpftool: Agreement | undefined;
  strace: Agreement | undefined;
  /** Entry points libbpf never tried because an earlier one failed. */
  notAttempted: string[];
  /** Every field compared above, one entry each (empty when the object was refused before the kernel). */
  checks: FieldCheck[];
}

function firstByName(calls: StraceCall[], cmd: StraceCall['cmd'], key: 'map_name' | 'prog_name'): Map<string, StraceCall> {
  const out = new Map<string, StraceCall>();
  for (const c of calls) if (c.cmd === cmd && !out.has(unquote(c.attrs[key]))) out.set(unquote(c.attrs[key]), c);
  return out;
}

export function compareWithLive(spec: ObjectSpec, live: LiveRun, nCpus: number): LiveAgreement {
  const refuses = spec.warnings.some((w) => w.kind === 'libbpf-refuses');
  // Seen here: bpftool 7.1's libbpf never offers a lone .text function as a program (it loads nothing and
  // succeeds), while libbpf 1.1.2 opens it as an entry point of unknown type. Such functions are left out.
  const progs = loadedPrograms(spec).filter((p) => p.section !== '.text');
  // bpftool (unlike libbpf) refuses a program whose section names no type before it loads anything.
  const unknownSection = progs.some((p) => !p.secDef);
  if (refuses || unknownSection) {
    const touched = (live.calls ?? []).length > 0;
    return { outcome: !live.ok && !touched ? 'refused-as-predicted' : 'loaded-unexpectedly', bpftool: undefined, strace: undefined, notAttempted: [], checks: [] };
  }
  const checks: FieldCheck[] = [];
  const recorder = (via: FieldCheck['via']): NonNullable<CheckSink> => (kind, name, field, agree) => checks.push({ via, kind, name, field, agree });
  const fieldsOf = (via: FieldCheck['via'], kind: FieldCheck['kind'], name: string) => (field: string, agree: boolean) => recorder(via)(kind, name, field, agree);
  let bpftool: Agreement | undefined;
  if (live.ok) {
    const diffs: string[] = [];
    const theirProgs = [...live.progs.entries()].map(([file, p]) => ({ name: file, kernelName: p.name, type: p.type }));
    const programs = byName('program', progs, (p) => p.name, theirProgs, (p, t) =>
      diffFields(`program '${p.name}'`, { name: bpftoolProgName(p), type: bpftoolTypeName(p.progType) }, { name: t.kernelName, type: t.type }, diffs, fieldsOf('bpftool', 'program', p.name)), diffs, recorder('bpftool'));
    const theirMaps = live.maps.map((m) => ({ ...m, name: m.name ?? '' }));
    const maps = byName('map', spec.maps, (m) => kernelObjectName(m.name), theirMaps, (m, t) =>
      diffFields(`map '${m.name}'`, {
        type: bpftoolTypeName(m.type), bytes_key: m.keySize, bytes_value: m.valueSize, max_entries: atCreate(m, nCpus).maxEntries,
        flags: m.flags, frozen: m.freezeAfterLoad ? 1 : 0,
      }, { ...t }, diffs, fieldsOf('bpftool', 'map', kernelObjectName(m.name))), diffs, recorder('bpftool'));
    bpftool = { programs, maps, diffs };
  }
  let strace: Agreement | undefined;
  const notAttempted: string[] = [];
  if (live.calls) {
    const diffs: string[] = [];
    const creates = firstByName(live.calls, 'BPF_MAP_CREATE', 'map_name');
    const loads = firstByName(live.calls, 'BPF_PROG_LOAD', 'prog_name');
    const ourMaps = [...spec.maps, ...spec.maps.flatMap((m) => (m.inner ? [m.inner] : []))];
    const theirMaps = [...creates.entries()].map(([name, c]) => ({ name, c }));
    const maps = byName('map', ourMaps, (m) => kernelObjectName(m.name), theirMaps, (m, t) => {
      const want = atCreate(m, nCpus);
      return diffFields(`map '${m.name}' (BPF_MAP_CREATE)`, {
        map_type: m.typeValue, key_size: m.keySize, value_size: m.valueSize, max_entries: want.maxEntries, map_flags: m.flags,
        btf_key_type_id: want.btfKeyTypeId, btf_value_type_id: want.btfValueTypeId,
      }, {
        map_type: straceMapType(t.c.attrs.map_type), key_size: Number(t.c.attrs.key_size), value_size: Number(t.c.attrs.value_size),
        max_entries: Number(t.c.attrs.max_entries), map_flags: parseFlags(t.c.attrs.map_flags),
        btf_key_type_id: Number(t.c.attrs.btf_key_type_id ?? 0), btf_value_type_id: Number(t.c.attrs.btf_value_type_id ?? 0),
      }, diffs, fieldsOf('strace', 'map', kernelObjectName(m.name)));
    }, diffs, recorder('strace'));
    const attempted = progs.filter((p) => loads.has(kernelObjectName(p.name)));
    for (const p of progs) if (!loads.has(kernelObjectName(p.name))) notAttempted.push(p.name);
    const theirProgs = [...loads.entries()].map(([name, c]) => ({ name, c }));
    const programs = byName('program', attempted, (p) => kernelObjectName(p.name), theirProgs, (p, t) =>
      diffFields(`program '${p.name}' (BPF_PROG_LOAD)`, {
        prog_type: p.progTypeValue, expected_attach_type: p.expectedAttachTypeValue, prog_flags: p.progFlags,
        ...(spec.kernelVersion !== undefined ? { kern_version: spec.kernelVersion } : {}),
      }, {
        prog_type: straceProgType(t.c.attrs.prog_type), expected_attach_type: straceAttachType(t.c.attrs.expected_attach_type),
        prog_flags: parseFlags(t.c.attrs.prog_flags), kern_version: straceKernelVersion(t.c.attrs.kern_version),
      }, diffs, fieldsOf('strace', 'program', kernelObjectName(p.name))), diffs, recorder('strace'));
    strace = { programs, maps, diffs };
  }
  return { outcome: live.ok ? 'loaded' : 'failed-to-load', bpftool, strace, notAttempted, checks };
}

/** As compareWithLive, for a read that may have failed: a refused object must not reach the kernel at all. */
export function compareReadWithLive(r: Result<ObjectSpec, ObjectError>, live: LiveRun, nCpus: number): LiveAgreement {
  if (r.ok) return compareWithLive(r.value, live, nCpus);
  const touched = (live.calls ?? []).length > 0;
  return { outcome: !live.ok && !touched ? 'refused-as-predicted' : 'loaded-unexpectedly', bpftool: undefined, strace: undefined, notAttempted: [], checks: [] };
}
