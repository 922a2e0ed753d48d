// The syntax of strace argument text: structs, arrays, flags, comments, "=>" changes, truncation marks, errors.
import { describe, expect, it } from 'vitest';
import { nodeText, parseArgList, parseValue } from '@bpflc/sim/trace/strace-value';

describe('strace value syntax', () => {
  it('reads a bpf attr with nested structs, flags, strings and arrays', () => {
    const text = '{map_flags=BPF_F_RDONLY_PROG|BPF_F_MMAPABLE, map_name="minimal_.rodata", insns=[{code=BPF_JMP|BPF_K|BPF_EXIT, off=-4}], link_create={perf_event={bpf_cookie=0}}}';
    const r = parseValue(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      kind: 'struct',
      fields: [
        { name: 'map_flags', value: { kind: 'bare', text: 'BPF_F_RDONLY_PROG|BPF_F_MMAPABLE' } },
        { name: 'map_name', value: { kind: 'str', bytes: 'minimal_.rodata' } },
        { name: 'insns', value: { kind: 'array', items: [{ kind: 'struct', fields: [
          { name: 'code', value: { kind: 'bare', text: 'BPF_JMP|BPF_K|BPF_EXIT' } },
          { name: 'off', value: { kind: 'bare', text: '-4' } },
        ] }] } },
        { name: 'link_create', value: { kind: 'struct', fields: [{ name: 'perf_event', value: { kind: 'struct', fields: [
          { name: 'bpf_cookie', value: { kind: 'bare', text: '0' } },
        ] } }] } },
      ],
    });
    expect(nodeText(r.value)).toBe(text);
  });

  it('keeps parentheses, comments and changed values apart', () => {
    const line = '{kern_version=KERNEL_VERSION(6, 18, 44), type=0x6 /* PERF_TYPE_??? */, info_len=88 => 80, x=[1, ...]}, 16) = 0';
    const list = parseArgList(line, 0);
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.value).toHaveLength(2);
    expect(list.end).toBe(line.indexOf(') = 0') + 1);
    const s = list.value[0]!;
    expect(s.kind === 'struct' && s.fields.map((f) => f.value.kind)).toEqual(['bare', 'commented', 'changed', 'array']);
    expect(nodeText(s)).toBe('{kern_version=KERNEL_VERSION(6, 18, 44), type=0x6 /* PERF_TYPE_??? */, info_len=88 => 80, x=[1, ...]}');
  });

  it('reads an out-struct after a struct ("=> {log_true_size=…}", newer strace)', () => {
    const r = parseValue('{log_level=1} => {log_true_size=1234}');
    expect(r.ok && r.value.kind).toBe('changed');
  });

  it('reports garbled text with the column where reading stopped', () => {
    expect(parseArgList('{a=1, b=2, 5) = 0', 0)).toMatchObject({ ok: false, why: "expected ', ' or '}'" });
    expect(parseArgList('{a="x}, 5) = 0', 0)).toMatchObject({ ok: false, why: 'string literal never closed' });
    expect(parseValue('{a=1')).toMatchObject({ ok: false, at: 4 });
  });
});
