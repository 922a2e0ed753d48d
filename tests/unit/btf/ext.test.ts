// .BTF.ext decoding on hand-built sections, and CO-RE access strings resolved to field paths. The spec
// strings follow libbpf's bpf_core_format_spec (checked against `bpftool -d gen min_core_btf` in the goldens).
import { describe, expect, it } from 'vitest';
import { decodeBtf, decodeBtfExt, resolveCoreAccess, type Btf } from '@bpflc/sim';
import { BtfBuilder, buildBtfExt } from '../../fixtures/btf/builder.ts';

function world(): { b: BtfBuilder; ids: Record<string, number> } {
  const b = new BtfBuilder();
  const int = b.int('int', 4, 1); // 1
  const char = b.int('char', 1, 1); // 2
  const comm = b.array(char, int, 16); // 3
  const anon = b.union('', 4, [['pid', int, 0], ['tid', int, 0]]); // 4
  const task = b.struct('task', 40, [['state', int, 0], ['', anon, 32], ['comm', comm, 64], ['flags', int, 192, 3], ['tail', 6, 224]]); // 5
  const flex = b.array(int, int, 0); // 6
  const ttask = b.typedef('task_t', b.const(task)); // 7 const, 8 typedef
  const e = b.enum('mode', 4, [['M_OFF', 0], ['M_ON', 1]]); // 9
  const e64 = b.enum64('big', 8, [['B_NEG', -3n]], true); // 10
  const proto = b.proto(int, [['t', b.ptr(task)]]); // 11 ptr, 12 proto
  const fn = b.func('prog', proto, 1); // 13
  return { b, ids: { int, char, comm, anon, task, flex, ttask, e, e64, fn } };
}

function decodeBoth(bigEndian = false) {
  const { b, ids } = world();
  const acc = (s: string): number => b.str(s);
  const ext = buildBtfExt(b, {
    funcInfo: [{ sec: 'tp/sched/x', records: [[0, ids.fn!]] }],
    lineInfo: [{ sec: 'tp/sched/x', records: [[0, acc('prog.bpf.c'), acc('int prog(struct task *t)'), (12 << 10) | 5], [16, acc('prog.bpf.c'), 0, 13 << 10]] }],
    coreRelo: [{ sec: 'tp/sched/x', records: [
      [8, ids.task!, acc('0:1:0'), 0],
      [16, ids.ttask!, acc('0:2:5'), 1],
      [24, ids.task!, acc('1:3'), 2],
      [32, ids.task!, acc('0:4:7'), 0],
      [40, ids.e!, acc('1'), 11],
      [48, ids.e64!, acc('0'), 10],
      [56, ids.task!, acc('0'), 9],
    ] }],
  }, { bigEndian });
  const btf = decodeBtf(b.build({ bigEndian }));
  if (!btf.ok) throw new Error(btf.error.message);
  return { btf: btf.value, ext, ids };
}

