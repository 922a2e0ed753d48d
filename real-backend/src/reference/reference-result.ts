// What a reference loader (libbpf skeleton or bpftool, under strace) did, judged from its trace alone: the shape of
// a LifecycleResult (schema, source 'real', loader, kernel, object, trace) with programs and maps read off the
// syscalls. A program's verdict is its last non-probe BPF_PROG_LOAD (fd → accepted, -1 → rejected with errno);
// libbpf prints the verifier log of a rejected load on stderr between "-- BEGIN PROG LOAD LOG --" and
// "-- END PROG LOAD LOG --" (strace 6.1 prints log_buf on entry, before the kernel wrote it, so it is not in the
// trace). Left out, because strace does not show them: instructions after the kernel's rewrite, jited images, ids.
import os from 'node:os';
import { FEATURE_PROBE_NOTE } from '@bpflc/sim/trace/classify';
import type { StraceIssue } from '@bpflc/sim/trace/strace-parse';
import type { ArgValue, SyscallEvent, TraceEvent } from '@bpflc/sim/trace/schema';
import type { Verdict } from '@bpflc/sim/lifecycle/result';
import { verifierReason } from '../loader/verifier-log.ts';
import type { ReferenceRun } from './run-under-strace.ts';

export const REFERENCE_LOADERS = ['libbpf', 'bpftool'] as const;
export type ReferenceLoader = (typeof REFERENCE_LOADERS)[number];

export interface ReferenceProgram {
  /** prog_name as sent (the kernel keeps 15 characters). */
  name: string;
  type: string;
  insnCnt: number;
  verdict: Exclude<Verdict, 'not-loaded'>;
  /** BPF_PROG_LOAD calls for this program (libbpf retries a rejected load once with a log). */
  attempts: number;
  errno?: string;
  log?: string;
  reason?: string;
}

export interface ReferenceMap {
  kernelName: string;
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: ArgValue;
  frozen: boolean;
  errno?: string;
}

export interface ReferenceAttach {
  /** The call that attached: BPF_LINK_CREATE, perf_event_open, PERF_EVENT_IOC_SET_BPF, ... */
  call: string;
  ret: number;
  errno?: string;
}

export interface ReferenceResult {
  schema: 1;
  source: 'real';
  loader: ReferenceLoader;
  kernel: string;
  object: { sha256: string; name?: string; path?: string };
  programs: ReferenceProgram[];
  maps: ReferenceMap[];
  attach: ReferenceAttach[];
  trace: TraceEvent[];
  /** How the reference ran: enough to run it again by hand. */
  reference: {
    command: string[];
    strace: { version: string; argv: string[] };
    exit: { code: number | null; signal: string | null };
    stopped?: string;
    durationMs: number;
    stdout: string;
    stderr: string;
    /** Lines of strace's output the parser could not read. */
    issues: StraceIssue[];
    probes: number;
    notes: string[];
  };
}

const isProbe = (e: SyscallEvent): boolean => e.note?.startsWith(FEATURE_PROBE_NOTE) ?? false;
const str = (v: ArgValue | undefined): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
const num = (v: ArgValue | undefined): number => (typeof v === 'number' ? v : 0);

/** libbpf's "libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --" … "-- END PROG LOAD LOG --" blocks, by program name. */
export function libbpfLogs(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /prog '([^']+)': -- BEGIN PROG LOAD LOG --\n([\s\S]*?)-- END PROG LOAD LOG --/g;
  for (let m = re.exec(stderr); m !== null; m = re.exec(stderr)) out.set(m[1]!, m[2]!);
  return out;
}

function programs(calls: SyscallEvent[], stderr: string): ReferenceProgram[] {
  const logs = libbpfLogs(stderr);
  const byName = new Map<string, ReferenceProgram>();
  for (const e of calls) {
    if (e.cmd !== 'BPF_PROG_LOAD' || isProbe(e)) continue;
    const name = str(e.args.prog_name);
    const prev = byName.get(name);
    const p: ReferenceProgram = {
      name,
      type: str(e.args.prog_type),
      insnCnt: num(e.args.insn_cnt),
      verdict: e.ret >= 0 ? 'accepted' : 'rejected',
      attempts: (prev?.attempts ?? 0) + 1,
      ...(e.errno !== undefined ? { errno: e.errno } : {}),
    };
    if (p.verdict === 'rejected') {
      // libbpf names the program in full; the kernel name is cut at 15 characters.
      const log = [...logs].find(([full]) => full.slice(0, 15) === name)?.[1];
      if (log !== undefined) {
        p.log = log;
        const reason = verifierReason(log);
        if (reason !== undefined) p.reason = reason;
      }
    }
    byName.set(name, p);
  }
  return [...byName.values()];
}

function maps(calls: SyscallEvent[]): ReferenceMap[] {
  const frozen = new Set(calls.filter((e) => e.cmd === 'BPF_MAP_FREEZE' && e.ret === 0).map((e) => e.args.map_fd));
  return calls
    .filter((e) => e.cmd === 'BPF_MAP_CREATE' && !isProbe(e))
    .map((e) => ({
      kernelName: str(e.args.map_name),
      type: str(e.args.map_type),
      keySize: num(e.args.key_size),
      valueSize: num(e.args.value_size),
      maxEntries: num(e.args.max_entries),
      flags: e.args.map_flags ?? 0,
      frozen: e.ret >= 0 && frozen.has(e.ret),
      ...(e.errno !== undefined ? { errno: e.errno } : {}),
    }));
}

const ATTACH_CALLS = new Set(['BPF_LINK_CREATE', 'BPF_RAW_TRACEPOINT_OPEN', 'BPF_PROG_ATTACH', 'PERF_EVENT_IOC_SET_BPF']);

function attaches(calls: SyscallEvent[]): ReferenceAttach[] {
  return calls
    .filter((e) => !isProbe(e) && (e.name === 'perf_event_open' || (e.cmd !== undefined && ATTACH_CALLS.has(e.cmd))))
    .map((e) => ({ call: e.cmd ?? e.name, ret: e.ret, ...(e.errno !== undefined ? { errno: e.errno } : {}) }));
}

export interface ReferenceInput {
  loader: ReferenceLoader;
  run: ReferenceRun;
  object: ReferenceResult['object'];
  notes?: string[];
}

export function toReferenceResult(i: ReferenceInput): ReferenceResult {
  const calls = i.run.events;
  const r = i.run;
  return {
    schema: 1,
    source: 'real',
    loader: i.loader,
    kernel: os.release(),
    object: i.object,
    programs: programs(calls, r.stderr),
    maps: maps(calls),
    attach: attaches(calls),
    trace: calls,
    reference: {
      command: r.command,
      strace: r.strace,
      exit: r.exit,
      ...(r.stopped !== undefined ? { stopped: r.stopped } : {}),
      durationMs: r.durationMs,
      stdout: r.stdout,
      stderr: r.stderr,
      issues: r.issues,
      probes: calls.filter(isProbe).length,
      notes: i.notes ?? [],
    },
  };
}
