// Flag bits the object reader needs that sim/src/abi does not generate yet (include/uapi/linux/bpf.h,
// Linux 6.1: the anonymous BPF_MAP_CREATE flags enum and the BPF_PROG_LOAD prog_flags defines), and
// libbpf's own constants (libbpf.h, bpf_object internals, libbpf 1.1). To move into scripts/gen-abi.ts.

import { ERRNO } from '../abi/errno.gen.ts';
import type { LibbpfErrno } from './types.ts';

/** map_flags of BPF_MAP_CREATE. */
export const BPF_MAP_FLAG = {
  BPF_F_NO_PREALLOC: 1 << 0,
  BPF_F_NO_COMMON_LRU: 1 << 1,
  BPF_F_NUMA_NODE: 1 << 2,
  BPF_F_RDONLY: 1 << 3,
  BPF_F_WRONLY: 1 << 4,
  BPF_F_STACK_BUILD_ID: 1 << 5,
  BPF_F_ZERO_SEED: 1 << 6,
  BPF_F_RDONLY_PROG: 1 << 7,
  BPF_F_WRONLY_PROG: 1 << 8,
  BPF_F_CLONE: 1 << 9,
  BPF_F_MMAPABLE: 1 << 10,
  BPF_F_PRESERVE_ELEMS: 1 << 11,
  BPF_F_INNER_MAP: 1 << 12,
} as const;
export type BpfMapFlagName = keyof typeof BPF_MAP_FLAG;

/** prog_flags of BPF_PROG_LOAD that section names imply. */
export const BPF_PROG_FLAG = {
  BPF_F_STRICT_ALIGNMENT: 1 << 0,
  BPF_F_ANY_ALIGNMENT: 1 << 1,
  BPF_F_TEST_RND_HI32: 1 << 2,
  BPF_F_TEST_STATE_FREQ: 1 << 3,
  BPF_F_SLEEPABLE: 1 << 4,
  BPF_F_XDP_HAS_FRAGS: 1 << 5,
} as const;

/** The names of the bits set in `flags`, e.g. 1152 → ['BPF_F_RDONLY_PROG', 'BPF_F_MMAPABLE']. */
export function mapFlagNames(flags: number): string[] {
  const names: string[] = [];
  let rest = flags;
  for (const [name, bit] of Object.entries(BPF_MAP_FLAG)) {
    if (flags & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** libbpf.h enum libbpf_errno: libbpf's own error codes (returned negated), next to the plain errnos it uses. */
export const LIBBPF_ERRNO = { LIBBPF_ERRNO__FORMAT: 4001, LIBBPF_ERRNO__ENDIAN: 4003, LIBBPF_ERRNO__RELOC: 4005 } as const;

/** The number libbpf returns for an error name, e.g. 'EINVAL' → -22, 'LIBBPF_ERRNO__ENDIAN' → -4003. */
export function libbpfErrnoValue(name: LibbpfErrno): number {
  return -(name in LIBBPF_ERRNO ? LIBBPF_ERRNO[name as keyof typeof LIBBPF_ERRNO] : ERRNO[name as keyof typeof ERRNO]);
}

/** BPF_OBJ_NAME_LEN: object names (programs, maps) are 16 bytes in bpf_attr, NUL included. */
export const BPF_OBJ_NAME_LEN = 16;

/** The name the kernel keeps (and `bpftool prog/map show` prints): the first 15 bytes. */
export const kernelObjectName = (name: string): string => name.slice(0, BPF_OBJ_NAME_LEN - 1);

/** libbpf.h enum libbpf_pin_type (the value of a BTF map's `pinning` member). */
export const LIBBPF_PIN = { LIBBPF_PIN_NONE: 0, LIBBPF_PIN_BY_NAME: 1 } as const;

/** The page size libbpf rounds ring buffers to (sysconf(_SC_PAGE_SIZE) on x86-64). */
export const DEFAULT_PAGE_SIZE = 4096;
