// parseStrace on real strace 6.1 lines (copied from tests/golden/strace captures, capture named per case) and on
// hand-made lines for forms strace 6.1 does not print for our loaders (said so where used).
import { describe, expect, it } from 'vitest';
import { parseStrace, parseStraceLine, type SyscallEvent } from '@bpflc/sim';
import { captureText, parsed } from './captures.ts';

function one(line: string): SyscallEvent {
  const r = parseStraceLine(line);
  if (!r.ok) throw new Error(r.why);
  return r.event;
}

describe('parseStrace: single calls', () => {
  it('reads BPF_MAP_CREATE with flags, a name and the attr size (bpftool-minimal-1, a real line)', () => {
    const line = captureText('bpftool-minimal-1').split('\n').find((l) => l.includes('map_name="minimal.rodata"'))!;
    const e = one(line);
    expect(e).toMatchObject({
      kind: 'syscall', name: 'bpf', cmd: 'BPF_MAP_CREATE', size: 72, ret: 5, source: 'reference', stage: 'map_create',
      args: { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 28, max_entries: 1, map_flags: 'BPF_F_RDONLY_PROG|BPF_F_MMAPABLE',
        inner_map_fd: 0, map_name: 'minimal.rodata', btf_fd: 3, btf_value_type_id: 15, map_extra: 0 },
    });
    expect(e.durationNs).toBe(Number(/<0\.(\d{6})>$/.exec(line)![1]) * 1000);
    expect(e.errno).toBeUndefined();
  });

  it('reads a failed call: ret -1 and the errno name (bpftool-rejected)', () => {
    const { events } = parsed('bpftool-rejected');
    const loads = events.filter((e) => e.cmd === 'BPF_PROG_LOAD' && e.args.prog_name === 'count_writes');
    expect(loads.map((e) => [e.ret, e.errno, e.args.log_level])).toEqual([[-1, 'EACCES', 0], [-1, 'EACCES', 1]]);
    expect(loads[1]!.args.log_buf).toBe(''); // strace 6.1 reads log_buf on entry, before the kernel fills it
    expect(loads[0]!.args.kern_version).toBe('KERNEL_VERSION(6, 18, 44)');
  });

  it('reads instructions: hex imm as a number, negative offsets, registers by name (minimal-skel-1)', () => {
    const load = parsed('minimal-skel-1').events.find((e) => e.args.prog_name === 'handle_tp')!;
    const insns = load.args.insns as { code: string; dst_reg: string; src_reg: string; off: number; imm: number | string }[];
    expect(insns).toHaveLength(13);
    expect(insns[0]).toEqual({ code: 'BPF_JMP|BPF_K|BPF_CALL', dst_reg: 'BPF_REG_0', src_reg: 'BPF_REG_0', off: 0, imm: 14 });
    expect(insns[2]).toEqual({ code: 'BPF_LD|BPF_DW|BPF_IMM', dst_reg: 'BPF_REG_1', src_reg: 'BPF_REG_2', off: 0, imm: 4 });
    expect(load.args.license).toBe('Dual BSD/GPL');
    expect(load.args.func_info).toMatch(/^0x[0-9a-f]+$/); // a user pointer stays a hex string
  });

  it('reads BTF bytes with octal escapes into one char per byte (minimal-skel-1)', () => {
    const btf = parsed('minimal-skel-1').events.find((e) => e.cmd === 'BPF_BTF_LOAD' && e.note === undefined)!;
    const blob = btf.args.btf as string;
    expect(blob.length).toBe(btf.args.btf_size);
    expect([blob.charCodeAt(0), blob.charCodeAt(1), blob.charCodeAt(2)]).toEqual([0x9f, 0xeb, 1]); // BTF magic, version 1
  });

  it('marks a BTF blob strace cut at -s 4096 with the truncation mark (bpftool-ringbuf)', () => {
    const btf = parsed('bpftool-ringbuf').events.filter((e) => e.cmd === 'BPF_BTF_LOAD').find((e) => (e.args.btf as string).endsWith('\u2026'))!;
    expect((btf.args.btf as string).length).toBe(4097);
    expect(btf.args.btf_size as number).toBeGreaterThan(4096);
  });

  it('reads link_create nested structs and a failed probe (minimal-skel-1)', () => {
    const links = parsed('minimal-skel-1').events.filter((e) => e.cmd === 'BPF_LINK_CREATE');
    expect(links.map((e) => [e.args.link_create, e.ret, e.errno])).toEqual([
      [{ prog_fd: 8, target_fd: -1, attach_type: 'BPF_PERF_EVENT', flags: 0, perf_event: { bpf_cookie: 0 } }, -1, 'EBADF'],
      [{ prog_fd: 6, target_fd: 7, attach_type: 'BPF_PERF_EVENT', flags: 0, perf_event: { bpf_cookie: 0 } }, 8, undefined],
    ]);
  });

  it('reads ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog fd) (bcc-tracepoint)', () => {
    const set = parsed('bcc-tracepoint').events.find((e) => e.cmd === 'PERF_EVENT_IOC_SET_BPF')!;
    expect(set).toMatchObject({ name: 'ioctl', args: { fd: 5, arg: 4 }, ret: 0, stage: 'attach' });
  });

  it('reads perf_event_open: a PMU type strace cannot name, comments, hex config (bcc-uprobe)', () => {
    const open = parsed('bcc-uprobe').events.find((e) => e.name === 'perf_event_open')!;
    const attr = open.args.attr as Record<string, unknown>;
    expect(attr.type).toBe(8); // "type=0x8 /* PERF_TYPE_??? */": the uprobe PMU's number from sysfs
    expect(attr.config).toBe(0x600000000);
    expect(attr.precise_ip).toBe(0); // "precise_ip=0 /* arbitrary skid */"
    expect(attr.size).toBe('PERF_ATTR_SIZE_VER7');
    expect(open.args).toMatchObject({ pid: -1, cpu: 0, group_fd: -1, flags: 'PERF_FLAG_FD_CLOEXEC' });
  });

  it('keeps values the kernel wrote back ("jited_prog_len=0 => 70") in out (bpftool-prog-show)', () => {
    const info = parsed('bpftool-prog-show').events.find((e) => e.cmd === 'BPF_OBJ_GET_INFO_BY_FD')!;
    const inner = (info.args.info as Record<string, Record<string, unknown>>).info!;
    expect(inner.jited_prog_len).toBe(0);
    expect(info.out).toMatchObject({ info: { info: { jited_prog_len: 70, xlated_prog_len: 104, nr_map_ids: 2 } } });
    expect(inner.tag).toHaveLength(8); // printed "\x9c\x48…" (hex style)
    expect(inner.load_time).toMatch(/^\d+ \/\* \d{4}-\d\d-\d\dT/); // a comment strace derives from the clock: kept verbatim
  });

  it('reads the newer "=> {log_true_size=…}" out-struct (hand-made: strace ≥ 6.4 form, not printed by 6.1)', () => {
    const e = one('bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_XDP, insn_cnt=2, log_level=1} => {log_true_size=97}, 148) = -1 EACCES (Permission denied)');
    expect(e.args).toEqual({ prog_type: 'BPF_PROG_TYPE_XDP', insn_cnt: 2, log_level: 1 });
    expect(e.out).toEqual({ log_true_size: 97 });
  });

  it('keeps an attr strace did not decode as a pointer (BPF_PROG_BIND_MAP, minimal-skel-1)', () => {
    const bind = parsed('minimal-skel-1').events.filter((e) => e.cmd === 'BPF_PROG_BIND_MAP');
    expect(bind).toHaveLength(2);
    expect(bind[0]!.args).toEqual({ attr: expect.stringMatching(/^0x[0-9a-f]+$/) });
    expect(bind[0]!.size).toBe(12);
  });
});

