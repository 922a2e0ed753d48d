// decodeBtfValue: map bytes read with the object's BTF, as `bpftool map dump` prints BTF maps. Inputs are the
// committed objects and the map contents of their recorded runs; expectations come from the raw bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBtfValue, findType, readBtfFromElf, readElf, readObjectSpec, type Btf } from '@bpflc/sim';

function objectOf(slug: string, name: string): { btf: Btf; spec: ReturnType<typeof readObjectSpec> } {
  const bytes = new Uint8Array(readFileSync(`content/examples/${slug}/build/${name}.bpf.o`));
  const elf = readElf(bytes);
  if (!elf.ok) throw new Error(elf.error.message);
  const src = readBtfFromElf(elf.value);
  if (!src.ok) throw new Error(src.error.message);
  return { btf: src.value.btf, spec: readObjectSpec(bytes, { path: `${name}.bpf.o` }) };
}
const hexBytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

describe('decodeBtfValue', () => {
  const { btf, spec } = objectOf('minimal', 'minimal');
  if (!spec.ok) throw new Error(spec.error.message);
  const map = (n: string) => spec.value.maps.find((m) => m.name === n)!;

  it('reads a .bss map value (a DATASEC) as its variables by name', () => {
    const bss = map('minimal.bss');
    expect(decodeBtfValue(btf, bss.btfValueTypeId, Uint8Array.of(0x39, 0x30, 0, 0))).toEqual({ my_pid: 12345 });
  });

  it('reads .rodata: the printk format string a bpf_printk() call put there', () => {
    const ro = map('minimal.rodata');
    const bytes = new TextEncoder().encode('BPF triggered from PID %d.\n\0');
    expect(decodeBtfValue(btf, ro.btfValueTypeId, bytes)).toEqual({ 'handle_tp.____fmt': 'BPF triggered from PID %d.\n' });
  });

  it('reads the recorded raw-tp run: a u32 pid key and a u64 count', () => {
    const rec = JSON.parse(readFileSync('content/examples/raw-tp/recorded/agent.json', 'utf8')) as { run: { maps: { name: string; entries: { key: string; value: string }[] }[] } };
    const o = objectOf('raw-tp', 'raw_tp');
    if (!o.spec.ok) throw new Error(o.spec.error.message);
    const forks = o.spec.value.maps.find((m) => m.name === 'forks')!;
    const e = rec.run.maps.find((m) => m.name === 'forks')!.entries[0]!;
    expect(decodeBtfValue(o.btf, forks.btfKeyTypeId, hexBytes(e.key))).toBe(new DataView(hexBytes(e.key).buffer).getUint32(0, true));
    expect(decodeBtfValue(o.btf, forks.btfValueTypeId, hexBytes(e.value))).toBe(Number(new DataView(hexBytes(e.value).buffer).getBigUint64(0, true)));
  });

  it('finds types by kind and name; unknown ones are undefined', () => {
    expect(findType(btf, 'BTF_KIND_DATASEC', '.bss')).toBe(map('minimal.bss').btfValueTypeId);
    expect(findType(btf, 'BTF_KIND_STRUCT', 'no_such_struct')).toBeUndefined();
  });
});
