// `bpflc real X --attach` end to end, the built CLI as a child process on the real kernel: minimal attached through
// BPF_LINK_CREATE prints "BPF triggered from PID <its pid>." (the CLI sets my_pid and writes to /dev/null itself);
// --attach-mode legacy goes through perf_event_open + PERF_EVENT_IOC_SET_BPF; hello-kprobe loads, and its
// attach is refused with the kernel's reason (exit 0: the machine lacks kprobes, nothing went wrong).
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleResult } from '@bpflc/sim/lifecycle/result';
import type { SyscallEvent } from '@bpflc/sim/trace/schema';
import { needTracing } from '../helpers/privilege.ts';
import { buildCli, example, runBpflc } from './run-cli.ts';

const syscalls = (r: LifecycleResult): SyscallEvent[] => r.trace.filter((e): e is SyscallEvent => e.kind === 'syscall');

describe('bpflc real --attach', () => {
  beforeAll(() => buildCli(), 60_000);

  it('minimal, link mode (default): BPF_LINK_CREATE, then the printk line of the CLI\'s own pid', (ctx) => {
    needTracing(ctx);
    const r = runBpflc(['real', example('minimal'), '--attach', '--json', '--duration', '1']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as LifecycleResult;
    expect(res.attach).toEqual([expect.objectContaining({ program: 'handle_tp', kind: 'tracepoint', via: 'link', target: 'syscalls:sys_enter_write' })]);
    expect(res.attach?.[0]?.linkId).toBeGreaterThan(0);
    const link = syscalls(res).find((e) => e.cmd === 'BPF_LINK_CREATE');
    expect(link?.ret).toBeGreaterThanOrEqual(0);
    expect(link?.stage).toBe('attach');
    expect(syscalls(res).some((e) => e.cmd === 'PERF_EVENT_IOC_SET_BPF')).toBe(false);
    const printk = res.run?.printk ?? [];
    expect(printk.length).toBeGreaterThanOrEqual(3); // at least the CLI's three writes to /dev/null
    const pid = printk[0]!.pid;
    expect(printk.every((l) => l.msg === `BPF triggered from PID ${pid}.`)).toBe(true);
    expect(res.run?.triggered).toMatch(/write\(2\)/);
    // my_pid in .bss holds the CLI's pid at the end of the run (little-endian s32 at offset 0).
    const bss = res.run?.maps.find((m) => m.name === 'minimal.bss');
    expect(bss?.entries[0]?.value).toBe(Buffer.from(new Int32Array([pid]).buffer).toString('hex'));
    // Detached before unload: the link fd is closed in stage detach.
    expect(syscalls(res).some((e) => e.name === 'close' && e.stage === 'detach' && e.args.fd === link?.ret)).toBe(true);
  });

  it('minimal, --attach-mode legacy: perf_event_open + PERF_EVENT_IOC_SET_BPF (the seed\'s path), no link', (ctx) => {
    needTracing(ctx);
    const r = runBpflc(['real', example('minimal'), '--attach', '--attach-mode', 'legacy', '--json', '--duration', '0.5']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as LifecycleResult;
    expect(res.attach?.[0]).toMatchObject({ via: 'legacy', target: 'syscalls:sys_enter_write' });
    const calls = syscalls(res);
    const open = calls.find((e) => e.name === 'perf_event_open');
    const setBpf = calls.find((e) => e.cmd === 'PERF_EVENT_IOC_SET_BPF');
    expect(open?.ret).toBeGreaterThanOrEqual(0);
    expect(setBpf?.ret).toBe(0);
    expect(calls.some((e) => e.cmd === 'BPF_LINK_CREATE')).toBe(false);
    expect(res.run?.printk.some((l) => /^BPF triggered from PID \d+\.$/.test(l.msg))).toBe(true);
  });

  it('--strace shows the attach as strace prints it', (ctx) => {
    needTracing(ctx);
    const r = runBpflc(['real', example('minimal'), '--attach', '--attach-mode', 'legacy', '--strace', '--duration', '0.2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^perf_event_open\(\{type=PERF_TYPE_TRACEPOINT, .*\) = \d+/m);
    expect(r.stdout).toMatch(/^ioctl\(\d+, PERF_EVENT_IOC_SET_BPF, \d+\)\s+= 0/m);
  });

  it('hello-kprobe: the load is accepted and the attach refusal names the missing kprobes (exit 0)', (ctx) => {
    needTracing(ctx);
    const r = runBpflc(['real', example('hello-kprobe'), '--attach', '--duration', '0.2']);
    if (existsSync('/sys/bus/event_source/devices/kprobe')) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/attached: hello → /);
      return;
    }
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hello\s+KPROBE\s+accepted/);
    expect(r.stderr).toMatch(/hello: attach refused: cannot attach kprobe do_sys_openat2: this kernel was built without kprobes \(CONFIG_KPROBES is not set\)/);
    const j = JSON.parse(runBpflc(['real', example('hello-kprobe'), '--attach', '--json', '--duration', '0.2']).stdout) as LifecycleResult;
    expect(j.attach).toEqual([expect.objectContaining({ program: 'hello', kind: 'kprobe', errorKind: 'unavailable' })]);
    expect(j.programs[0]?.verdict).toBe('accepted');
  });

  it('usage: --duration without --attach, a bad mode or duration → exit 2 with the reason', () => {
    expect(runBpflc(['real', example('minimal'), '--duration', '3'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/go with --attach/) });
    expect(runBpflc(['real', example('minimal'), '--attach', '--attach-mode', 'fast'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--attach-mode wants link/) });
    expect(runBpflc(['real', example('minimal'), '--attach', '--duration', '-1'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--duration wants seconds/) });
  });
});
