// Real kernel: BPF_PROG_LOAD of a two-instruction socket filter, then the kernel's own view of it read back with
// BPF_OBJ_GET_INFO_BY_FD in two passes (lengths, then buffers), checked against bpftool and an independent tag.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KernelSession, close, closeAll, getFdById, progInfo, progLoad, type ProgInfo } from '../../real-backend/src/kernel/index.ts';
import { exit, movImm, program, slotsHex } from './helpers/asm.ts';
import { bpftoolProgs, stillListed } from './helpers/bpftool.ts';
import { bpftoolSkipReason, needBpf } from './helpers/privilege.ts';

const s = new KernelSession();
let info: ProgInfo | undefined;
afterAll(() => {
  closeAll(s);
});

describe('BPF_PROG_LOAD + BPF_OBJ_GET_INFO_BY_FD', () => {
  const insns = program(movImm(0, 0), exit()); // r0 = 0; exit

  it('loads `r0 = 0; exit` and reads back xlated, jited, verified_insns and tag', (ctx) => {
    needBpf(ctx);
    const r = progLoad(s, { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insns, license: 'GPL', prog_name: 'door_ret0' }, { logLevel: 1 });
    if (!r.ok) throw new Error(`${r.error.error.message}\n${r.error.log}`);
    expect(r.value.attempts).toBe(1);
    // Level 1 on success: the verifier's summary line.
    expect(r.value.log).toMatch(/processed 2 insns/);

    const load = s.events.find((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD');
    expect(load).toMatchObject({
      stage: 'prog_load',
      size: 144,
      args: { prog_type: 'BPF_PROG_TYPE_SOCKET_FILTER', insn_cnt: 2, license: 'GPL', log_level: 1, prog_name: 'door_ret0', expected_attach_type: 'BPF_CGROUP_INET_INGRESS' },
      ret: r.value.fd,
    });
    expect(load?.kind === 'syscall' && typeof load.args.insns === 'string' && load.args.insns.startsWith('0x')).toBe(true);
    // 6.4+ writes log_true_size back: the log's length plus its NUL.
    expect(load?.kind === 'syscall' && load.out?.log_true_size).toBe(r.value.log.length + 1);

    const got = progInfo(s, r.value.fd);
    if (!got.ok) throw new Error(got.error.message);
    info = got.value;
    expect(info.type).toBe('BPF_PROG_TYPE_SOCKET_FILTER');
    expect(info.name).toBe('door_ret0');
    expect(info.gplCompatible).toBe(true);
    expect(info.verifiedInsns).toBe(2);
    // Nothing to rewrite in this program: the xlated image is the input.
    expect(slotsHex(info.xlated)).toEqual(['b700000000000000', '9500000000000000']);
    expect(info.jited.length).toBeGreaterThan(0);
    // The tag is the first 8 bytes of a hash over the instructions (map fds zeroed; kernel/bpf/core.c
    // bpf_prog_calc_tag): SHA-1 for years, SHA-256 on this 6.18 kernel (observed: bpftool agrees below).
    const prefix = (alg: string) => createHash(alg).update(insns).digest('hex').slice(0, 16);
    expect([prefix('sha256'), prefix('sha1')]).toContain(info.tag);
    expect(info.mapIds).toEqual([]);

    const infoCalls = s.events.filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_OBJ_GET_INFO_BY_FD');
    expect(infoCalls.map((e) => e.note)).toEqual(['bpf_prog_info: lengths', 'bpf_prog_info: xlated, jited, map ids']);
    expect(infoCalls.map((e) => e.kind === 'syscall' && e.out?.info_len)).toEqual([232, 232]);
  });

  it('agrees with bpftool on id, tag and image sizes', (ctx) => {
    needBpf(ctx);
    const why = bpftoolSkipReason();
    if (why) ctx.skip(why);
    if (!info) return ctx.skip('skipped: the load test did not produce a program');
    const listed = bpftoolProgs().find((p) => p.id === info?.id);
    expect(listed).toMatchObject({ type: 'socket_filter', name: 'door_ret0', tag: info.tag, bytes_xlated: 16, bytes_jited: info.jited.length });
  });

  it('BPF_PROG_GET_FD_BY_ID opens a second fd to the same program', (ctx) => {
    needBpf(ctx);
    if (!info) return ctx.skip('skipped: the load test did not produce a program');
    const fd = getFdById(s, 'prog', info.id);
    if (!fd.ok) throw new Error(fd.error.message);
    expect(s.events.at(-1)).toMatchObject({ cmd: 'BPF_PROG_GET_FD_BY_ID', args: { prog_id: info.id, next_id: 0, open_flags: 0 }, size: 12, ret: fd.value });
    const again = progInfo(s, fd.value);
    expect(again.ok && again.value.id).toBe(info.id);
    expect(again.ok && again.value.tag).toBe(info.tag);
    expect(close(s, fd.value).ok).toBe(true);
    // A closed fd is gone: the next call on it fails, as a value. BPF_OBJ_GET_INFO_BY_FD has long said EBADFD
    // (77) here, not EBADF (9): kernel/bpf/syscall.c returns -EBADFD when the fd does not resolve.
    const stale = progInfo(s, fd.value);
    expect(!stale.ok && stale.error.kind === 'errno' && stale.error.errnoName).toBe('EBADFD');
    expect(!stale.ok && stale.error.message).toMatch(/is not open/);
  });

  it('closes the program fd, and bpftool no longer lists it', async (ctx) => {
    needBpf(ctx);
    const why = bpftoolSkipReason();
    if (why) ctx.skip(why);
    if (!info) return ctx.skip('skipped: the load test did not produce a program');
    expect(closeAll(s)).toBe(1);
    expect(s.fds.size).toBe(0);
    expect(await stillListed({ progs: [info.id] })).toEqual([]);
  });
});
