// Real kernel: BPF_BTF_LOAD of a hand-built BTF blob (one int), read back with BPF_OBJ_GET_INFO_BY_FD, and a
// malformed blob rejected with the BTF log explaining why.
import { afterAll, describe, expect, it } from 'vitest';
import { KernelSession, btfInfo, btfLoad, closeAll } from '../../real-backend/src/kernel/index.ts';
import { intBtf } from './helpers/btf-blob.ts';
import { bpftoolBtfs, stillListed } from './helpers/bpftool.ts';
import { bpftoolSkipReason, needBpf } from './helpers/privilege.ts';

const s = new KernelSession();
const btfIds: number[] = [];
afterAll(() => {
  closeAll(s);
});

describe('BPF_BTF_LOAD', () => {
  it('loads a one-int BTF blob; the kernel reports its size and a fresh id', (ctx) => {
    needBpf(ctx);
    const blob = intBtf();
    expect(blob.length).toBe(24 + 16 + 5);
    const r = btfLoad(s, blob, { logLevel: 1 });
    if (!r.ok) throw new Error(`${r.error.error.message}\n${r.error.log}`);
    expect(s.events.at(-1)).toMatchObject({
      cmd: 'BPF_BTF_LOAD',
      stage: 'btf_load',
      size: 32,
      args: { btf_size: 45, btf_log_level: 1, btf_log_size: 64 * 1024 },
      ret: r.value.fd,
    });
    const info = btfInfo(s, r.value.fd);
    if (!info.ok) throw new Error(info.error.message);
    expect(info.value.btfSize).toBe(blob.length);
    expect(info.value.id).toBeGreaterThan(0);
    btfIds.push(info.value.id);
    expect(info.value.kernelBtf).toBe(false);
    expect(s.fds.get(r.value.fd)).toEqual({ kind: 'btf' });
  });

  it('rejects an int of 33 bits with EINVAL and a log line saying so', (ctx) => {
    needBpf(ctx);
    const r = btfLoad(s, intBtf({ bits: 33 }), { logLevel: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.error).toMatchObject({ kind: 'errno', errnoName: 'EINVAL' });
    expect(r.error.error.message).toMatch(/rejected the BTF/);
    expect(r.error.log).toMatch(/\[1\] INT int size=4 bits_offset=0 nr_bits=33/);
  });

  it('closes its BTF fd, and bpftool no longer lists the BTF object', async (ctx) => {
    needBpf(ctx);
    const why = bpftoolSkipReason();
    if (why) ctx.skip(why);
    expect(btfIds.length).toBe(1);
    expect(bpftoolBtfs().map((b) => b.id)).toContain(btfIds[0]);
    expect(closeAll(s)).toBe(1);
    expect(s.fds.size).toBe(0);
    expect(await stillListed({ btfs: btfIds })).toEqual([]);
  });
});
