// Real kernel: the agent's load calls against libbpf's, for `minimal`. The reference is the real skeleton loader
// (libbpf 1.1.2) under strace (tests/golden/strace/minimal-skel-1.*, parsed into events); the agent loads the
// same object with the skeleton's object name ("minimal_bpf"). Both traces are normalized and aligned with
// sim/src/trace; the load calls must come in the same order with the same key arguments, and every difference
// must be one of the known ones listed below, each with its reason. The BTF blob and the instructions are
// compared byte for byte (the door records them as pointers, strace decodes them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BPF_INSN_CODE } from '@bpflc/sim/abi/uapi.gen';
import { alignTraces, normalizeTrace } from '@bpflc/sim/trace/index';
import type { ArgValue, SyscallEvent, TraceEvent } from '@bpflc/sim/trace/schema';
import { readObjectSpec } from '@bpflc/sim/object/index';
import { kernelBtfBlob, kernelVersionCode, unload } from '../../../real-backend/src/loader/index.ts';
import { needBpf } from '../helpers/privilege.ts';
import { exampleObjects, load, ROOT, type Load } from './helpers.ts';

const REF = join(ROOT, 'tests/golden/strace/minimal-skel-1.events.json');
const LOAD_STAGES = new Set(['open', 'btf_load', 'map_create', 'relocate', 'prog_load', 'verify', 'jit']);

/**
 * The differences we expect, by command: argument paths (prefixes) and why they differ.
 * Anything else that differs fails the test.
 */
const KNOWN: Record<string, Record<string, string>> = {
  BPF_BTF_LOAD: {
    'args.btf': 'the door records the buffer as a pointer; strace prints the bytes (compared byte for byte below)',
    'args.btf_log_true_size': 'the door\'s attr runs to btf_log_true_size (6.4+, 32 bytes); libbpf 1.1 passes 28',
    out: 'idem: the kernel writes btf_log_true_size back',
    size: 'idem',
  },
  BPF_MAP_CREATE: {
    'args.map_flags': 'same value: the door records the number, strace prints flag names (checked below)',
    'args.numa_node': 'strace omits numa_node unless BPF_F_NUMA_NODE is set',
  },
  BPF_MAP_UPDATE_ELEM: { 'args.flags': 'same value: the door records 0, strace prints BPF_ANY' },
  BPF_PROG_LOAD: {
    'args.insns': 'the door records a pointer; strace decodes the instructions (compared slot by slot below)',
    'args.log_level': 'the agent asks for the verifier log at the level given from the first call; libbpf only after a failure',
    'args.log_size': 'idem',
    'args.log_buf': 'idem',
    'args.kern_version': 'same value: the door records the number, strace prints KERNEL_VERSION(a, b, c) (checked below)',
    'args.core_relo': 'the door\'s attr runs to log_true_size (144 bytes: core_relo_cnt, core_relos, core_relo_rec_size, log_true_size); libbpf 1.1 passes 128',
    'args.log_true_size': 'idem',
    out: 'idem: the kernel writes log_true_size back',
    size: 'idem',
  },
  BPF_PROG_BIND_MAP: { args: 'strace 6.1 does not decode this command\'s attr (it prints a pointer)' },
};

let l: Load | undefined;
afterAll(() => {
  if (l) unload(l.s, l.loaded);
});

const insnCode = (s: string): number => s.split('|').reduce((n, name) => n | (BPF_INSN_CODE[name as keyof typeof BPF_INSN_CODE] ?? NaN), 0);
const reg = (s: ArgValue): number => Number(String(s).replace('BPF_REG_', ''));

/** strace's decoded instructions → the 8-byte slots they were. */
function straceInsns(v: ArgValue): Buffer {
  const list = v as { code: string; dst_reg: string; src_reg: string; off: number; imm: number }[];
  const b = Buffer.alloc(list.length * 8);
  list.forEach((x, i) => {
    b[i * 8] = insnCode(x.code);
    b[i * 8 + 1] = (reg(x.src_reg) << 4) | reg(x.dst_reg);
    b.writeInt16LE(x.off, i * 8 + 2);
    b.writeInt32LE(x.imm, i * 8 + 4);
  });
  return b;
}

/** fd → map name, from each trace's own BPF_MAP_CREATE calls. */
function mapFds(events: readonly TraceEvent[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const e of events) if (e.kind === 'syscall' && e.cmd === 'BPF_MAP_CREATE' && e.ret >= 0) m.set(e.ret, String(e.args.map_name));
  return m;
}

