// Pairs the sections of clang's object (.tmp.bpf.o) with those of bpftool's linked one (.bpf.o) by name and
// says, per section, whether the linker kept the bytes, changed them, dropped or added the section.
import type { ElfSection } from '@bpflc/sim';

export interface SectionSide {
  section: ElfSection;
  hash: number;
}

export interface SectionChange {
  name: string;
  kind: 'identical' | 'changed' | 'resized' | 'removed' | 'added';
  before: ElfSection | undefined;
  after: ElfSection | undefined;
}

const sides = (sections: readonly ElfSection[], hashes: readonly number[]): SectionSide[] =>
  sections.filter((s) => s.index !== 0).map((s) => ({ section: s, hash: hashes[s.index] ?? 0 }));

/** e.g. [{ name: '.BTF', kind: 'resized', … }, { name: '.debug_info', kind: 'removed', … }, { name: 'license', kind: 'identical', … }] */
export function diffSections(
  before: readonly ElfSection[],
  beforeHashes: readonly number[],
  after: readonly ElfSection[],
  afterHashes: readonly number[],
): SectionChange[] {
  const out: SectionChange[] = [];
  const afterByName = new Map(sides(after, afterHashes).map((s) => [s.section.name, s]));
  for (const b of sides(before, beforeHashes)) {
    const a = afterByName.get(b.section.name);
    afterByName.delete(b.section.name);
    const kind = !a ? 'removed' : a.section.size !== b.section.size ? 'resized' : a.hash === b.hash ? 'identical' : 'changed';
    out.push({ name: b.section.name, before: b.section, after: a?.section, kind });
  }
  for (const a of afterByName.values()) out.push({ name: a.section.name, before: undefined, after: a.section, kind: 'added' });
  return out;
}

/** One sentence per kind of change, from the data (e.g. "Dropped 18 sections: 16 DWARF debug info, …"). */
export function summarizeDiff(rows: readonly SectionChange[]): string[] {
  const lines: string[] = [];
  const removed = rows.filter((r) => r.kind === 'removed');
  if (removed.length > 0) {
    const dwarf = removed.filter((r) => /^(\.rel)?\.debug_/.test(r.name)).length;
    const other = removed.filter((r) => !/^(\.rel)?\.debug_/.test(r.name)).map((r) => r.name);
    const parts = [dwarf > 0 ? `${dwarf} of DWARF debug info and its relocations` : '', other.length > 0 ? other.join(', ') : ''].filter(Boolean);
    lines.push(`Dropped ${removed.length} section${removed.length === 1 ? '' : 's'}: ${parts.join('; ')}.`);
  }
  const resized = rows.filter((r) => r.kind === 'resized');
  if (resized.length > 0) lines.push(`Rewrote ${resized.map((r) => `${r.name} (${r.before!.size} → ${r.after!.size} B)`).join(', ')}.`);
  const changed = rows.filter((r) => r.kind === 'changed');
  if (changed.length > 0) lines.push(`Same size, different bytes: ${changed.map((r) => r.name).join(', ')}.`);
  const same = rows.filter((r) => r.kind === 'identical');
  if (same.length > 0) lines.push(`Copied byte for byte: ${same.map((r) => r.name).join(', ')}.`);
  const added = rows.filter((r) => r.kind === 'added');
  if (added.length > 0) lines.push(`Added: ${added.map((r) => r.name).join(', ')}.`);
  return lines;
}
