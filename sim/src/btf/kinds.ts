// BTF numbers with their kernel spelling: include/uapi/linux/btf.h and the CO-RE relocation kinds of
// libbpf's relo_core.h (enum bpf_core_relo_kind), as of Linux 6.1 / libbpf 1.1 (kinds 0..19, relo kinds
// 0..12). Newer kinds (none up to Linux 6.18) would be rejected by the decoder as unknown, as libbpf 1.1
// rejects them. Tables are `as const` arrays indexed by the wire number, with derived union types.

/** BTF magic in the header's first two bytes; read in the other byte order it means a swapped file. */
export const BTF_MAGIC = 0xeb9f;
export const BTF_VERSION = 1;

/** Indexed by the 5-bit kind field of btf_type.info. */
export const BTF_KINDS = [
  'BTF_KIND_UNKN',
  'BTF_KIND_INT',
  'BTF_KIND_PTR',
  'BTF_KIND_ARRAY',
  'BTF_KIND_STRUCT',
  'BTF_KIND_UNION',
  'BTF_KIND_ENUM',
  'BTF_KIND_FWD',
  'BTF_KIND_TYPEDEF',
  'BTF_KIND_VOLATILE',
  'BTF_KIND_CONST',
  'BTF_KIND_RESTRICT',
  'BTF_KIND_FUNC',
  'BTF_KIND_FUNC_PROTO',
  'BTF_KIND_VAR',
  'BTF_KIND_DATASEC',
  'BTF_KIND_FLOAT',
  'BTF_KIND_DECL_TAG',
  'BTF_KIND_TYPE_TAG',
  'BTF_KIND_ENUM64',
] as const;
export type BtfKindName = (typeof BTF_KINDS)[number];
export const BTF_KIND_MAX = BTF_KINDS.length - 1;

/** Kind number by name, e.g. BTF_KIND.BTF_KIND_STRUCT === 4. */
export const BTF_KIND = Object.fromEntries(BTF_KINDS.map((k, i) => [k, i])) as { readonly [K in BtfKindName]: number };

/** The kind without its prefix, as bpftool prints it ('STRUCT', 'FUNC_PROTO'). */
export function shortKindName(kind: BtfKindName): string {
  return kind === 'BTF_KIND_UNKN' ? 'UNKNOWN' : kind.slice('BTF_KIND_'.length);
}

/** BTF_INT_ENCODING bits of an INT's encoding word. */
export const BTF_INT_ENCODING = { BTF_INT_SIGNED: 1, BTF_INT_CHAR: 2, BTF_INT_BOOL: 4 } as const;

/** btf_var.linkage, indexed by value. */
export const BTF_VAR_LINKAGES = ['BTF_VAR_STATIC', 'BTF_VAR_GLOBAL_ALLOCATED', 'BTF_VAR_GLOBAL_EXTERN'] as const;
export type BtfVarLinkage = (typeof BTF_VAR_LINKAGES)[number];

/** BTF_KIND_FUNC linkage (stored in vlen), indexed by value. */
export const BTF_FUNC_LINKAGES = ['BTF_FUNC_STATIC', 'BTF_FUNC_GLOBAL', 'BTF_FUNC_EXTERN'] as const;
export type BtfFuncLinkage = (typeof BTF_FUNC_LINKAGES)[number];

/** enum bpf_core_relo_kind (libbpf relo_core.h, include/uapi/linux/bpf.h since 5.17), indexed by value. */
export const BPF_CORE_RELO_KINDS = [
  'BPF_CORE_FIELD_BYTE_OFFSET',
  'BPF_CORE_FIELD_BYTE_SIZE',
  'BPF_CORE_FIELD_EXISTS',
  'BPF_CORE_FIELD_SIGNED',
  'BPF_CORE_FIELD_LSHIFT_U64',
  'BPF_CORE_FIELD_RSHIFT_U64',
  'BPF_CORE_TYPE_ID_LOCAL',
  'BPF_CORE_TYPE_ID_TARGET',
  'BPF_CORE_TYPE_EXISTS',
  'BPF_CORE_TYPE_SIZE',
  'BPF_CORE_ENUMVAL_EXISTS',
  'BPF_CORE_ENUMVAL_VALUE',
  'BPF_CORE_TYPE_MATCHES',
] as const;
export type BpfCoreReloKind = (typeof BPF_CORE_RELO_KINDS)[number];

/** Which of the three CO-RE families a relocation kind belongs to (it decides how its access string reads). */
export function coreReloFamily(kind: BpfCoreReloKind): 'field' | 'type' | 'enumval' {
  const n = BPF_CORE_RELO_KINDS.indexOf(kind);
  if (n <= 5) return 'field';
  if (n === 10 || n === 11) return 'enumval';
  return 'type';
}

/** Kernel limits the decoder checks against (include/linux/btf.h, kernel/bpf/btf.c). */
export const BTF_LIMITS = {
  /** BTF_MAX_TYPE: type ids are 20-bit in practice (0xfffff). */
  maxType: 0xfffff,
  /** BTF_MAX_NAME_OFFSET: string offsets are 24-bit. */
  maxNameOffset: 0xffffff,
} as const;
