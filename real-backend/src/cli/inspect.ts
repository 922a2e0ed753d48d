// `bpflc inspect <obj> [--json]`: what the ELF object holds, before anything is loaded: the line `file`
// prints, sections, programs, maps/global data, license, symbols and relocations (with the instruction
// each one patches). e.g. the first line: "minimal.bpf.o: ELF 64-bit LSB relocatable, eBPF, version 1 (SYSV), not stripped"
import { describeFile, isExecutableSection, readBtfFromElf, summarizeElf, type ElfFile, type ElfSummary } from '@bpflc/sim';
import { inspectJson } from './inspect-json.ts';
import { loadObject } from './object-file.ts';
import { formatTable, hex } from './table.ts';
import { INSPECT_USAGE } from './commands.ts';


export async function runInspect(args: string[]): Promise<number> {
  let json = false;
  const files: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`bpflc inspect: unknown option ${a}: the only option is --json. Usage: ${INSPECT_USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    process.stderr.write(`bpflc inspect: expected one object file, got ${files.length}. Usage: ${INSPECT_USAGE}\n`);
    return 2;
  }
  const path = files[0] as string;
  const obj = loadObject('bpflc inspect', path);
  if (!obj.ok) {
    process.stderr.write(`${obj.message}\n`);
    return 1;
  }
  const summary = summarizeElf(obj.elf);
  const describe = describeFile(obj.elf);
  const btf = btfSummary(obj.elf);
  process.stdout.write(json ? inspectJson(path, obj.elf, describe, summary, btf) : inspectText(path, obj.elf, describe, summary, btf));
  return 0;
}

export interface BtfSummary {
  types: number;
  /** Count per kind, e.g. { BTF_KIND_FUNC: 2, BTF_KIND_DATASEC: 3 }. */
  kinds: Record<string, number>;
  /** Why the BTF could not be read, when the object has a .BTF section that does not decode. */
  error?: string;
}

/** What the .BTF section holds, in counts (bpflc btf prints it all); undefined when there is no .BTF. */
export function btfSummary(elf: ElfFile): BtfSummary | undefined {
  if (!elf.sections.some((s) => s.name === '.BTF')) return undefined;
  const r = readBtfFromElf(elf);
  if (!r.ok) return { types: 0, kinds: {}, error: r.error.message };
  const kinds: Record<string, number> = {};
  for (const t of r.value.btf.types.slice(1)) kinds[t.kind] = (kinds[t.kind] ?? 0) + 1;
  return { types: r.value.btf.types.length - 1, kinds };
}

const short = (name: string, prefix: string): string => (name.startsWith(prefix) ? name.slice(prefix.length) : name);

export function inspectText(path: string, elf: ElfFile, describe: string, summary: ElfSummary, btf?: BtfSummary): string {
  const h = elf.header;
  const out: string[] = [];
  out.push(`${path}: ${describe}`);
  out.push(
    `  ${elf.bytes.length} bytes, ${h.littleEndian ? 'little' : 'big'}-endian, ${h.typeName}, ${h.machineName}, ` +
      `${elf.sections.length} sections, ${elf.symbols.length} symbols, ` +
      `${elf.relocationSections.reduce((n, rs) => n + rs.relocations.length, 0)} relocations`,
  );

  out.push('', `Programs (${summary.programs.filter((p) => !p.isSubprogramSection).length}):`);
  if (summary.programs.length === 0) out.push('  (no executable sections)');
  else {
    const rows: string[][] = [];
    for (const p of summary.programs) {
      const fns = p.functions.length === 0 ? [undefined] : p.functions;
      fns.forEach((f, i) => {
        rows.push([
          i === 0 ? p.section + (p.isSubprogramSection ? '  (subprograms)' : '') : '',
          i === 0 ? String(p.size) : '',
          i === 0 ? String(p.insnCount) : '',
          i === 0 ? String(p.relocationCount) : '',
          f ? f.name : '(no function symbol)',
          f ? short(f.bind, 'STB_').toLowerCase() : '',
          f ? String(f.insnIndex) : '',
          f ? String(f.insnCount) : '',
        ]);
      });
    }
    out.push(formatTable(['Section', 'Bytes', 'Insns', 'Relocs', 'Function', 'Bind', 'At insn', 'Insns'], rows, 'lrrrllrr'));
  }

  out.push('', `Maps and global data (${summary.dataSections.length} sections):`);
  if (summary.dataSections.length === 0) out.push('  (none)');
  else {
    const kindText: Record<string, string> = {
      'btf-maps': 'BTF-defined maps',
      'legacy-maps': 'legacy bpf_map_def maps',
      bss: 'zeroed globals (array map)',
      data: 'initialized globals (array map)',
      rodata: 'read-only globals (frozen array map)',
      kconfig: 'Kconfig externs',
    };
    const rows = summary.dataSections.map((d) => [
      d.section,
      kindText[d.kind] ?? d.kind,
      String(d.size),
      d.symbols.map((v) => `${v.name} (${v.size} B at ${hex(v.offset)})`).join(', ') || '-',
    ]);
    out.push(formatTable(['Section', 'Holds', 'Bytes', 'Symbols'], rows, 'llrl'));
  }

  out.push('', `License: ${summary.license === undefined ? '(no license section: the kernel refuses GPL-only helpers)' : JSON.stringify(summary.license)}`);
  if (summary.kernelVersion !== undefined) out.push(`Kernel version section: ${hex(summary.kernelVersion)}`);
  out.push(`BTF: ${summary.btf ? `.BTF ${summary.btf.size} bytes` : 'none (compile with -g)'}${summary.btfExt ? `, .BTF.ext ${summary.btfExt.size} bytes` : ''}`);
  if (btf?.error) out.push(`  the .BTF section does not decode: ${btf.error}`);
  else if (btf) {
    const kinds = Object.entries(btf.kinds)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => `${n} ${short(k, 'BTF_KIND_')}`)
      .join(', ');
    out.push(`  ${btf.types} types: ${kinds} (bpflc btf ${path} lists them)`);
  }

  out.push('', `Sections (${elf.sections.length}):`);
  out.push(
    formatTable(
      ['Nr', 'Name', 'Type', 'Flags', 'Offset', 'Size', 'Link', 'Info', 'Align', 'EntSize'],
      elf.sections.map((s) => [
        String(s.index),
        s.name,
        short(s.typeName, 'SHT_'),
        s.flagLetters,
        hex(s.offset),
        hex(s.size),
        String(s.link),
        String(s.info),
        String(s.addralign),
        String(s.entsize),
      ]),
      'rlllrrrrrr',
    ),
  );

  out.push('', `Symbols (${elf.symbols.length}${elf.symbols.length === 0 ? ': the object is stripped' : ''}):`);
  if (elf.symbols.length > 0) {
    out.push(
      formatTable(
        ['Num', 'Value', 'Size', 'Type', 'Bind', 'Vis', 'Section', 'Name'],
        elf.symbols.map((y) => [
          String(y.index),
          hex(y.value),
          String(y.size),
          short(y.typeName, 'STT_'),
          short(y.bindName, 'STB_'),
          short(y.visibilityName, 'STV_'),
          y.sectionName === '' && y.sectionIndex !== undefined ? `[${y.sectionIndex}]` : short(y.sectionName, 'SHN_'),
          y.name,
        ]),
        'rrrlllll',
      ),
    );
  }

  out.push('', `Relocations (${elf.relocationSections.length} sections):`);
  if (elf.relocationSections.length === 0) out.push('  (none)');
  for (const rs of elf.relocationSections) {
    const target = elf.sections[rs.targetSectionIndex];
    const code = target !== undefined && isExecutableSection(target);
    out.push(`  ${rs.name} → ${rs.targetName || `section ${rs.targetSectionIndex}`} (${rs.relocations.length} entries)`);
    out.push(
      formatTable(
        ['Offset', ...(code ? ['Insn'] : []), 'Type', 'Symbol', 'In section', ...(rs.kind === 'rela' ? ['Addend'] : [])],
        rs.relocations.map((r) => [
          hex(r.offset),
          ...(code ? [String(r.offset / 8n)] : []),
          r.typeName,
          r.symbol ? r.symbol.name || r.symbol.sectionName : '-',
          r.symbol ? short(r.symbol.sectionName, 'SHN_') : '-',
          ...(rs.kind === 'rela' ? [String(r.addend ?? 0n)] : []),
        ]),
        code ? 'rrlll' : 'rllll',
        '    ',
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
