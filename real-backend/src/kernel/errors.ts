// What a failed kernel call means, in a sentence a learner can act on. errno names come from the generated table
// (sim/src/abi/errno.gen.ts); the sentences are specific to the bpf()/perf_event_open() context and, where one
// command gives an errno its own meaning (EPERM on a frozen map's update), to that command.
import { ERRNO_NAME } from '@bpflc/sim/abi/errno.gen';
import type { SyscallEvent } from '@bpflc/sim/trace/schema';

/**
 * ENOTSUPP (524) is kernel-internal (include/linux/errno.h, not in the UAPI errno headers) yet bpf() lets it out,
 * e.g. for a helper or attach type the JIT or program type does not support.
 */
const KERNEL_INTERNAL_ERRNO: Readonly<Record<number, string>> = { 524: 'ENOTSUPP' };

export function errnoName(n: number): string {
  return ERRNO_NAME[n] ?? KERNEL_INTERNAL_ERRNO[n] ?? `errno ${n}`;
}

const GENERAL: Readonly<Record<string, string>> = {
  EPERM:
    'operation not permitted: the process lacks CAP_BPF (plus CAP_PERFMON for tracing, CAP_NET_ADMIN for networking, or CAP_SYS_ADMIN), unprivileged bpf is disabled, or the kernel is locked down',
  EACCES: 'permission denied: for BPF_PROG_LOAD this is the verifier rejecting the program (read its log); otherwise an access check on the object or file failed',
  EINVAL:
    'invalid argument: a field of the attr is wrong for this command or kernel (unknown type or flag, bad size, a non-zero field this kernel does not know, malformed BTF or instructions)',
  E2BIG: 'too big: the attr is larger than this kernel knows and its tail is not zero, or the program has too many instructions or too complex a path',
  ENOSPC: 'no space: the verifier or BTF log did not fit in the buffer given; retry with a bigger log_size (log_true_size says how much)',
  ENOENT: 'not found: no such tracepoint, kernel symbol, map element or object id',
  EOPNOTSUPP: 'not supported by this kernel or configuration (attach type, map type or feature compiled out)',
  ENOTSUPP: 'not supported (kernel-internal ENOTSUPP): this program type, helper or attach target cannot do the operation on this kernel',
  EBADF: 'bad file descriptor: an fd in the attr is closed or is not the kind of object the command expects',
  // BPF_OBJ_GET_INFO_BY_FD (and a few others) say EBADFD, not EBADF, for an fd that is not open.
  EBADFD: 'bad file descriptor: the fd in the attr is not open (bpf() says EBADFD here where most calls say EBADF)',
  EFAULT: 'bad address: a pointer in the attr does not point into readable (or writable) memory of this process',
  ENOMEM: 'out of memory: the kernel could not allocate the object (memory cgroup limit or, before 5.11, RLIMIT_MEMLOCK)',
  EEXIST: 'already exists: the element exists and BPF_NOEXIST was asked, or a pin path is taken',
  EBUSY: 'busy: the hook already has a program attached in an exclusive mode, or the object is in use',
  ENODEV: 'no such device: the PMU or interface named does not exist',
  ESRCH: 'no such process: the pid given to perf_event_open does not exist',
  EAGAIN: 'try again: a transient condition (the kernel asked to retry)',
  ENOTDIR: 'not a directory',
  ENOSYS: 'no such system call: this kernel was built without CONFIG_BPF_SYSCALL (or the perf events subsystem)',
};

/** errno meanings that only one command gives. Keyed "CMD:ERRNO". */
const PER_COMMAND: Readonly<Record<string, string>> = {
  'BPF_MAP_UPDATE_ELEM:EPERM': 'the map is frozen (BPF_MAP_FREEZE) or read-only for user space: updates from a syscall are refused',
  'BPF_MAP_DELETE_ELEM:EPERM': 'the map is frozen (BPF_MAP_FREEZE): deletions from a syscall are refused',
  'BPF_MAP_DELETE_ELEM:EINVAL': 'array maps have no deletion: every index always exists',
  'BPF_MAP_LOOKUP_ELEM:ENOENT': 'no element with this key',
  'BPF_MAP_GET_NEXT_KEY:ENOENT': 'that was the last key: iteration is over',
  'BPF_MAP_FREEZE:EBUSY': 'the map is already frozen or has a writable mmap',
  'BPF_PROG_LOAD:EACCES': 'the verifier rejected the program: its log says which instruction and why',
  'BPF_PROG_LOAD:EINVAL': 'the kernel refused the program before or during verification (bad instruction encoding, unknown prog_type or expected_attach_type, bad map fd in ld_imm64): read the log',
  'BPF_PROG_LOAD:E2BIG': 'the program is too large or its paths too many for the verifier (1 million instructions processed at most)',
  'BPF_PROG_LOAD:EPERM': 'loading this program type needs CAP_BPF plus CAP_PERFMON (tracing) or CAP_NET_ADMIN (networking), or the kernel refuses it for this process (e.g. fentry/fexit refused here)',
  'BPF_BTF_LOAD:EINVAL': 'the kernel rejected the BTF blob: its log says which type is malformed',
  'BPF_LINK_CREATE:EINVAL': 'the program type or expected_attach_type does not fit this attach_type or target',
  'BPF_LINK_CREATE:EOPNOTSUPP': 'this kernel cannot make a link of this kind for this program',
  'PERF_EVENT_IOC_SET_BPF:EEXIST': 'a program is already attached to this perf event',
  'PERF_EVENT_IOC_SET_BPF:EINVAL': 'the program type does not fit the event (a tracepoint event needs a BPF_PROG_TYPE_TRACEPOINT program, a kprobe a KPROBE one)',
  'perf_event_open:ENOENT': 'no such event: the tracepoint id or PMU config does not exist',
  'perf_event_open:EACCES': 'perf events are restricted here (kernel.perf_event_paranoid) and the process lacks CAP_PERFMON',
};

/** One sentence: what failed, why it usually does, with the errno name in front. */
export function explainErrno(errno: number, context?: { cmd?: string; name?: string }): string {
  const name = errnoName(errno);
  const specific = (context?.cmd && PER_COMMAND[`${context.cmd}:${name}`]) ?? (context?.name && PER_COMMAND[`${context.name}:${name}`]);
  const what = context?.cmd ?? context?.name ?? 'the call';
  return `${what} failed with ${name}: ${specific || GENERAL[name] || 'see errno(3)'}.`;
}

/** Everything that can go wrong at the door, as values. */
export type KernelError =
  | {
      kind: 'errno';
      /** strace spelling of the syscall and its command. */
      call: string;
      cmd?: string;
      errno: number;
      errnoName: string;
      message: string;
      event: SyscallEvent;
    }
  /** A feature this kernel or machine lacks (kprobes, tracefs, the tracepoint asked for). */
  | { kind: 'unavailable'; feature: string; message: string }
  /** The process lacks a privilege the step needs (mounting, CAP_BPF). */
  | { kind: 'privilege'; message: string }
  /** A file the door reads (tracefs, sysfs, procfs) could not be read. */
  | { kind: 'io'; path: string; message: string };

export function errnoError(event: SyscallEvent, errno: number): KernelError {
  return {
    kind: 'errno',
    call: event.name,
    ...(event.cmd !== undefined ? { cmd: event.cmd } : {}),
    errno,
    errnoName: errnoName(errno),
    message: explainErrno(errno, { name: event.name, ...(event.cmd !== undefined ? { cmd: event.cmd } : {}) }),
    event,
  };
}
