// Stages and feature-probe notes as parseStrace assigns them, checked on real captures whose loaders we know:
// libbpf 1.1 inside the minimal skeleton loader, bpftool 7.1 and BCC 0.26 (tests/golden/strace/*.meta.json).
import { describe, expect, it } from 'vitest';
import { FEATURE_PROBE_NOTE, RETRY_NOTE, type SyscallEvent } from '@bpflc/sim';
import { CAPTURES, parsed } from './captures.ts';

const isProbe = (e: SyscallEvent): boolean => e.note?.startsWith(FEATURE_PROBE_NOTE) === true;
const label = (e: SyscallEvent): string => `${e.stage} ${e.cmd ?? e.name}`;

describe('classify: the minimal skeleton loader (minimal-skel-1)', () => {
  const { events } = parsed('minimal-skel-1');
  const real = events.filter((e) => !isProbe(e) && e.name !== 'close');

  it('gives the real calls their lifecycle stages in order', () => {
    expect(real.filter((e) => e.name !== 'ioctl' || e.cmd?.startsWith('PERF_EVENT_IOC_')).map(label)).toEqual([
      'btf_load BPF_BTF_LOAD',
      'map_create BPF_MAP_CREATE', 'map_create BPF_MAP_UPDATE_ELEM',
      'map_create BPF_MAP_CREATE', 'map_create BPF_MAP_UPDATE_ELEM', 'map_create BPF_MAP_FREEZE',
      'prog_load BPF_PROG_LOAD', 'prog_load BPF_PROG_BIND_MAP',
      'attach perf_event_open', 'attach BPF_LINK_CREATE', 'attach PERF_EVENT_IOC_ENABLE',
      'detach PERF_EVENT_IOC_DISABLE',
    ]);
  });

  it('marks libbpf 1.1 feature probes by shape, with the feature where the shape names it', () => {
    const notes = events.filter((e) => e.name !== 'close' && isProbe(e)).map((e) => `${e.cmd}: ${e.note}`);
    expect(notes).toEqual([
      'BPF_PROG_LOAD: feature probe: memcg accounting (bpf_ktime_get_coarse_ns)',
      'BPF_PROG_LOAD: feature probe',
      ...Array<string>(8).fill('BPF_BTF_LOAD: feature probe: a BTF feature (tiny BTF blob)'),
      'BPF_PROG_LOAD: feature probe: program names',
      'BPF_MAP_CREATE: feature probe: mmap-able arrays (BPF_F_MMAPABLE)',
      'BPF_MAP_CREATE: feature probe: global data',
      'BPF_PROG_LOAD: feature probe',
      'BPF_MAP_CREATE: feature probe: BPF_PROG_BIND_MAP',
      'BPF_PROG_LOAD: feature probe',
      'BPF_PROG_BIND_MAP: feature probe',
      'BPF_PROG_LOAD: feature probe',
      'BPF_LINK_CREATE: feature probe', // the perf-link probe: BPF_LINK_CREATE with target_fd -1 → EBADF
    ]);
    const btf = events.filter((e) => e.cmd === 'BPF_BTF_LOAD' && !isProbe(e));
    expect(btf.map((e) => e.args.btf_size)).toEqual([555]); // the object's own BTF is not a probe
  });

  it('puts the destroy at the end into detach and closes of probe fds into their probe stage', () => {
    const tail = events.slice(events.findIndex((e) => e.cmd === 'PERF_EVENT_IOC_DISABLE'));
    expect(tail.map((e) => e.stage)).toEqual(Array<string>(tail.length).fill('detach'));
    expect(tail.length).toBe(7);
    for (const e of events.filter((x) => x.name === 'close' && isProbe(x))) expect(['prog_load', 'btf_load', 'map_create']).toContain(e.stage);
  });
});

describe('classify: other loaders', () => {
  it('notes libbpf\'s retry with a verifier log after a rejected load (bpftool-rejected)', () => {
    const loads = parsed('bpftool-rejected').events.filter((e) => e.args.prog_name === 'count_writes');
    expect(loads.map((e) => [e.stage, e.errno, e.note])).toEqual([
      ['prog_load', 'EACCES', undefined],
      ['prog_load', 'EACCES', `${RETRY_NOTE} (log_level 1)`],
    ]);
  });

  it('sees BCC\'s legacy attach (perf_event_open + SET_BPF + ENABLE) and its detach (bcc-tracepoint)', () => {
    const calls = parsed('bcc-tracepoint').events.filter((e) => e.name === 'perf_event_open' || e.cmd?.startsWith('PERF_EVENT_IOC_'));
    expect(calls.map(label)).toEqual(['attach perf_event_open', 'attach PERF_EVENT_IOC_SET_BPF', 'attach PERF_EVENT_IOC_ENABLE', 'detach PERF_EVENT_IOC_DISABLE']);
  });

  it('classifies each process of a parallel trace on its own (bpftool-parallel)', () => {
    const p = parsed('bpftool-parallel');
    const byPid = new Map<number, SyscallEvent[]>();
    p.events.forEach((e, i) => {
      const pid = p.origins[i]!.pid!;
      byPid.set(pid, [...(byPid.get(pid) ?? []), e]);
    });
    const loaders = [...byPid.values()].filter((es) => es.some((e) => e.cmd === 'BPF_PROG_LOAD'));
    expect(loaders).toHaveLength(3);
    for (const es of loaders) {
      expect(es.filter((e) => e.cmd === 'BPF_BTF_LOAD' && !isProbe(e))).toHaveLength(1);
      expect(es.filter((e) => e.cmd === 'BPF_OBJ_PIN').map((e) => e.stage)).toEqual(['prog_load']);
    }
  });

  it.each(CAPTURES)('%s: every real (non-probe) program load is a named program', (name) => {
    const loads = parsed(name).events.filter((e) => e.cmd === 'BPF_PROG_LOAD' && !isProbe(e));
    for (const e of loads) expect(e.args.prog_name).not.toBe('');
  });
});