describe('parseStrace: -f traces', () => {
  it('joins "<unfinished ...>" and "<... resumed>" halves by pid and orders calls by where they began (bpftool-parallel)', () => {
    const text = captureText('bpftool-parallel');
    const lines = text.trimEnd().split('\n');
    const p = parsed('bpftool-parallel');
    const resumed = lines.filter((l) => /<\.\.\. \w+ resumed>/.test(l)).length;
    const meta = lines.filter((l) => /^\d+ +(---|\+\+\+) /.test(l)).length;
    expect(resumed).toBeGreaterThan(0);
    expect(p.issues).toEqual([]);
    expect(p.events).toHaveLength(lines.length - resumed - meta);
    const split = p.origins.filter((o) => o.endLine !== o.line);
    expect(split).toHaveLength(resumed);
    for (const o of split) {
      expect(lines[o.line - 1]).toMatch(/ <unfinished \.\.\.>$/);
      expect(lines[o.endLine - 1]!.startsWith(`${o.pid}`)).toBe(true);
    }
    expect(new Set(p.origins.map((o) => o.pid)).size).toBeGreaterThanOrEqual(4); // sh + three bpftool
    const lineOrder = p.origins.map((o) => o.line);
    expect([...lineOrder].sort((a, b) => a - b)).toEqual(lineOrder);
  });

  it('joins a bpf call split inside its attr (hand-made from a real line)', () => {
    const text = [
      '2001  bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4 <unfinished ...>',
      '2002  close(3)                          = 0',
      '2001  <... bpf resumed>, value_size=8}, 72) = 4 <0.000061>',
    ].join('\n');
    const p = parseStrace(text);
    expect(p.issues).toEqual([]);
    expect(p.events.map((e) => [e.name, e.ret])).toEqual([['bpf', 4], ['close', 0]]);
    expect(p.events[0]!.args).toEqual({ map_type: 'BPF_MAP_TYPE_HASH', key_size: 4, value_size: 8 });
    expect(p.origins[0]).toEqual({ line: 1, endLine: 3, pid: 2001 });
  });

  it('keeps signal and exit lines aside (minimal-skel-1: SIGINT, then exit)', () => {
    expect(parsed('minimal-skel-1').meta.map((m) => m.kind)).toEqual(['signal', 'exit']);
    expect(parsed('minimal-skel-1').meta[0]!.text).toMatch(/^--- SIGINT \{si_signo=SIGINT/);
  });
});

describe('parseStrace: bad input is a value, never an exception', () => {
  it('names the line and the reason for each unreadable line', () => {
    const text = [
      'close(3)                          = 0',
      'this is not strace',
      'bpf(BPF_MAP_FREEZE, {map_fd=5, 4) = 0',
      'bpf(BPF_MAP_FREEZE, {map_fd=5}, 4) = banana',
      'exit_group(0)                     = ?',
      '<... bpf resumed>) = 0',
      'bpf(BPF_PROG_LOAD, {prog_name="x" <unfinished ...>',
      'bpf(BPF_MAP_FREEZE, {map_fd=5}) = 0',
    ].join('\n');
    const p = parseStrace(text);
    expect(p.events).toHaveLength(1);
    expect(p.issues.map((i) => [i.line, i.why])).toEqual([
      [2, 'not a syscall line'],
      [3, "expected ', ' or '}' at column 33"],
      [4, 'cannot read the return part "= banana"'],
      [5, 'no return value (= ?)'],
      [6, '"bpf resumed" without its unfinished start'],
      [7, 'unfinished call never resumed'],
      [8, 'bpf() with 2 arguments, expected 3'],
    ]);
  });

  it('never throws on any prefix of any real line (a cut-off log)', () => {
    const lines = captureText('minimal-skel-1').split('\n').filter((l) => l !== '');
    let parsedCount = 0;
    let issueCount = 0;
    for (const line of lines) {
      for (let cut = 1; cut < line.length; cut += Math.max(1, Math.floor(line.length / 40))) {
        const r = parseStrace(line.slice(0, cut));
        parsedCount += r.events.length;
        issueCount += r.issues.length + r.meta.length;
        expect(r.events.length + r.issues.length + r.meta.length).toBeGreaterThanOrEqual(1);
      }
    }
    expect(issueCount).toBeGreaterThan(parsedCount);
  });
});
