// Real kernel: an ARRAY map created, written, read back and frozen through the door, with the trace it records.
import { afterAll, describe, expect, it } from 'vitest';
import { KernelSession, closeAll, mapCreate, mapFreeze, mapInfo, mapLookupElem, mapUpdateElem, mapDeleteElem, mapGetNextKey } from '../../real-backend/src/kernel/index.ts';
import { bpftoolSkipReason, needBpf } from './helpers/privilege.ts';
import { stillListed } from './helpers/bpftool.ts';

const s = new KernelSession();
const mapIds: number[] = [];

afterAll(() => {
  closeAll(s); // also when a test failed half-way
});

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

describe('ARRAY map through bpf()', () => {
  it('creates, updates, looks up, freezes; a frozen map refuses updates with EPERM', (ctx) => {
    needBpf(ctx);
    const fd = mapCreate(s, { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 8, max_entries: 4, map_name: 'door_test' });
    if (!fd.ok) throw new Error(fd.error.message);
    expect(fd.value).toBeGreaterThan(2);

    const create = s.events.at(-1);
    expect(create).toMatchObject({
      kind: 'syscall',
      name: 'bpf',
      cmd: 'BPF_MAP_CREATE',
      stage: 'map_create',
      source: 'real',
      size: 72,
      ret: fd.value,
      args: { map_type: 'BPF_MAP_TYPE_ARRAY', key_size: 4, value_size: 8, max_entries: 4, map_flags: 0, map_name: 'door_test', map_extra: 0 },
    });
    expect(create?.kind === 'syscall' && create.durationNs).toBeGreaterThan(0);

    const info = mapInfo(s, fd.value);
    if (!info.ok) throw new Error(info.error.message);
    mapIds.push(info.value.id);
    expect(info.value).toMatchObject({ type: 'BPF_MAP_TYPE_ARRAY', name: 'door_test', keySize: 4, valueSize: 8, maxEntries: 4 });

    const value = Buffer.alloc(8);
    value.writeBigUInt64LE(0x1122334455667788n);
    expect(mapUpdateElem(s, fd.value, u32(2), value).ok).toBe(true);
    const out = Buffer.alloc(8);
    const got = mapLookupElem(s, fd.value, u32(2), out);
    expect(got.ok && got.value.readBigUInt64LE()).toBe(0x1122334455667788n);
    // Untouched array slots exist and are zero.
    const zero = mapLookupElem(s, fd.value, u32(3), Buffer.alloc(8, 0xff));
    expect(zero.ok && zero.value.readBigUInt64LE()).toBe(0n);
    // Out of range index: ENOENT, with the per-command sentence.
    const miss = mapLookupElem(s, fd.value, u32(4), Buffer.alloc(8));
    expect(miss.ok).toBe(false);
    if (!miss.ok && miss.error.kind === 'errno') {
      expect(miss.error.errnoName).toBe('ENOENT');
      expect(miss.error.message).toContain('no element with this key');
      expect(miss.error.event.errno).toBe('ENOENT');
      expect(miss.error.event.ret).toBe(-1);
    }
    // Array maps cannot delete: EINVAL.
    const del = mapDeleteElem(s, fd.value, u32(0));
    expect(!del.ok && del.error.kind === 'errno' && del.error.errnoName).toBe('EINVAL');
    // Iteration: first key is 0, after 3 comes ENOENT.
    const first = mapGetNextKey(s, fd.value, null, Buffer.alloc(4));
    expect(first.ok && first.value.readUInt32LE()).toBe(0);
    const end = mapGetNextKey(s, fd.value, u32(3), Buffer.alloc(4));
    expect(!end.ok && end.error.kind === 'errno' && end.error.errnoName).toBe('ENOENT');

    expect(mapFreeze(s, fd.value).ok).toBe(true);
    const refused = mapUpdateElem(s, fd.value, u32(1), value);
    expect(refused.ok).toBe(false);
    if (!refused.ok && refused.error.kind === 'errno') {
      expect(refused.error.errnoName).toBe('EPERM');
      expect(refused.error.message).toMatch(/frozen/);
    }
    // Reads still work on a frozen map.
    expect(mapLookupElem(s, fd.value, u32(2), Buffer.alloc(8)).ok).toBe(true);

    // The element-op attrs are sized per command, as libbpf does: lookup/update 32, delete 16, next key 24, freeze 4.
    const sizes = Object.fromEntries(s.events.flatMap((e) => (e.kind === 'syscall' && e.cmd ? [[e.cmd, e.size]] : [])));
    expect(sizes).toMatchObject({ BPF_MAP_UPDATE_ELEM: 32, BPF_MAP_LOOKUP_ELEM: 32, BPF_MAP_DELETE_ELEM: 16, BPF_MAP_GET_NEXT_KEY: 24, BPF_MAP_FREEZE: 4, BPF_OBJ_GET_INFO_BY_FD: 16 });
    // Sequence numbers are dense and in order.
    expect(s.events.map((e) => e.seq)).toEqual(s.events.map((_, i) => i));
  });

  it('closes every fd it opened, and bpftool lists none of its maps afterwards', async (ctx) => {
    needBpf(ctx);
    const why = bpftoolSkipReason();
    if (why) ctx.skip(why);
    expect(mapIds.length).toBeGreaterThan(0);
    expect(closeAll(s)).toBe(1);
    expect(s.fds.size).toBe(0);
    expect(s.events.at(-1)).toMatchObject({ name: 'close', stage: 'detach', ret: 0, note: 'release map door_test' });
    expect(await stillListed({ maps: mapIds })).toEqual([]);
  });
});
