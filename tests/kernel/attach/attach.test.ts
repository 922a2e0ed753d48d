// Real kernel: attachProgram for every kind this 6.18 kernel offers (tracepoint by link and by legacy ioctl,
// raw_tp, tp_btf both ways, uprobe both ways), the specific refusals (kprobe without CONFIG_KPROBES, fentry's EPERM, an interface
// program), the time limit, and nothing left behind (bpftool prog/link/map show before and after).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import koffi from 'koffi';
import { afterAll, describe, expect, it } from 'vitest';
import { attachProgram, detach, resolveAttachBtfId, symbolFileOffset, type AttachHandle, type AttachSpec } from '../../../real-backend/src/attach/index.ts';
import { dumpMap, TracePipeReader } from '../../../real-backend/src/run/index.ts';
import {
  KernelSession, closeAll, kernelConfig, linkInfo, mapCreate, mapInfo, mapUpdateElem, progInfo, progLoad, sysGetpid,
} from '../../../real-backend/src/kernel/index.ts';
import { movImm, exit, program } from '../helpers/asm.ts';
import { bpftoolLinks, stillListed } from '../helpers/bpftool.ts';
import { needTracing } from '../helpers/privilege.ts';
import { countBody, load, pidFiltered, printkBody } from './programs.ts';

const s = new KernelSession();
const ids = { progs: [] as number[], maps: [] as number[], links: [] as number[] };
const linksBefore = new Set<number>();
const latencyUs: Record<string, number> = {};
afterAll(() => {
  closeAll(s);
  console.log(`attach latency (µs): ${JSON.stringify(latencyUs)}`);
});

const key0 = Buffer.alloc(4);
let mapFd = -1;
function counter(): number {
  const d = dumpMap(s, mapFd);
  if (!d.ok) throw new Error(d.error.message);
  return Number(Buffer.from(String(d.value.entries[0]?.value), 'hex').readBigUInt64LE());
}
function reset(): void {
  expect(mapUpdateElem(s, mapFd, key0, Buffer.alloc(8)).ok).toBe(true);
}
function remember(h: AttachHandle, name: string): void {
  latencyUs[name] = Math.round(h.attachNs / 1000);
  if (h.linkFd !== undefined) {
    const li = linkInfo(s, h.linkFd);
    if (li.ok) ids.links.push(li.value.id);
  }
}
function remProg(fd: number): void {
  const pi = progInfo(s, fd);
  if (pi.ok) ids.progs.push(pi.value.id);
}

const tpSpec: AttachSpec = { name: 'handle_tp', progType: 'BPF_PROG_TYPE_TRACEPOINT', expectedAttachType: undefined, attach: { kind: 'tracepoint', category: 'syscalls', name: 'sys_enter_getpid' } };

