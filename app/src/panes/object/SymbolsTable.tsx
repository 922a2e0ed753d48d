// The symbol table, as `readelf -s` lists it: programs (FUNC), maps and globals (OBJECT), sections, labels.
import type { ElfSymbol } from '@bpflc/sim';
import { hex } from '../../components/format.ts';

const short = (s: string, prefix: string) => s.replace(prefix, '');

export function SymbolsTable({ symbols }: { symbols: readonly ElfSymbol[] }) {
  return (
    <table className="table table--auto" data-testid="symbols-table">
      <thead>
        <tr>
          <th className="num">Num</th>
          <th className="num">Value</th>
          <th className="num">Size</th>
          <th>Type</th>
          <th>Bind</th>
          <th>Vis</th>
          <th>Section</th>
          <th>Name</th>
        </tr>
      </thead>
      <tbody>
        {symbols.map((s) => (
          <tr key={s.index}>
            <td className="num">{s.index}</td>
            <td className="num mono">{hex(s.value, 16)}</td>
            <td className="num">{s.size.toString()}</td>
            <td className="mono">{short(s.typeName, 'STT_')}</td>
            <td className="mono">{short(s.bindName, 'STB_')}</td>
            <td className="mono">{short(s.visibilityName, 'STV_')}</td>
            <td className="mono">{s.sectionName}</td>
            <td className="mono strong">{s.name}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
