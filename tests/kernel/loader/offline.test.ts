// The loader's parts that need no bpf() call, checked against real outputs: the BTF blob libbpf sent for
// `minimal` (the strace capture), the verifier's reason line in real logs, libbpf's flavour rule and
// kernel version code. These run without privileges.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readObjectSpec } from '@bpflc/sim/object/index';
import type { TraceEvent } from '@bpflc/sim/trace/schema';
import { essentialName, kernelBtfBlob, kernelVersionCode, processedInsns, verifierReason } from '../../../real-backend/src/loader/index.ts';
import { possibleCpus } from '../../../real-backend/src/loader/host.ts';
import { exampleObjects, ROOT } from './helpers.ts';

describe('loader, offline', () => {
  it('builds the BTF blob libbpf 1.1 sent for minimal, byte for byte (strace capture)', () => {
    const events = (JSON.parse(readFileSync(join(ROOT, 'tests/golden/strace/minimal-skel-1.events.json'), 'utf8')) as { events: TraceEvent[] }).events;
    const sent = events.find((e) => e.kind === 'syscall' && e.cmd === 'BPF_BTF_LOAD' && e.note === undefined);
    if (sent?.kind !== 'syscall') throw new Error('no BTF load in the capture');
    const bytes = readFileSync(exampleObjects().find((e) => e.slug === 'minimal')!.path);
    const spec = readObjectSpec(new Uint8Array(bytes), { objectName: 'minimal_bpf' });
    if (!spec.ok) throw new Error(spec.error.message);
    const blob = kernelBtfBlob(new Uint8Array(bytes), spec.value);
    if (!blob.ok) throw new Error(blob.error);
    expect(blob.value.bytes.length).toBe(sent.args.btf_size);
    expect(blob.value.bytes.toString('hex')).toBe(Buffer.from(String(sent.args.btf), 'latin1').toString('hex'));
  });

  it('fills DATASEC sizes and offsets clang left at 0 (a clang object, before bpftool gen object)', () => {
    const tmp = join(ROOT, 'content/examples/minimal/build/minimal.tmp.bpf.o');
    const linked = join(ROOT, 'content/examples/minimal/build/minimal.bpf.o');
    const blobOf = (path: string) => {
      const bytes = new Uint8Array(readFileSync(path));
      const spec = readObjectSpec(bytes, { path: 'minimal.bpf.o' });
      if (!spec.ok) throw new Error(spec.error.message);
      const b = kernelBtfBlob(bytes, spec.value);
      if (!b.ok) throw new Error(b.error);
      return { spec: spec.value, ...b.value };
    };
    const t = blobOf(tmp);
    expect(t.fixups).toEqual(expect.arrayContaining(['DATASEC .bss: size 0 → 4', 'DATASEC .rodata: size 0 → 28']));
    // The static linker (bpftool gen object) makes the same fix-ups itself: nothing left to do.
    const l = blobOf(linked);
    expect(l.fixups).toEqual([]);
    const bss = (b: typeof t) => {
      const ds = b.spec.btf!.types.find((x) => x.kind === 'BTF_KIND_DATASEC' && x.name === '.bss')!;
      return b.bytes.readUInt32LE(ds.offset + 8);
    };
    expect(bss(t)).toBe(4);
    expect(bss(l)).toBe(4);
  });

  it('finds the reason line of real verifier logs', () => {
    const rejected = readFileSync(join(ROOT, 'tests/golden/strace/bpftool-rejected.stderr.txt'), 'utf8');
    const log = rejected.slice(rejected.indexOf('-- BEGIN PROG LOAD LOG --\n') + 26, rejected.indexOf('-- END PROG LOAD LOG --'));
    expect(verifierReason(log)).toBe('R0 invalid mem access \'map_value_or_null\'');
    expect(processedInsns(log)).toBe(8);
    const early = 'func#0 @0\nldimm64 failed to find the address for kernel symbol \'x\'.\nverification time 26 usec\nstack depth 0\nprocessed 0 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n';
    expect(verifierReason(early)).toBe('ldimm64 failed to find the address for kernel symbol \'x\'.');
    expect(verifierReason('')).toBeUndefined();
  });

  it('follows libbpf on flavours, kernel version codes and possible CPUs', () => {
    expect(essentialName('task_struct___pre514')).toBe('task_struct');
    expect(essentialName('task_struct')).toBe('task_struct');
    expect(essentialName('a___b___c')).toBe('a___b');
    expect(essentialName('x____y')).toBe('x____y'); // four underscores: no flavour separator
    expect(essentialName('__x___y')).toBe('__x');
    expect(kernelVersionCode('6.18.44-fc-v657')).toBe((6 << 16) + (18 << 8) + 44);
    expect(kernelVersionCode('4.19.300')).toBe((4 << 16) + (19 << 8) + 255);
    expect(possibleCpus('0-3\n')).toBe(4);
    expect(possibleCpus('0,2-3')).toBe(3);
  });
});