describe('decodeBtfExt', () => {
  it('reads func_info, line_info and core_relo records', () => {
    const { btf, ext, ids } = decodeBoth();
    const r = decodeBtfExt(ext, btf);
    if (!r.ok) throw new Error(r.error.message);
    const x = r.value;
    expect(x.header).toMatchObject({ version: 1, hdrLen: 32, funcInfoOff: 0, funcInfoLen: 20 });
    expect(x.recSize).toEqual({ funcInfo: 8, lineInfo: 16, coreRelo: 16 });
    expect(x.funcInfo).toEqual([{ secName: 'tp/sched/x', secNameOff: expect.any(Number), records: [{ insnOff: 0, insnIdx: 0, typeId: ids.fn, name: 'prog' }] }]);
    expect(x.lineInfo[0]!.records).toEqual([
      { insnOff: 0, insnIdx: 0, fileNameOff: expect.any(Number), fileName: 'prog.bpf.c', lineOff: expect.any(Number), line: 'int prog(struct task *t)', lineNum: 12, col: 5 },
      { insnOff: 16, insnIdx: 2, fileNameOff: expect.any(Number), fileName: 'prog.bpf.c', lineOff: 0, line: '', lineNum: 13, col: 0 },
    ]);
    const relos = x.coreRelos[0]!.records;
    expect(relos.map((c) => [c.insnIdx, c.kind, c.accessStr, c.access.path])).toEqual([
      [1, 'BPF_CORE_FIELD_BYTE_OFFSET', '0:1:0', 'task.pid'],
      [2, 'BPF_CORE_FIELD_BYTE_SIZE', '0:2:5', 'task_t.comm[5]'],
      [3, 'BPF_CORE_FIELD_EXISTS', '1:3', 'task[1].flags'],
      [4, 'BPF_CORE_FIELD_BYTE_OFFSET', '0:4:7', 'task.tail[7]'],
      [5, 'BPF_CORE_ENUMVAL_VALUE', '1', 'mode::M_ON'],
      [6, 'BPF_CORE_ENUMVAL_EXISTS', '0', 'big::B_NEG'],
      [7, 'BPF_CORE_TYPE_SIZE', '0', 'task'],
    ]);
    expect(relos.map((c) => c.access.spec)).toEqual([
      `<byte_off> [${ids.task}] struct task.pid (0:1:0 @ offset 4)`,
      `<byte_sz> [${ids.ttask}] typedef task_t.comm[5] (0:2:5 @ offset 13)`,
      `<field_exists> [${ids.task}] struct task[1].flags (1:3 @ offset 64)`,
      `<byte_off> [${ids.task}] struct task.tail[7] (0:4:7 @ offset 56)`,
      `<enumval_value> [${ids.e}] enum mode::M_ON = 1`,
      `<enumval_exists> [${ids.e64}] enum64 big::B_NEG = -3`,
      `<type_size> [${ids.task}] struct task`,
    ]);
    expect(relos[2]!.access.bitOffset).toBe(40 * 8 + 192);
  });

  it('reads a big-endian .BTF.ext the same way', () => {
    const le = decodeBoth(false);
    const be = decodeBoth(true);
    const a = decodeBtfExt(le.ext, le.btf);
    const b = decodeBtfExt(be.ext, be.btf);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.value.littleEndian).toBe(false);
      expect(b.value.coreRelos).toEqual(a.value.coreRelos);
      expect(b.value.lineInfo).toEqual(a.value.lineInfo);
    }
  });

  it('accepts the 24-byte header of objects without CO-RE', () => {
    const { b, ids } = world();
    const ext = buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [[0, ids.fn!]] }] }, { hdrLen: 24 });
    const btf = decodeBtf(b.build());
    if (!btf.ok) throw new Error(btf.error.message);
    const r = decodeBtfExt(ext, btf.value);
    expect(r.ok && r.value.coreRelos).toEqual([]);
    expect(r.ok && r.value.header.coreReloLen).toBe(0);
  });
});

describe('resolveCoreAccess', () => {
  const { btf, ids } = decodeBoth() as { btf: Btf; ids: Record<string, number> };
  it('rejects out-of-range steps and malformed strings', () => {
    expect(resolveCoreAccess(btf, ids.task!, '0:9', 'BPF_CORE_FIELD_BYTE_OFFSET')).toEqual({ ok: false, error: expect.stringContaining('member 9') });
    expect(resolveCoreAccess(btf, ids.task!, '0:2:16', 'BPF_CORE_FIELD_BYTE_OFFSET')).toEqual({ ok: false, error: expect.stringContaining('16-element array') });
    expect(resolveCoreAccess(btf, ids.task!, '0:0:1', 'BPF_CORE_FIELD_BYTE_OFFSET')).toEqual({ ok: false, error: expect.stringContaining('no members or elements') });
    expect(resolveCoreAccess(btf, ids.task!, ':1', 'BPF_CORE_FIELD_BYTE_OFFSET').ok).toBe(false);
    expect(resolveCoreAccess(btf, ids.task!, '0:x', 'BPF_CORE_FIELD_BYTE_OFFSET').ok).toBe(false);
    expect(resolveCoreAccess(btf, ids.e!, '5', 'BPF_CORE_ENUMVAL_VALUE').ok).toBe(false);
    expect(resolveCoreAccess(btf, ids.task!, '0:1', 'BPF_CORE_TYPE_ID_LOCAL').ok).toBe(false);
  });

  it('lets a flexible array member be indexed past its end', () => {
    const r = resolveCoreAccess(btf, ids.task!, '0:4:100', 'BPF_CORE_FIELD_BYTE_OFFSET');
    expect(r.ok && r.value.path).toBe('task.tail[100]');
  });
});
