// normalizeTrace on real captures: fds become the objects they name, volatile values become symbols, and two runs
// of the same loader become equal (while their raw events are not).
import { describe, expect, it } from 'vitest';
import { normalizeTrace, type NormalizedEvent, type SyscallEvent, type TraceEvent } from '@bpflc/sim';
import { parsed, pidsOf } from './captures.ts';

const norm = (name: string): NormalizedEvent[] => normalizeTrace(parsed(name).events, { pids: pidsOf(parsed(name)) });
const syscalls = (es: NormalizedEvent[]) => es.flatMap((e) => (e.kind === 'syscall' ? [e] : []));

describe('normalizeTrace on the minimal skeleton loader (minimal-skel-1)', () => {
  const es = syscalls(norm('minimal-skel-1'));
  const byCmd = (cmd: string) => es.filter((e) => e.cmd === cmd);

  it('names every returned and passed fd by its object', () => {
    expect(byCmd('BPF_MAP_CREATE').map((e) => e.ret)).toEqual([
      'fd<map:libbpf_mmap>', 'fd<map:libbpf_global>', 'fd<map:minimal_.bss>', 'fd<map:minimal_.rodata>', 'fd<map:libbpf_det_bind>',
    ]);
    expect(byCmd('BPF_MAP_UPDATE_ELEM').map((e) => e.args.map_fd)).toEqual(['fd<map:minimal_.bss>', 'fd<map:minimal_.rodata>']);
    const load = byCmd('BPF_PROG_LOAD').find((e) => e.args.prog_name === 'handle_tp')!;
    expect(load.ret).toBe('fd<prog:handle_tp>');
    expect(load.args.prog_btf_fd).toBe('fd<btf>');
    const insns = load.args.insns as { imm: unknown }[];
    expect([insns[2]!.imm, insns[6]!.imm]).toEqual(['fd<map:minimal_.bss>', 'fd<map:minimal_.rodata>']); // ld_imm64 map fds
    const link = byCmd('BPF_LINK_CREATE').at(-1)!;
    expect(link.args.link_create).toEqual({ prog_fd: 'fd<prog:handle_tp>', target_fd: 'fd<perf_event:tracepoint>', attach_type: 'BPF_PERF_EVENT', flags: 0, perf_event: { bpf_cookie: 0 } });
    expect(link.ret).toBe('fd<link:handle_tp>');
    expect(es.filter((e) => e.stage === 'detach' && e.name === 'close').map((e) => e.args.fd)).toEqual([
      'fd<perf_event:tracepoint>', 'fd<link:handle_tp>', 'fd<map:minimal_.bss>', 'fd<map:minimal_.rodata>', 'fd<prog:handle_tp>', 'fd<btf>',
    ]);
  });

  it('replaces pointers, the tracepoint id and durations; keeps content', () => {
    const upd = byCmd('BPF_MAP_UPDATE_ELEM')[0]!;
    expect(upd.args).toMatchObject({ key: '<ptr>', value: '<ptr>', flags: 'BPF_ANY' });
    const pe = es.find((e) => e.name === 'perf_event_open')!;
    expect((pe.args.attr as Record<string, unknown>).config).toBe('<tracepoint_id>');
    expect(es.some((e) => 'durationNs' in e)).toBe(false);
    expect(es.filter((e) => e.name === 'close' && e.args.fd === 'fd<?>')).toHaveLength(6); // ld.so and the tracefs id file
    const btf = byCmd('BPF_BTF_LOAD').at(-1)!;
    expect((btf.args.btf as string).length).toBe(555);
  });
});

describe('normalizeTrace makes two runs equal', () => {
  it.each([['minimal-skel-1', 'minimal-skel-2'], ['bpftool-minimal-1', 'bpftool-minimal-2']])('%s = %s', (a, b) => {
    const raw = (n: string) => parsed(n).events.map(({ seq, stage, name, cmd, args, ret }) => ({ seq, stage, name, cmd, args, ret }));
    expect(raw(a)).not.toEqual(raw(b)); // pointers differ between runs, so the test can fail
    expect(norm(a)).toEqual(norm(b));
  });
});

describe('normalizeTrace: ids, tags, times, PMU pointers', () => {
  it('scrubs what the kernel assigns (bpftool-prog-show)', () => {
    const info = syscalls(norm('bpftool-prog-show')).filter((e) => e.cmd === 'BPF_OBJ_GET_INFO_BY_FD');
    const inner = (info[1]!.args.info as Record<string, Record<string, unknown>>).info!;
    expect(inner).toMatchObject({ id: '<id>', tag: '<tag>', load_time: '<time>', btf_id: '<id>', map_ids: ['<id>', '<id>'], name: 'handle_tp', verified_insns: 12 });
    expect(info[1]!.args.info).toMatchObject({ bpf_fd: 'fd<pinned:/sys/fs/bpf/bpflc-strace/handle_tp>' });
  });

  it('scrubs the uprobe PMU path pointer but keeps the offset (bcc-uprobe)', () => {
    const pe = syscalls(norm('bcc-uprobe')).find((e) => e.name === 'perf_event_open')!;
    expect(pe.args.attr).toMatchObject({ type: 8, config1: '<ptr>', config2: expect.any(Number) });
    expect(pe.ret).toBe('fd<perf_event:pmu8>');
    const set = syscalls(norm('bcc-uprobe')).find((e) => e.cmd === 'PERF_EVENT_IOC_SET_BPF')!;
    expect(set.args).toEqual({ fd: 'fd<perf_event:pmu8>', arg: 'fd<prog:hello>' });
  });

  it('numbers a second live object of the same name and reuses names after close (hand-made events)', () => {
    const ev = (seq: number, cmd: string, args: SyscallEvent['args'], ret: number, name = 'bpf'): TraceEvent =>
      ({ seq, stage: 'map_create', source: 'sim', kind: 'syscall', name, ...(name === 'bpf' ? { cmd } : {}), args, ret });
    const out = syscalls(normalizeTrace([
      ev(0, 'BPF_MAP_CREATE', { map_name: 'counts' }, 3),
      ev(1, 'BPF_MAP_CREATE', { map_name: 'counts' }, 4),
      ev(2, '', { fd: 3 }, 0, 'close'),
      ev(3, 'BPF_MAP_CREATE', { map_name: 'counts' }, 3),
      ev(4, 'BPF_MAP_FREEZE', { map_fd: 4 }, 0),
      ev(5, 'BPF_MAP_FREEZE', { map_fd: 9 }, -1),
    ]));
    expect(out.map((e) => e.ret)).toEqual(['fd<map:counts>', 'fd<map:counts#2>', 0, 'fd<map:counts>', 0, -1]);
    expect(out.map((e) => e.args.map_fd ?? e.args.fd)).toEqual([undefined, undefined, 'fd<map:counts>', undefined, 'fd<map:counts#2>', 'fd<?>']);
  });
});
