// `bpflc inspect --json`: the same facts as the text view as one JSON document. Keys are sorted at every
// level and always present (null when a fact is absent), 64-bit values are decimal strings, offsets and
// sizes numbers.
import { createHash } from 'node:crypto';
import { isExecutableSection, type ElfFile, type ElfSummary } from '@bpflc/sim';
import type { BtfSummary } from './inspect.ts';

export const INSPECT_JSON_SCHEMA = 1;

function sortKeys(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString(10);
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      out[k] = x === undefined ? null : sortKeys(x); // absent facts are null, so every key is always there
    }
    return out;
  }
  return v;
}

export function inspectJson(path: string, elf: ElfFile, describe: string, summary: ElfSummary, btfTypes?: BtfSummary): string {
  const { header } = elf;
  const doc = {
    schema: INSPECT_JSON_SCHEMA,
    file: path,
    size: elf.bytes.length,
    sha256: createHash('sha256').update(elf.bytes).digest('hex'),
    describe,
    header: { ...header },
    sections: elf.sections.map((s) => ({
      index: s.index,
      name: s.name,
      type: s.type,
      typeName: s.typeName,
      flags: s.flags,
      flagNames: s.flagNames,
      addr: s.addr,
      offset: s.offset,
      size: s.size,
      link: s.link,
      info: s.info,
      addralign: s.addralign,
      entsize: s.entsize,
    })),
    symbols: elf.symbols.map((y) => ({
      index: y.index,
      name: y.name,
      value: y.value,
      size: y.size,
      bind: y.bindName,
      type: y.typeName,
      visibility: y.visibilityName,
      shndx: y.shndx,
      sectionIndex: y.sectionIndex,
      section: y.sectionName,
    })),
    relocationSections: elf.relocationSections.map((rs) => {
      const target = elf.sections[rs.targetSectionIndex];
      const code = target !== undefined && isExecutableSection(target);
      return {
        name: rs.name,
        sectionIndex: rs.sectionIndex,
        kind: rs.kind,
        target: rs.targetName,
        targetSectionIndex: rs.targetSectionIndex,
        symtabIndex: rs.symtabIndex,
        relocations: rs.relocations.map((r) => ({
          offset: r.offset,
          insnIndex: code ? Number(r.offset / 8n) : undefined,
          type: r.typeName,
          symbolIndex: r.symbolIndex,
          symbol: r.symbol?.name,
          symbolSection: r.symbol?.sectionName,
          symbolValue: r.symbol?.value,
          addend: r.addend,
        })),
      };
    }),
    programs: summary.programs,
    dataSections: summary.dataSections,
    license: summary.license,
    kernelVersion: summary.kernelVersion,
    btf: summary.btf ? { ...summary.btf, types: btfTypes?.types, kinds: btfTypes?.kinds, error: btfTypes?.error } : undefined,
    btfExt: summary.btfExt,
  };
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}
