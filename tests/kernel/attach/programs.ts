// Hand-assembled test programs for attach and run. Each starts with the same pid filter, so only this process's
// main thread counts, prints or emits (other processes on the shared machine cannot disturb the numbers):
//   r0 = bpf_get_current_pid_tgid(); if (r0 != (pid << 32 | pid)) goto out; <body>; out: r0 = 0; exit
import { progLoad, type KernelSession, type ProgLoadInput } from '../../../real-backend/src/kernel/index.ts';
import { addImm, atomicAddDw, call, exit, jeqImm, jneReg, ldImm64, ldMapFd, movImm, movReg, program, stW, stxDw } from '../helpers/asm.ts';

const slots = (parts: Buffer[]): number => parts.reduce((n, p) => n + p.length / 8, 0);

export function pidFiltered(pid: number, body: Buffer[]): Buffer {
  const me = (BigInt(pid) << 32n) | BigInt(pid);
  return program(call('bpf_get_current_pid_tgid'), ldImm64(1, me), jneReg(0, 1, slots(body)), ...body, movImm(0, 0), exit());
}

/** u32 k = 0; u64 *v = bpf_map_lookup_elem(map, &k); if (v) __sync_fetch_and_add(v, 1); (9 slots) */
export const countBody = (mapFd: number): Buffer[] => [
  stW(10, -4, 0), movReg(2, 10), addImm(2, -4), ldMapFd(1, mapFd), call('bpf_map_lookup_elem'), jeqImm(0, 0, 2), movImm(1, 1), atomicAddDw(0, 1, 0),
];

/** char m[10] = "<8 chars>\n"; bpf_trace_printk(m, sizeof(m)); */
export function printkBody(tag8: string): Buffer[] {
  if (tag8.length !== 8) throw new Error('the tag must be 8 characters');
  return [ldImm64(1, Buffer.from(tag8, 'latin1').readBigUInt64LE()), stxDw(10, 1, -16), movImm(1, 0x0a), stxDw(10, 1, -8), movReg(1, 10), addImm(1, -16), movImm(2, 10), call('bpf_trace_printk')];
}

/** u64 v = pid_tgid (still in r0); bpf_ringbuf_output(rb, &v, 8, 0); */
export const ringbufBody = (rbFd: number): Buffer[] => [
  stxDw(10, 0, -8), ldMapFd(1, rbFd), movReg(2, 10), addImm(2, -8), movImm(3, 8), movImm(4, 0), call('bpf_ringbuf_output'),
];

export function load(s: KernelSession, attr: Omit<ProgLoadInput, 'license'>): number {
  const p = progLoad(s, { license: 'GPL', ...attr }, { logLevel: 1 });
  if (!p.ok) throw new Error(`${p.error.error.message}\n${p.error.log}`);
  return p.value.fd;
}

/**
 * r6 = ctx; <pid filter>; u64 v = pid_tgid; bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, &v, 8);
 * (the filter's helper call clobbers r1, so ctx is kept in callee-saved r6 first)
 */
export function perfOutputProgram(pid: number, mapFd: number): Buffer {
  const me = (BigInt(pid) << 32n) | BigInt(pid);
  const body = [stxDw(10, 0, -8), movReg(1, 6), ldMapFd(2, mapFd), ldImm64(3, 0xffffffffn), movReg(4, 10), addImm(4, -8), movImm(5, 8), call('bpf_perf_event_output')];
  return program(movReg(6, 1), call('bpf_get_current_pid_tgid'), ldImm64(1, me), jneReg(0, 1, slots(body)), ...body, movImm(0, 0), exit());
}
