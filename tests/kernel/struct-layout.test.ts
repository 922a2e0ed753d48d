// No kernel needed: the layout engine's encoding and decoding, and the errno sentences.
import { describe, expect, it } from 'vitest';
import { PERF_SAMPLE } from '@bpflc/sim/abi/perf.gen';
import { MAP_CREATE_ATTR } from '../../real-backend/src/kernel/bpf-attr/map.ts';
import { LINK_CREATE_ATTR } from '../../real-backend/src/kernel/bpf-attr/link.ts';
import { PERF_EVENT_ATTR } from '../../real-backend/src/kernel/perf-attr.ts';
import { decodeArgs, encodeStruct, flagsArg } from '../../real-backend/src/kernel/struct-layout.ts';
import { errnoName, explainErrno } from '../../real-backend/src/kernel/errors.ts';

const fakeAddress = (b: Buffer) => 0x1000n + BigInt(b.length);

describe('struct layouts', () => {
  it('encodes BPF_MAP_CREATE into 72 zeroed little-endian bytes and decodes it under UAPI names', () => {
    const input = { map_type: 'BPF_MAP_TYPE_HASH', key_size: 4, value_size: 8, max_entries: 1024, map_name: 'pids' } as const;
    const { buf } = encodeStruct(MAP_CREATE_ATTR, input, fakeAddress);
    expect(buf.length).toBe(72);
    expect(buf.subarray(0, 16).toString('hex')).toBe('01000000' + '04000000' + '08000000' + '00040000');
    expect(buf.toString('latin1', 28, 32)).toBe('pids');
    expect(buf.subarray(32).every((b) => b === 0)).toBe(true);
    expect(decodeArgs(MAP_CREATE_ATTR, buf, input)).toMatchObject({ map_type: 'BPF_MAP_TYPE_HASH', max_entries: 1024, map_name: 'pids', map_extra: 0 });
  });

  it('refuses a name without room for its NUL, and an unknown field', () => {
    expect(() => encodeStruct(MAP_CREATE_ATTR, { map_name: 'sixteen_chars_xx' }, fakeAddress)).toThrow(/longer than 15 bytes/);
    expect(() => encodeStruct(MAP_CREATE_ATTR, { map_typo: 1 } as never, fakeAddress)).toThrow(/no field "map_typo"/);
  });

  it('shows a union alias only when used, in place of the member it overlays', () => {
    const plain = encodeStruct(LINK_CREATE_ATTR, { prog_fd: 5, target_fd: 6, attach_type: 'BPF_PERF_EVENT' }, fakeAddress);
    const args = decodeArgs(LINK_CREATE_ATTR, plain.buf, { prog_fd: 5, target_fd: 6, attach_type: 'BPF_PERF_EVENT' });
    expect(Object.keys(args)).toEqual(['prog_fd', 'target_fd', 'attach_type', 'flags', 'perf_event.bpf_cookie']);
    const tracing = { prog_fd: 5, attach_type: 'BPF_TRACE_FENTRY', target_btf_id: 77 } as const;
    const t = encodeStruct(LINK_CREATE_ATTR, tracing, fakeAddress);
    expect(decodeArgs(LINK_CREATE_ATTR, t.buf, tracing)).toEqual({ prog_fd: 5, target_fd: 0, attach_type: 'BPF_TRACE_FENTRY', flags: 0, target_btf_id: 77 });
  });

  it('writes perf_event_attr bit flags at their bit positions and prints flag masks as strace does', () => {
    const input = { type: 'PERF_TYPE_TRACEPOINT', size: 72, config: 321n, sample_type: ['PERF_SAMPLE_RAW', 'PERF_SAMPLE_TID'], flags: ['disabled', 'exclude_kernel'], kprobe_func: 'do_sys_open' } as const;
    const { buf, keep } = encodeStruct(PERF_EVENT_ATTR, input, fakeAddress);
    expect(buf.readBigUInt64LE(40)).toBe((1n << 0n) | (1n << 5n));
    expect(buf.readBigUInt64LE(24)).toBe(0x402n);
    expect(keep.map((b) => b.toString())).toEqual(['do_sys_open\0']);
    expect(buf.readBigUInt64LE(56)).toBe(0x1000n + 12n);
    expect(decodeArgs(PERF_EVENT_ATTR, buf, input)).toMatchObject({ type: 'PERF_TYPE_TRACEPOINT', sample_type: 'PERF_SAMPLE_TID|PERF_SAMPLE_RAW', disabled: 1, exclude_kernel: 1, kprobe_func: 'do_sys_open', config2: 0 });
    expect(flagsArg(PERF_SAMPLE, 0n)).toBe('0');
    expect(flagsArg(PERF_SAMPLE, 0x400n | (1n << 40n))).toBe('PERF_SAMPLE_RAW|0x10000000000');
  });
});

describe('errno sentences', () => {
  it('names errnos from the generated table, plus the kernel-internal ENOTSUPP', () => {
    expect(errnoName(13)).toBe('EACCES');
    expect(errnoName(524)).toBe('ENOTSUPP');
    expect(errnoName(9999)).toBe('errno 9999');
  });
  it('prefers the per-command meaning', () => {
    expect(explainErrno(1, { cmd: 'BPF_MAP_UPDATE_ELEM' })).toMatch(/^BPF_MAP_UPDATE_ELEM failed with EPERM: the map is frozen/);
    expect(explainErrno(1, { cmd: 'BPF_MAP_CREATE' })).toMatch(/lacks CAP_BPF/);
    expect(explainErrno(28, { cmd: 'BPF_PROG_LOAD' })).toMatch(/log_true_size/);
  });
});
