// Real kernel, the committed example objects end to end: the agent's loader loads them, attachProgram attaches
// them where their section names say, real activity fires them and the run readers read what they produced:
// minimal's bpf_printk line (trace pipe), ringbuf's exec records (ring buffer),
// raw-tp's fork counts (map dump, decoded with the map's BTF key/value types); hello-kprobe's refusal.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachProgram, detach } from '../../../real-backend/src/attach/index.ts';
import { unload } from '../../../real-backend/src/loader/index.ts';
import { dumpMap, RingBufferReader, TracePipeReader } from '../../../real-backend/src/run/index.ts';
import { kernelConfig, mapUpdateElem } from '../../../real-backend/src/kernel/index.ts';
import { stillListed } from '../helpers/bpftool.ts';
import { needTracing } from '../helpers/privilege.ts';
import { exampleObjects, load, ownedIds } from '../loader/helpers.ts';

const example = (slug: string): string => {
  const e = exampleObjects().find((x) => x.slug === slug);
  if (!e) throw new Error(`no built example ${slug}`);
  return e.path;
};

describe('examples: load → attach → run → detach', () => {
  it('minimal: after my_pid is set in .bss, each write(2) of ours prints "BPF triggered from PID <pid>."', async (ctx) => {
    needTracing(ctx);
    const { s, loaded } = await load(example('minimal'));
    const ids = ownedIds(loaded);
    const prog = loaded.programs.find((p) => p.name === 'handle_tp');
    const bss = loaded.maps.find((m) => m.name.endsWith('.bss'));
    if (prog?.fd === undefined || bss?.fd === undefined) throw new Error('minimal did not load');
    const pidValue = Buffer.alloc(bss.valueSize);
    pidValue.writeInt32LE(process.pid, 0); // my_pid is the only variable of .bss, at offset 0
    expect(mapUpdateElem(s, bss.fd, Buffer.alloc(4), pidValue).ok).toBe(true);
    const pipe = TracePipeReader.open(s, { match: new RegExp(`^BPF triggered from PID ${process.pid}\\.$`) });
    if (!pipe.ok) throw new Error(pipe.error.message);
    let lines: Awaited<ReturnType<typeof pipe.value.readFor>> = [];
    try {
      const h = attachProgram(s, prog.fd, prog.spec, { mode: 'legacy' }); // the seed's path
      if (!h.ok) throw new Error(h.error.message);
      const out = openSync('/dev/null', 'w');
      for (let i = 0; i < 3; i++) writeSync(out, 'x');
      closeSync(out);
      lines = await pipe.value.readFor(2000, 3);
      detach(h.value);
    } finally {
      pipe.value.close();
    }
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toMatchObject({ event: 'bpf_trace_printk', msg: `BPF triggered from PID ${process.pid}.` });
    unload(s, loaded);
    expect(await stillListed(ids)).toEqual([]);
  });

  it('ringbuf: an exec by this process arrives as an exec_event record through the ring buffer', async (ctx) => {
    needTracing(ctx);
    const { s, loaded } = await load(example('ringbuf'));
    const ids = ownedIds(loaded);
    const prog = loaded.programs.find((p) => p.name === 'handle_exec');
    const events = loaded.maps.find((m) => m.name === 'events');
    if (prog?.fd === undefined || events?.fd === undefined) throw new Error('ringbuf did not load');
    const rb = RingBufferReader.open(s, events.fd);
    if (!rb.ok) throw new Error(rb.error.message);
    const h = attachProgram(s, prog.fd, prog.spec);
    if (!h.ok) throw new Error(h.error.message);
    const child = spawnSync('/bin/true');
    const recs = await rb.value.readFor(500);
    detach(h.value);
    rb.value.close();
    // struct exec_event is a local type of the program, so clang put no BTF for it in the object: read it by
    // its C layout (pid u32 @0, ppid u32 @4, ts_ns u64 @8, comm[16] @16, filename[64] @32).
    const cstr = (b: Buffer): string => b.toString('latin1', 0, b.indexOf(0) < 0 ? b.length : b.indexOf(0));
    const decoded = recs.map((r) => ({ pid: r.data.readUInt32LE(0), ppid: r.data.readUInt32LE(4), comm: cstr(r.data.subarray(16, 32)), filename: cstr(r.data.subarray(32, 96)) }));
    expect(recs.every((r) => r.data.length === 96)).toBe(true);
    // Other processes on the machine exec too: ours is the one whose parent is this process.
    const mine = decoded.filter((e) => e.ppid === process.pid);
    expect(mine).toEqual([expect.objectContaining({ pid: child.pid, ppid: process.pid, comm: 'true', filename: '/bin/true' })]);
    unload(s, loaded);
    expect(await stillListed(ids)).toEqual([]);
  });

  it('raw-tp: forks of this process are counted under our tgid in the forks hash (map dump, BTF-decoded)', async (ctx) => {
    needTracing(ctx);
    const { s, loaded } = await load(example('raw-tp'));
    const ids = ownedIds(loaded);
    const prog = loaded.programs.find((p) => p.name === 'count_forks');
    const forks = loaded.maps.find((m) => m.name === 'forks');
    const btf = loaded.spec.btf;
    if (prog?.fd === undefined || forks?.fd === undefined || !btf) throw new Error('raw-tp did not load');
    const h = attachProgram(s, prog.fd, prog.spec);
    if (!h.ok) throw new Error(h.error.message);
    expect(h.value).toMatchObject({ kind: 'raw_tp', via: 'raw_tracepoint_open', target: 'sched_process_fork' });
    for (let i = 0; i < 2; i++) spawnSync('/bin/true');
    detach(h.value);
    const d = dumpMap(s, forks.fd, { btf: { btf, keyTypeId: forks.spec.btfKeyTypeId, valueTypeId: forks.spec.btfValueTypeId } });
    if (!d.ok) throw new Error(d.error.message);
    const mine = d.value.entries.find((e) => e.keyDecoded === process.pid);
    expect(mine?.valueDecoded).toBe(2);
    unload(s, loaded);
    expect(await stillListed(ids)).toEqual([]);
  });

  it('hello-kprobe: loads, and attach says this kernel has no kprobes and what to use instead', async (ctx) => {
    needTracing(ctx);
    if (kernelConfig('CONFIG_KPROBES') !== 'n') return ctx.skip('skipped: this kernel has kprobes');
    const { s, loaded } = await load(example('hello-kprobe'));
    const prog = loaded.programs[0];
    if (!prog) throw new Error('no program');
    const r = attachProgram(s, prog.fd ?? -1, prog.spec);
    unload(s, loaded);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/CONFIG_KPROBES is not set.*tp\/syscalls\/sys_enter_openat2/);
  });
});
