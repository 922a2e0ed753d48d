// Real kernel: step mode. The gate is asked before each call, with the call it is about to make, and the call
// happens only once the gate resolves (a presenter's "go"); a gate that rejects stops the load, and what the
// load had opened is closed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernelSession, mapInfo } from '../../../real-backend/src/kernel/index.ts';
import { loadObject, unload, type PendingCall } from '../../../real-backend/src/loader/index.ts';
import { stillListed } from '../helpers/bpftool.ts';
import { bpftoolSkipReason, needBpf } from '../helpers/privilege.ts';
import { exampleObjects } from './helpers.ts';

const minimal = exampleObjects().find((e) => e.slug === 'minimal')!;
const bytes = new Uint8Array(readFileSync(minimal.path));
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('agent loader: step mode', () => {
  it('asks the gate before every call and makes it only after "go"', async (ctx) => {
    needBpf(ctx);
    const s = new KernelSession();
    const asked: (PendingCall & { eventsAtGate: number })[] = [];
    let release: (() => void) | undefined;
    const gate = async (c: PendingCall): Promise<void> => {
      asked.push({ ...c, eventsAtGate: s.events.length });
      if (c.cmd !== 'BPF_PROG_LOAD') return;
      // Hold the program load until the test says go.
      await new Promise<void>((r) => (release = r));
    };
    const run = loadObject(s, bytes, { path: 'minimal.bpf.o', beforeSyscall: gate });
    while (!release) await tick();
    const paused = s.events.length;
    await tick();
    await tick();
    expect(s.events.length).toBe(paused);
    expect(s.events.some((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD')).toBe(false);
    release();
    const r = await run;
    if (!r.ok) throw new Error(r.error.message);
    unload(s, r.value);

    const syscalls = s.events.filter((e) => e.kind === 'syscall' && e.stage !== 'detach');
    // Each gate call announced the next event to be recorded, and that event is the call it announced.
    for (const c of asked) {
      expect(c.seq).toBe(c.eventsAtGate);
      const ev = s.events[c.seq];
      expect(ev?.kind).toBe('syscall');
      if (ev?.kind === 'syscall') {
        expect(ev.name).toBe(c.name);
        expect(ev.cmd).toBe(c.cmd);
        expect(ev.stage).toBe(c.stage);
      }
    }
    // Every syscall of the load had its gate, except the second pass of a two-pass call.
    const gated = new Set(asked.map((c) => c.seq));
    const ungated = syscalls.filter((e) => !gated.has(e.seq));
    expect(ungated.map((e) => e.kind === 'syscall' && e.cmd)).toEqual(['BPF_OBJ_GET_INFO_BY_FD']);
    expect(asked.find((c) => c.cmd === 'BPF_OBJ_GET_INFO_BY_FD')?.calls).toBe(2);
    expect(asked.map((c) => c.cmd)).toEqual([
      'BPF_BTF_LOAD', 'BPF_MAP_CREATE', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_CREATE', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_FREEZE',
      'BPF_PROG_LOAD', 'BPF_PROG_BIND_MAP', 'BPF_OBJ_GET_INFO_BY_FD',
    ]);
    expect(asked.find((c) => c.cmd === 'BPF_MAP_CREATE')?.args).toMatchObject({ map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 4, map_name: 'minimal.bss' });
  });

  it('a gate that stops the load leaves nothing open', async (ctx) => {
    needBpf(ctx);
    const s = new KernelSession();
    const stop = new Error('the client went away');
    const mapIds: number[] = [];
    const gate = async (c: PendingCall): Promise<void> => {
      if (c.cmd !== 'BPF_PROG_LOAD') return;
      // What the load holds at this point, asked of the kernel on a scratch session.
      const scratch = new KernelSession();
      for (const [fd, what] of s.fds) {
        if (what.kind !== 'map') continue;
        const m = mapInfo(scratch, fd);
        if (m.ok) mapIds.push(m.value.id);
      }
      throw stop;
    };
    await expect(loadObject(s, bytes, { path: 'minimal.bpf.o', beforeSyscall: gate })).rejects.toBe(stop);
    expect(s.fds.size).toBe(0);
    const made = s.events.filter((e) => e.kind === 'syscall' && e.ret >= 0 && (e.cmd === 'BPF_MAP_CREATE' || e.cmd === 'BPF_BTF_LOAD'));
    const closes = s.events.filter((e) => e.kind === 'syscall' && e.name === 'close');
    expect(made.length).toBe(3);
    expect(closes.length).toBe(3);
    expect(s.events.some((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD')).toBe(false);
    expect(mapIds).toHaveLength(2);
    if (!bpftoolSkipReason()) expect(await stillListed({ maps: mapIds })).toEqual([]);
  });
});
