// Real kernel: `bpflc real` as a user runs it (node + tsx on the CLI entry): --json prints the LifecycleResult,
// --strace the load's syscalls as strace text that sim's strace parser reads back, a rejected program exits 1,
// a .bpf.c is compiled first, and without CAP_BPF the command says so in one sentence and exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '@bpflc/sim/trace/index';
import type { LifecycleResult } from '../../../real-backend/src/loader/index.ts';
import { needBpf } from '../helpers/privilege.ts';
import { exampleObjects, ROOT } from './helpers.ts';

const bpflc = (args: string[], prefix: string[] = []) => {
  const argv = [...prefix, process.execPath, '--import', 'tsx', join(ROOT, 'real-backend/src/cli/main.ts'), 'real', ...args];
  return spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 120_000 });
};
const ex = (slug: string) => exampleObjects().find((e) => e.slug === slug)!;

describe('bpflc real', () => {
  it('--json: the LifecycleResult of a load, exit 0', (ctx) => {
    needBpf(ctx);
    const r = bpflc([ex('minimal').path, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as LifecycleResult;
    expect(j).toMatchObject({ schema: 1, source: 'real', loader: 'agent', object: { name: 'minimal' } });
    expect(j.programs).toHaveLength(1);
    expect(j.programs[0]).toMatchObject({ name: 'handle_tp', section: 'tp/syscalls/sys_enter_write', type: 'BPF_PROG_TYPE_TRACEPOINT', verdict: 'accepted', loadedAs: 'object' });
    expect(j.programs[0]!.insns).toHaveLength(13);
    expect(j.programs[0]!.xlated.length).toBeGreaterThan(0);
    expect(j.programs[0]!.jited).toMatch(/^([0-9a-f]{2})+$/);
    expect(j.maps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags, m.frozen])).toEqual([
      ['minimal.bss', 'BPF_MAP_TYPE_ARRAY', 4, 4, 1, 1024, false],
      ['minimal.rodata', 'BPF_MAP_TYPE_ARRAY', 4, 28, 1, 128, true],
    ]);
    // The trace ends with the closes: nothing outlives the command.
    const closes = j.trace.filter((e) => e.kind === 'syscall' && e.name === 'close');
    expect(closes.map((e) => e.stage)).toEqual(['detach', 'detach', 'detach', 'detach']);
  });

  it('--strace: strace text that the strace parser reads back call for call', (ctx) => {
    needBpf(ctx);
    const r = bpflc([ex('minimal').path, '--strace']);
    expect(r.status).toBe(0);
    const parsed = parseStrace(r.stdout, { source: 'real' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.events.map((e) => e.cmd ?? e.name)).toEqual([
      'BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_CREATE', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_FREEZE',
      'BPF_PROG_LOAD', 'BPF_PROG_BIND_MAP', 'BPF_OBJ_GET_INFO_BY_FD', 'BPF_OBJ_GET_INFO_BY_FD', 'close', 'close', 'close', 'close',
    ]);
    expect(parsed.events.find((e) => e.cmd === 'BPF_PROG_LOAD')?.args).toMatchObject({ prog_type: 'BPF_PROG_TYPE_TRACEPOINT', prog_name: 'handle_tp', license: 'Dual BSD/GPL' });
  });

  it('a rejected program: its verdict and reason in the JSON, exit 1; the summary shows the verifier log', (ctx) => {
    needBpf(ctx);
    const meta = ex('rejected').meta;
    const r = bpflc([ex('rejected').path, '--json']);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as LifecycleResult;
    expect(j.programs[0]).toMatchObject({ verdict: 'rejected', errno: 'EACCES', reason: meta.rejectionReason });
    expect(j.objectFailure).toMatchObject({ stage: 'prog_load', at: 'count_writes' });
    const text = bpflc([ex('rejected').path]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('verifier log of count_writes (level 1, rejected):');
    expect(text.stdout).toContain(meta.rejectionReason!);
  });

  it('a .bpf.c is built with the real toolchain first', (ctx) => {
    needBpf(ctx);
    const r = bpflc([join(ROOT, 'content/examples/minimal/minimal.bpf.c'), '--json']);
    if (r.status !== 0 && /clang|bpftool/.test(r.stderr) && /not (found|installed)/.test(r.stderr)) ctx.skip(`skipped: ${r.stderr.trim()}`);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as LifecycleResult;
    expect(j.programs.map((p) => [p.name, p.verdict])).toEqual([['handle_tp', 'accepted']]);
  });

  it('without CAP_BPF: one sentence on stderr, exit 1, nothing on stdout', (ctx) => {
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) ctx.skip('skipped: needs root and setpriv to run the command as an unprivileged user');
    const r = bpflc([ex('minimal').path, '--json'], ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^bpflc real: this process lacks CAP_BPF .* EPERM; /);
  });
});
