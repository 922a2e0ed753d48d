// Real machine: probe() reports what this machine allows, with reasons; mounts are idempotent; and an
// unprivileged process (nobody, no capabilities) gets clear refusals as values.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureMounted, findMount, kernelConfig, kprobePmuType, probe, readMounts } from '../../real-backend/src/kernel/index.ts';
import { bpfSkipReason, needBpf } from './helpers/privilege.ts';

const openFds = () => readdirSync('/proc/self/fd').length;

describe('probe()', () => {
  it('says what this machine can do, with one reason per item, and leaves no fd open', () => {
    const before = openFds();
    const p = probe();
    expect(openFds()).toBe(before);
    const ids = p.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['cap_bpf', 'unprivileged_bpf_disabled', 'bpf_map_create', 'bpf_prog_load', 'tracefs', 'kprobe', 'btf_vmlinux']));
    for (const i of p.items) expect(i.detail.length).toBeGreaterThan(5);
    expect(p.canLoad).toBe(bpfSkipReason() === undefined);
    expect(p.canKprobe).toBe(kprobePmuType().ok && p.canLoad);
    const kprobe = p.items.find((i) => i.id === 'kprobe');
    if (kernelConfig('CONFIG_KPROBES') === 'n') expect(kprobe?.detail).toMatch(/built without kprobes \(CONFIG_KPROBES\).*\(CONFIG_KPROBES=n\)$/);
    expect(p.kernel).toMatch(/^\d+\.\d+/);
  });
});

describe('mounts', () => {
  it('parses /proc/mounts lines, spaces included', () => {
    expect(readMounts('tracefs /sys/kernel/tracing tracefs rw,relatime 0 0\nnone /mnt/with\\040space tmpfs rw 0 0\n')).toEqual([
      { source: 'tracefs', target: '/sys/kernel/tracing', fstype: 'tracefs' },
      { source: 'none', target: '/mnt/with space', fstype: 'tmpfs' },
    ]);
  });

  it('ensureMounted(tracefs) is idempotent: a second call finds the first mount', (ctx) => {
    needBpf(ctx);
    const a = ensureMounted('tracefs');
    if (!a.ok) return ctx.skip(`skipped: ${a.error.message}`);
    const b = ensureMounted('tracefs');
    expect(b).toEqual({ ok: true, value: { path: a.value.path, mountedNow: false } });
    expect(findMount('tracefs')).toBe(a.value.path);
  });
});

describe('as an unprivileged process (uid nobody, no capabilities)', () => {
  it('gets a privilege error for a mount, and probe() says bpf() is refused and why', (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('skipped: dropping to nobody needs root to start from');
    const here = fileURLToPath(new URL('.', import.meta.url));
    const script = `
      import { ensureMounted, probe } from ${JSON.stringify(`${here}../../real-backend/src/kernel/index.ts`)};
      const m = ensureMounted('debugfs');
      const p = probe();
      console.log(JSON.stringify({ m, p }));`;
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', 'node', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: `${here}../..`,
    });
    const { m, p } = JSON.parse(out) as { m: { ok: boolean; error?: { kind: string; message: string } }; p: ReturnType<typeof probe> };
    // debugfs is not mounted here; if some other process mounted it meanwhile, the call is (rightly) a no-op.
    if (!m.ok) expect(m.error).toMatchObject({ kind: 'privilege', message: expect.stringMatching(/needs root \(CAP_SYS_ADMIN\)/) });
    expect(p.canLoad).toBe(false);
    expect(p.items.find((i) => i.id === 'cap_bpf')).toMatchObject({ ok: false, detail: expect.stringMatching(/^lacks CAP_BPF/) });
    expect(p.items.find((i) => i.id === 'bpf_map_create')).toMatchObject({ ok: false, detail: expect.stringMatching(/BPF_MAP_CREATE failed with EPERM: operation not permitted: the process lacks CAP_BPF/) });
  });
});