describe('agent loader vs the libbpf skeleton loader (strace reference)', () => {
  it('makes the same load calls in the same order, with the same key arguments; only known differences', async (ctx) => {
    needBpf(ctx);
    const refAll = (JSON.parse(readFileSync(REF, 'utf8')) as { events: TraceEvent[] }).events;
    const ref = refAll.filter((e) => LOAD_STAGES.has(e.stage));
    const minimal = exampleObjects().find((e) => e.slug === 'minimal')!;
    l = await load(minimal.path, { objectName: 'minimal_bpf' });
    const agent = l.s.events.filter((e): e is SyscallEvent => e.kind === 'syscall');

    const al = alignTraces(agent, ref);
    const na = normalizeTrace(agent);
    const nb = normalizeTrace(ref);
    const paired: string[] = [];
    const onlyAgent: string[] = [];
    for (const row of al.rows) {
      if (row.kind === 'only-in-b') {
        // Only in libbpf's trace: its feature probes, and closes of fds opened by calls strace was not asked to show.
        expect(row.reason, JSON.stringify(nb[row.bi])).toMatch(/^feature probe|^closes an fd opened by a call the trace does not show/);
        continue;
      }
      const a = na[row.ai]!;
      const key = a.kind === 'syscall' ? `${a.cmd ?? a.name}${a.args.map_name ? ` ${String(a.args.map_name)}` : a.args.prog_name ? ` ${String(a.args.prog_name)}` : ''}` : a.name;
      if (row.kind === 'only-in-a') {
        onlyAgent.push(key);
        continue;
      }
      paired.push(key);
      if (row.kind === 'changed') {
        const cmd = a.kind === 'syscall' ? (a.cmd ?? a.name) : a.name;
        for (const d of row.diffs) {
          const known = Object.keys(KNOWN[cmd] ?? {}).some((p) => d.path === p || d.path.startsWith(p));
          expect(known, `${cmd}: ${d.path} differs: agent ${JSON.stringify(d.a)}, libbpf ${JSON.stringify(d.b)}`).toBe(true);
        }
      }
    }
    // The load calls, in libbpf's order.
    expect(paired).toEqual([
      'BPF_BTF_LOAD',
      'BPF_MAP_CREATE minimal_.bss', 'BPF_MAP_UPDATE_ELEM',
      'BPF_MAP_CREATE minimal_.rodata', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_FREEZE',
      'BPF_PROG_LOAD handle_tp', 'BPF_PROG_BIND_MAP',
    ]);
    // Only the agent reads the program back (xlated, jited, verified_insns): two passes of bpf_prog_info.
    expect(onlyAgent).toEqual(['BPF_OBJ_GET_INFO_BY_FD', 'BPF_OBJ_GET_INFO_BY_FD']);

    // The values behind the representational differences are equal.
    const refCall = (cmd: string, name?: string) => ref.find((e): e is SyscallEvent => e.kind === 'syscall' && e.cmd === cmd && e.note === undefined && (name === undefined || e.args.map_name === name || e.args.prog_name === name))!;
    const agentCall = (cmd: string, name?: string) => agent.find((e) => e.cmd === cmd && (name === undefined || e.args.map_name === name || e.args.prog_name === name))!;
    expect(refCall('BPF_MAP_CREATE', 'minimal_.bss').args.map_flags).toBe('BPF_F_MMAPABLE');
    expect(agentCall('BPF_MAP_CREATE', 'minimal_.bss').args.map_flags).toBe(1 << 10);
    expect(refCall('BPF_MAP_CREATE', 'minimal_.rodata').args.map_flags).toBe('BPF_F_RDONLY_PROG');
    expect(agentCall('BPF_MAP_CREATE', 'minimal_.rodata').args.map_flags).toBe(1 << 7);
    const kv = /^KERNEL_VERSION\((\d+), (\d+), (\d+)\)$/.exec(String(refCall('BPF_PROG_LOAD', 'handle_tp').args.kern_version))!;
    expect(agentCall('BPF_PROG_LOAD', 'handle_tp').args.kern_version).toBe(kernelVersionCode(`${kv[1]}.${kv[2]}.${kv[3]}`));

    // BTF: the blob libbpf sent is the blob the agent sent.
    const refBtf = Buffer.from(String(refCall('BPF_BTF_LOAD').args.btf), 'latin1');
    const bytes = readFileSync(minimal.path);
    const spec = readObjectSpec(new Uint8Array(bytes), { objectName: 'minimal_bpf' });
    if (!spec.ok) throw new Error(spec.error.message);
    const blob = kernelBtfBlob(new Uint8Array(bytes), spec.value);
    if (!blob.ok) throw new Error(blob.error);
    expect(blob.value.bytes.length).toBe(agentCall('BPF_BTF_LOAD').args.btf_size);
    expect(blob.value.bytes.equals(refBtf)).toBe(true);

    // Instructions: slot for slot, map fds compared by the map they name in each trace.
    const refInsns = straceInsns(refCall('BPF_PROG_LOAD', 'handle_tp').args.insns!);
    const ours = l.loaded.programs[0]!.insns;
    expect(ours.length).toBe(refInsns.length);
    const refMaps = mapFds(ref);
    const ourMaps = mapFds(agent);
    for (let i = 0; i < ours.length / 8; i++) {
      const isMapRef = ours[i * 8] === 0x18 && [1, 2].includes(ours[i * 8 + 1]! >> 4);
      if (isMapRef) {
        expect(ourMaps.get(ours.readInt32LE(i * 8 + 4)), `slot ${i}`).toBe(refMaps.get(refInsns.readInt32LE(i * 8 + 4)));
        expect(ours.subarray(i * 8, i * 8 + 4).equals(refInsns.subarray(i * 8, i * 8 + 4)), `slot ${i}`).toBe(true);
      } else {
        expect(ours.subarray(i * 8, i * 8 + 8).toString('hex'), `slot ${i}`).toBe(refInsns.subarray(i * 8, i * 8 + 8).toString('hex'));
      }
    }
  });
});
