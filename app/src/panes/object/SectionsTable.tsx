// The section header table, as `readelf -S` lists it, with a sentence per well-known eBPF section.
import type { ElfSection } from '@bpflc/sim';
import { hex } from '../../components/format.ts';
import { explainSection } from './section-notes.ts';

export function SectionsTable({ sections }: { sections: readonly ElfSection[] }) {
  return (
    <table className="table" data-testid="sections-table">
      <thead>
        <tr>
          <th className="num">Nr</th>
          <th>Name</th>
          <th>Type</th>
          <th title="readelf flag letters: W write, A alloc, X execute, M merge, S strings, I info link">Flags</th>
          <th className="num">Offset</th>
          <th className="num">Size</th>
          <th className="num" title="sh_link">Lk</th>
          <th className="num" title="sh_info">Inf</th>
          <th className="num" title="sh_addralign">Al</th>
          <th>What it is</th>
        </tr>
      </thead>
      <tbody>
        {sections.map((s) => (
          <tr key={s.index} data-section={s.name}>
            <td className="num">{s.index}</td>
            <td className="mono strong">{s.name || <span className="muted">(null)</span>}</td>
            <td className="mono">{s.typeName.replace(/^SHT_/, '')}</td>
            <td className="mono" title={s.flagNames.join(' | ')}>
              {s.flagLetters}
            </td>
            <td className="num mono">{hex(s.offset, 6)}</td>
            <td className="num mono" title={`${s.size} bytes`}>
              {s.size}
            </td>
            <td className="num">{s.link}</td>
            <td className="num">{s.info}</td>
            <td className="num">{s.addralign}</td>
            <td className="note">{explainSection(s, sections)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
