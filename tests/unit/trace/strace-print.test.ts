// strace text ⇄ TraceEvents on every real capture in tests/golden/strace:
//   print(parse(line)) === line for every call strace printed on one line, pid prefix and column padding included;
//   parse(print(events)) deep-equals events (stages and probe notes included).
// The one exception in the captures: calls strace split into "<unfinished ...>" / "<... resumed>" halves print as one
// line (they still parse back to the same event). Sub-microsecond durations would not survive (strace -T prints µs).
import { describe, expect, it } from 'vitest';
import { parseStrace, printStrace, printStraceLine, STRACE_COLUMN, type SyscallEvent } from '@bpflc/sim';
import { CAPTURES, captureText, parsed, pidsOf } from './captures.ts';

describe('strace round trip on the real captures', () => {
  const totals = { lines: 0, identical: 0, split: 0 };

  it.each(CAPTURES)('%s: every one-line call prints back byte for byte', (name) => {
    const lines = captureText(name).split('\n');
    const p = parsed(name);
    expect(p.issues).toEqual([]);
    let identical = 0;
    p.events.forEach((e, i) => {
      const o = p.origins[i]!;
      if (o.endLine !== o.line) return;
      expect(printStraceLine(e, o.pid !== undefined ? { pid: o.pid } : {})).toBe(lines[o.line - 1]);
      identical++;
    });
    const split = p.origins.filter((o) => o.endLine !== o.line).length;
    expect(identical + split).toBe(p.events.length);
    totals.lines += p.events.length;
    totals.identical += identical;
    totals.split += split;
  });

  it.each(CAPTURES)('%s: parse(print(events)) equals the events', (name) => {
    const p = parsed(name);
    const again = parseStrace(printStrace(p.events, pidsOf(p)));
    expect(again.issues).toEqual([]);
    expect(again.events).toEqual(p.events);
  });

  it('covered every capture', () => {
    expect(totals.lines).toBeGreaterThan(2000);
    expect(totals.identical).toBe(totals.lines - totals.split);
    expect(totals.split).toBe(9); // bpftool-parallel's resumed calls
    console.log(`strace round trip: ${totals.identical} of ${totals.lines} calls byte-identical, ${totals.split} split calls rejoined, ${CAPTURES.length} captures`);
  });
});

describe('printStraceLine on events the sim makes', () => {
  it('pads short calls to column 40 and leaves long ones unpadded, as strace does', () => {
    const close: SyscallEvent = { seq: 0, stage: 'detach', source: 'sim', kind: 'syscall', name: 'close', args: { fd: 3 }, ret: 0 };
    expect(printStraceLine(close)).toBe(`${'close(3) '.padEnd(STRACE_COLUMN)}= 0`);
    const freeze: SyscallEvent = { seq: 1, stage: 'map_create', source: 'sim', kind: 'syscall', name: 'bpf', cmd: 'BPF_MAP_FREEZE', args: { map_fd: 5 }, size: 4, ret: 0 };
    expect(printStraceLine(freeze, { pid: 1686 })).toBe('1686  bpf(BPF_MAP_FREEZE, {map_fd=5}, 4) = 0');
  });

  it('prints a failure with strerror text and a duration in microseconds', () => {
    const e: SyscallEvent = {
      seq: 0, stage: 'prog_load', source: 'sim', kind: 'syscall', name: 'bpf', cmd: 'BPF_PROG_LOAD',
      args: { prog_type: 'BPF_PROG_TYPE_XDP', insn_cnt: 2, insns: [{ code: 'BPF_JMP|BPF_K|BPF_EXIT', dst_reg: 'BPF_REG_0', src_reg: 'BPF_REG_0', off: 0, imm: -1 }], license: 'GPL', prog_name: 'x' },
      size: 128, ret: -1, errno: 'ENOTSUPP', durationNs: 1_234_567,
    };
    expect(printStraceLine(e)).toBe(
      'bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_XDP, insn_cnt=2, insns=[{code=BPF_JMP|BPF_K|BPF_EXIT, dst_reg=BPF_REG_0, src_reg=BPF_REG_0, off=0, imm=0xffffffff}], license="GPL", prog_name="x"}, 128) = -1 ENOTSUPP (Unknown error 524) <0.001235>',
    );
  });

  it('prints perf_event_open with the PMU comment, and kernel write-backs after "=>"', () => {
    const e: SyscallEvent = {
      seq: 0, stage: 'attach', source: 'sim', kind: 'syscall', name: 'perf_event_open',
      args: { attr: { type: 6, size: 'PERF_ATTR_SIZE_VER7', config: 0, sample_type: 0, precise_ip: 0, config1: 0x55d0c0a3b2c0 }, pid: -1, cpu: 0, group_fd: -1, flags: 'PERF_FLAG_FD_CLOEXEC' },
      ret: 7,
    };
    expect(printStraceLine(e)).toBe('perf_event_open({type=0x6 /* PERF_TYPE_??? */, size=PERF_ATTR_SIZE_VER7, config=0, sample_type=0, precise_ip=0 /* arbitrary skid */, config1=0x55d0c0a3b2c0}, -1, 0, -1, PERF_FLAG_FD_CLOEXEC) = 7');
    const info: SyscallEvent = {
      seq: 1, stage: 'prog_load', source: 'sim', kind: 'syscall', name: 'bpf', cmd: 'BPF_PROG_LOAD',
      args: { insn_cnt: 2, log_level: 1 }, out: { log_true_size: 97 }, size: 148, ret: -1, errno: 'EACCES',
    };
    expect(printStraceLine(info)).toBe('bpf(BPF_PROG_LOAD, {insn_cnt=2, log_level=1} => {log_true_size=97}, 148) = -1 EACCES (Permission denied)');
    const back = parseStrace(printStraceLine(info)).events[0]!;
    expect([back.args, back.out]).toEqual([info.args, info.out]);
  });
});
