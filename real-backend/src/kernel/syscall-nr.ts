// System call numbers of the calls the FFI door makes, x86-64 only (arch/x86/entry/syscalls/syscall_64.tbl,
// stable ABI since their introduction). Not part of the generated uapi tables because they are per architecture;
// on another architecture the door refuses to start instead of calling the wrong number.
export const SYS_NR_X86_64 = {
  close: 3,
  ioctl: 16,
  getpid: 39,
  mount: 165,
  perf_event_open: 298,
  bpf: 321,
} as const;

export type SyscallName = keyof typeof SYS_NR_X86_64;
