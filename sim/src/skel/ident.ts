// Identifiers of bpftool 7.1's `gen skeleton` (tools/bpf/bpftool/gen.c, Linux 6.1): the object name from the
// file name, the member names of internal maps ('c_loops_.rodata.cst16' → 'rodata_cst16') and of DATASECs
// ('.rodata' → 'rodata'), and the C-identifier sanitizing all of them go through. Pure string rules; the
// 63-character cap on object names is bpftool's MAX_OBJ_NAME_LEN.
// e.g. skeletonObjectName('build/minimal.bpf.o') → 'minimal_bpf'

/** bpftool's MAX_OBJ_NAME_LEN (64) minus the terminating NUL. */
const MAX_OBJ_NAME_CHARS = 63;

const utf8 = new TextEncoder();

/** Every byte that is not [A-Za-z0-9_] becomes '_' (bpftool's sanitize_identifier works on bytes). */
export function sanitizeIdentifier(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, (c) => '_'.repeat(utf8.encode(c).length));
}

/** get_obj_name: base name, cut to 63 characters, a trailing '.o' dropped, then sanitized. */
export function skeletonObjectName(path: string): string {
  let name = path.slice(path.lastIndexOf('/') + 1).slice(0, MAX_OBJ_NAME_CHARS);
  if (name.endsWith('.o')) name = name.slice(0, -2);
  return sanitizeIdentifier(name);
}

/** The header guard: `__MINIMAL_BPF_SKEL_H__` for 'minimal_bpf' (toupper of every byte). */
export function headerGuard(objName: string): string {
  return `__${objName.toUpperCase()}_SKEL_H__`;
}

/** The four data-section families a skeleton exposes, in the order bpftool tries them. */
export const DATA_SECTION_FAMILIES = ['.data', '.rodata', '.bss', '.kconfig'] as const;

/**
 * get_map_ident: a user map keeps its name; an internal map is named from the first family it contains
 * (strstr), dot dropped, sanitized; undefined for an internal map of no family (bpftool leaves it out).
 */
export function mapIdent(mapName: string, internal: boolean): string | undefined {
  if (!internal) return mapName;
  for (const sfx of DATA_SECTION_FAMILIES) {
    const at = mapName.indexOf(sfx);
    if (at >= 0) return sanitizeIdentifier(mapName.slice(at + 1));
  }
  return undefined;
}

/** get_datasec_ident: a DATASEC named with one of the families as a prefix; '.data.extra' → 'data_extra'. */
export function datasecIdent(secName: string): string | undefined {
  for (const pfx of DATA_SECTION_FAMILIES) {
    if (secName.startsWith(pfx)) return sanitizeIdentifier(secName.slice(1));
  }
  return undefined;
}
