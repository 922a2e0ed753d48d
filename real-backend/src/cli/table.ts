// Aligned text tables for the CLI: one header row, columns padded to their widest cell.
// e.g. formatTable(['Nr', 'Name'], [['1', '.text']], 'rl') → "Nr  Name\n 1  .text"

export type Align = 'l' | 'r';

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align: string, indent = '  '): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((cell, c) => {
        const w = widths[c] ?? 0;
        const last = c === cells.length - 1;
        if (align[c] === 'r') return cell.padStart(w);
        return last ? cell : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}