describe('attachProgram on the real kernel', () => {
  it('setup: a counter map', (ctx) => {
    needTracing(ctx);
    for (const l of bpftoolLinks()) linksBefore.add(l.id);
    const m = mapCreate(s, { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 8, max_entries: 1, map_name: 'att_count' });
    if (!m.ok) throw new Error(m.error.message);
    mapFd = m.value;
    const mi = mapInfo(s, mapFd);
    if (mi.ok) ids.maps.push(mi.value.id);
  });

  for (const mode of ['link', 'legacy'] as const) {
    it(`tracepoint (${mode}): counts our getpid calls and the bpf_printk line reaches a private tracefs instance`, async (ctx) => {
      needTracing(ctx);
      const tag = mode === 'link' ? 'bpflc-tl' : 'bpflc-tg';
      const fd = load(s, { prog_type: 'BPF_PROG_TYPE_TRACEPOINT', insns: pidFiltered(sysGetpid(), [...countBody(mapFd), ...printkBody(tag)]), prog_name: `att_tp_${mode}` });
      remProg(fd);
      const pipe = TracePipeReader.open(s, { pid: process.pid, match: new RegExp(tag) });
      if (!pipe.ok) throw new Error(pipe.error.message);
      try {
        reset();
        const before = s.events.length;
        const h = attachProgram(s, fd, tpSpec, { mode });
        if (!h.ok) throw new Error(h.error.message);
        const calls = s.events.slice(before).filter((e) => e.kind === 'syscall').map((e) => (e.kind === 'syscall' ? e.cmd ?? e.name : ''));
        remember(h.value, `tracepoint-${mode}`);
        expect(calls).toEqual(mode === 'link' ? ['perf_event_open', 'BPF_LINK_CREATE', 'PERF_EVENT_IOC_ENABLE'] : ['perf_event_open', 'PERF_EVENT_IOC_SET_BPF', 'PERF_EVENT_IOC_ENABLE']);
        expect(h.value).toMatchObject({ kind: 'tracepoint', via: mode, target: 'syscalls:sys_enter_getpid' });
        for (let i = 0; i < 4; i++) sysGetpid();
        expect(counter()).toBe(4);
        const lines = await pipe.value.readFor(2000, 4);
        pipe.value.close();
        expect(lines.length).toBe(4);
        expect(lines[0]).toMatchObject({ pid: process.pid, event: 'bpf_trace_printk', msg: tag });
        detach(h.value);
        detach(h.value); // idempotent
        sysGetpid();
        expect(counter()).toBe(4);
      } finally {
        pipe.value.close();
      }
    });
  }

  it('raw_tp: BPF_RAW_TRACEPOINT_OPEN on sys_enter counts our syscalls (both modes take that call)', (ctx) => {
    needTracing(ctx);
    const fd = load(s, { prog_type: 'BPF_PROG_TYPE_RAW_TRACEPOINT', insns: pidFiltered(sysGetpid(), countBody(mapFd)), prog_name: 'att_raw' });
    remProg(fd);
    reset();
    const h = attachProgram(s, fd, { name: 'raw', progType: 'BPF_PROG_TYPE_RAW_TRACEPOINT', expectedAttachType: undefined, attach: { kind: 'raw-tracepoint', name: 'sys_enter', writable: false } });
    if (!h.ok) throw new Error(h.error.message);
    expect(s.events.filter((e) => e.kind === 'syscall').at(-1)).toMatchObject({ cmd: 'BPF_RAW_TRACEPOINT_OPEN', args: { name: 'sys_enter' } });
    remember(h.value, 'raw_tp');
    for (let i = 0; i < 5; i++) sysGetpid();
    // Every syscall of this thread enters sys_enter: at least our five getpid (bpf lookups count too).
    expect(counter()).toBeGreaterThanOrEqual(5);
    detach(h.value);
    // Detached: reading the counter (itself a syscall) and more getpid calls change nothing.
    const after = counter();
    for (let i = 0; i < 5; i++) sysGetpid();
    expect(counter()).toBe(after);
  });

  for (const mode of ['link', 'legacy'] as const) {
    it(`tp_btf (${mode}): attach_btf_id of btf_trace_sys_enter at load, then ${mode === 'link' ? 'BPF_LINK_CREATE' : 'BPF_RAW_TRACEPOINT_OPEN (name NULL)'}`, (ctx) => {
      needTracing(ctx);
      const id = resolveAttachBtfId('sys_enter', 'tp_btf');
      if (!id.ok) throw new Error(id.error.message);
      expect(id.value).toMatchObject({ btfName: 'btf_trace_sys_enter', kind: 'BTF_KIND_TYPEDEF' });
      expect(id.value.id).toBeGreaterThan(0);
      const fd = load(s, {
        prog_type: 'BPF_PROG_TYPE_TRACING', expected_attach_type: 'BPF_TRACE_RAW_TP', attach_btf_id: id.value.id,
        insns: pidFiltered(sysGetpid(), countBody(mapFd)), prog_name: `att_btf_${mode}`,
      });
      remProg(fd);
      reset();
      const spec: AttachSpec = { name: 'btf', progType: 'BPF_PROG_TYPE_TRACING', expectedAttachType: 'BPF_TRACE_RAW_TP', attach: { kind: 'btf', name: 'sys_enter', btfName: 'btf_trace_sys_enter', btfKind: 'BTF_KIND_TYPEDEF', in: 'kernel' } };
      const h = attachProgram(s, fd, spec, { mode });
      if (!h.ok) throw new Error(h.error.message);
      remember(h.value, `tp_btf-${mode}`);
      for (let i = 0; i < 5; i++) sysGetpid();
      expect(counter()).toBeGreaterThanOrEqual(5);
      detach(h.value);
    });
  }

  it('kprobe: without CONFIG_KPROBES a specific error value that suggests the tracepoint variant', (ctx) => {
    if (kernelConfig('CONFIG_KPROBES') !== 'n') return ctx.skip('skipped: this kernel has kprobes');
    const r = attachProgram(s, -1, { name: 'kp', progType: 'BPF_PROG_TYPE_KPROBE', expectedAttachType: undefined, attach: { kind: 'kprobe', retprobe: false, function: 'do_sys_openat2', offset: 0 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('unavailable');
    expect(r.error.message).toMatch(/built without kprobes \(CONFIG_KPROBES is not set\)/);
    expect(r.error.message).toMatch(/tp\/syscalls\/sys_enter_openat2/);
  });

  it('fentry: BPF_PROG_LOAD is refused with EPERM before the verifier, and attach says why and what would work', (ctx) => {
    needTracing(ctx);
    const id = resolveAttachBtfId('do_nanosleep', 'fentry');
    if (!id.ok) throw new Error(id.error.message);
    const p = progLoad(s, { prog_type: 'BPF_PROG_TYPE_TRACING', expected_attach_type: 'BPF_TRACE_FENTRY', attach_btf_id: id.value.id, insns: program(movImm(0, 0), exit()), license: 'GPL', prog_name: 'att_fentry' }, { logLevel: 1 });
    if (p.ok) return ctx.skip('skipped: this kernel loads fentry programs (no trampoline refusal to check)');
    expect(p.error.error).toMatchObject({ kind: 'errno', errnoName: 'EPERM' });
    expect(p.error.log).toBe('');
    const r = attachProgram(s, -1, { name: 'fe', progType: 'BPF_PROG_TYPE_TRACING', expectedAttachType: 'BPF_TRACE_FENTRY', attach: { kind: 'btf', name: 'do_nanosleep', btfName: 'do_nanosleep', btfKind: 'BTF_KIND_FUNC', in: 'kernel' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: 'trampoline-refused', errno: 1, errnoName: 'EPERM' });
    expect(r.error.message).toMatch(/EPERM before the verifier runs/);
    expect(r.error.message).toMatch(/lockdown=confidentiality/);
    expect(r.error.message).toMatch(/QEMU guest kernel/);
  });

  it('xdp, tc, socket: a clear "later" value; an invalid section: invalid-target', () => {
    const r = attachProgram(s, -1, { name: 'x', progType: 'BPF_PROG_TYPE_XDP', expectedAttachType: undefined, attach: { kind: 'manual', reason: 'attached to a network interface' } });
    expect(!r.ok && r.error.kind).toBe('later');
    expect(!r.ok && r.error.message).toMatch(/interface, socket or cgroup comes later/);
    const bad = attachProgram(s, -1, { name: 'y', progType: 'BPF_PROG_TYPE_TRACEPOINT', expectedAttachType: undefined, attach: { kind: 'invalid', reason: '"tp/x" is not tp/<category>/<name>' } });
    expect(!bad.ok && bad.error.kind).toBe('invalid-target');
  });

  for (const mode of ['link', 'legacy'] as const) {
    it(`uprobe (${mode}): libc getpid() by symbol through the uprobe PMU counts our calls`, (ctx) => {
      needTracing(ctx);
      const libc = '/lib/x86_64-linux-gnu/libc.so.6';
      if (!existsSync('/sys/bus/event_source/devices/uprobe/type') || !existsSync(libc)) return ctx.skip('skipped: no uprobe PMU or no glibc at the Debian path');
      const off = symbolFileOffset(libc, 'getpid');
      if (!off.ok) throw new Error(off.error.message);
      // nm -D prints getpid's address; in libc's text segment address and file offset coincide.
      const nm = /^([0-9a-f]+) \w getpid@@/m.exec(execFileSync('nm', ['-D', libc], { encoding: 'utf8' }));
      if (nm?.[1]) expect(off.value).toBe(Number.parseInt(nm[1], 16));
      const fd = load(s, { prog_type: 'BPF_PROG_TYPE_KPROBE', insns: pidFiltered(sysGetpid(), countBody(mapFd)), prog_name: `att_up_${mode}` });
      remProg(fd);
      reset();
      const h = attachProgram(s, fd, { name: 'up', progType: 'BPF_PROG_TYPE_KPROBE', expectedAttachType: undefined, attach: { kind: 'uprobe', retprobe: false, path: libc, function: 'getpid', offset: 0 } }, { mode });
      if (!h.ok) throw new Error(h.error.message);
      remember(h.value, `uprobe-${mode}`);
      expect(h.value.target).toBe(`uprobe ${libc}:0x${off.value.toString(16)}`);
      // The door's sysGetpid goes through syscall(), not getpid(): call libc's getpid() itself.
      const getpid = koffi.load('libc.so.6').func('int getpid(void)') as () => number;
      for (let i = 0; i < 3; i++) getpid();
      expect(counter()).toBe(3);
      detach(h.value);
      getpid();
      expect(counter()).toBe(3);
    });
  }

  it('time limit: an attached program detaches itself', async (ctx) => {
    needTracing(ctx);
    const fd = load(s, { prog_type: 'BPF_PROG_TYPE_TRACEPOINT', insns: pidFiltered(sysGetpid(), countBody(mapFd)), prog_name: 'att_limit' });
    remProg(fd);
    reset();
    let fired = false;
    const h = attachProgram(s, fd, tpSpec, { timeLimitSec: 0.2, onTimeout: () => (fired = true) });
    if (!h.ok) throw new Error(h.error.message);
    remember(h.value, 'tracepoint-timed');
    sysGetpid();
    expect(counter()).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(fired && h.value.detached && h.value.timedOut).toBe(true);
    // (While node idles it may itself call getpid on this thread: compare after the detach, not with 1.)
    const after = counter();
    for (let i = 0; i < 5; i++) sysGetpid();
    expect(counter()).toBe(after);
    expect(s.events.some((e) => e.kind === 'step' && e.name === 'time-limit')).toBe(true);
  });

  it('nothing left behind: no fds but programs and the map, then bpftool lists none of ours', async (ctx) => {
    needTracing(ctx);
    expect([...s.fds.values()].filter((f) => f.kind !== 'prog' && f.kind !== 'map')).toEqual([]);
    closeAll(s);
    expect(await stillListed(ids)).toEqual([]);
    expect(bpftoolLinks().filter((l) => !linksBefore.has(l.id) && ids.progs.includes(l.prog_id))).toEqual([]);
    // The private tracefs instances of the trace pipe readers are gone too.
    expect(readdirSync('/sys/kernel/tracing/instances').filter((n) => n.startsWith(`bpflc-${process.pid}-`))).toEqual([]);
  });
});
