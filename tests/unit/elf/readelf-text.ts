// A parser for what `llvm-readelf -S -s -r` (LLVM 14) prints, so the tests can compare the ELF reader with it.
// e.g. "  [ 3] tp/syscalls/sys_enter_write PROGBITS 0000000000000000 000058 000100 00  AX  0   0  8"
//      "    18: 0000000000000000   256 FUNC    GLOBAL DEFAULT     3 handle_tp"
//      "0000000000000018  0000001300000001 R_BPF_64_64            0000000000000000 my_pid"

export interface ReadelfSection {
  index: number;
  name: string;
  type: string;
  offset: number;
  size: number;
  entsize: number;
  flags: string;
  link: number;
  info: number;
  align: number;
}

export interface ReadelfSymbol {
  index: number;
  value: bigint;
  size: bigint;
  type: string;
  bind: string;
  vis: string;
  ndx: string;
  name: string;
}

export interface ReadelfReloc {
  offset: bigint;
  info: bigint;
  type: string;
  symbol: string;
}

export interface ReadelfOutput {
  sections: ReadelfSection[];
  symbols: ReadelfSymbol[];
  relocs: Map<string, ReadelfReloc[]>;
}

const HEX16 = /^[0-9a-f]{16}$/;

export function parseReadelf(text: string): ReadelfOutput {
  const sections: ReadelfSection[] = [];
  const symbols: ReadelfSymbol[] = [];
  const relocs = new Map<string, ReadelfReloc[]>();
  let mode: 'none' | 'sections' | 'symbols' | 'relocs' = 'none';
  let current: ReadelfReloc[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('Section Headers:')) mode = 'sections';
    else if (line.startsWith('Key to Flags:')) mode = 'none';
    else if (/^Symbol table '\.symtab'/.test(line)) mode = 'symbols';
    else if (/^Symbol table/.test(line)) mode = 'none';
    else if (line.startsWith('Relocation section ')) {
      const name = /^Relocation section '(.*)' at offset/.exec(line)?.[1] ?? '?';
      current = [];
      relocs.set(name, current);
      mode = 'relocs';
    } else if (mode === 'sections') {
      const m = /^\s*\[\s*(\d+)\]\s?(.*)$/.exec(line);
      if (!m) continue;
      const toks = (m[2] as string).trim().split(/\s+/);
      const a = toks.findIndex((t, i) => i > 0 && HEX16.test(t));
      if (a < 0) continue;
      const rest = toks.slice(a + 4); // after Address Off Size ES: [Flg] Lk Inf Al
      sections.push({
        index: Number(m[1]),
        name: toks.slice(0, a - 1).join(' '),
        type: toks[a - 1] as string,
        offset: parseInt(toks[a + 1] as string, 16),
        size: parseInt(toks[a + 2] as string, 16),
        entsize: parseInt(toks[a + 3] as string, 16),
        flags: rest.length === 4 ? (rest[0] as string) : '',
        link: Number(rest.at(-3)),
        info: Number(rest.at(-2)),
        align: Number(rest.at(-1)),
      });
    } else if (mode === 'symbols') {
      const m = /^\s*(\d+):\s+([0-9a-f]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s?(.*)$/.exec(line);
      if (!m) continue;
      const size = m[3] as string;
      symbols.push({
        index: Number(m[1]),
        value: BigInt(`0x${m[2]}`),
        size: size.startsWith('0x') ? BigInt(size) : BigInt(size),
        type: m[4] as string,
        bind: m[5] as string,
        vis: m[6] as string,
        ndx: m[7] as string,
        name: m[8] ?? '',
      });
    } else if (mode === 'relocs') {
      const m = /^([0-9a-f]{16})\s+([0-9a-f]{16})\s+(\S+)(?:\s+[0-9a-f]{16}\s+(.*))?\s*$/.exec(line);
      if (!m) continue;
      current.push({ offset: BigInt(`0x${m[1]}`), info: BigInt(`0x${m[2]}`), type: m[3] as string, symbol: (m[4] ?? '').trim() });
    }
  }
  return { sections, symbols, relocs };
}
