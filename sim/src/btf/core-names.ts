// CO-RE's "essential" type and field names (libbpf 1.1 relo_core.c, bpf_core_essential_name_len): a name may
// carry a ___flavour suffix so that one object can describe several kernel versions of a type
// (`task_struct___pre514`); candidates are matched on the name without it. Shared by the agent's CO-RE
// loader and the app's "In the kernel" column, so both pick the candidates libbpf picks.

/**
 * The length of a name without its flavour: "task_struct___pre514" → 11. libbpf looks for the last "X___Y"
 * where X and Y are not underscores (bpf_core_is_flavor_sep), scanning from the end.
 */
export function essentialNameLength(name: string): number {
  for (let i = name.length - 5; i >= 0; i--) {
    if (name[i] !== '_' && name[i + 1] === '_' && name[i + 2] === '_' && name[i + 3] === '_' && name[i + 4] !== '_') return i + 1;
  }
  return name.length;
}

/** e.g. essentialName('task_struct___pre514') === 'task_struct'; essentialName('__u32') === '__u32' */
export const essentialName = (name: string): string => name.slice(0, essentialNameLength(name));
