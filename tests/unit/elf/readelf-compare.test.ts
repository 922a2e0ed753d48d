// The ELF reader against the real tool: for every available eBPF object, the sections, symbols and
// relocations readElf decodes must be what `llvm-readelf -S -s -r` (LLVM 14 here) prints.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readElf, type ElfFile, type ElfSymbol } from '@bpflc/sim';
import { availableObjects, shortName } from './objects.ts';
import { parseReadelf } from './readelf-text.ts';

function readelfVersion(): string | undefined {
  try {
    return /LLVM version (\S+)/.exec(execFileSync('llvm-readelf', ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}
const version = readelfVersion();
if (!version) console.warn('tests/unit/elf/readelf-compare: llvm-readelf is not installed, so the comparison with it is skipped (apt-get install llvm).');

const short = (s: string, prefix: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s);
const ndx = (y: ElfSymbol) => (y.shndx === 0 ? 'UND' : y.shndx === 0xfff1 ? 'ABS' : y.shndx === 0xfff2 ? 'COM' : String(y.sectionIndex));
// llvm-readelf shows a section symbol by its section's name.
const symName = (y: ElfSymbol) => (y.typeName === 'STT_SECTION' && y.name === '' ? y.sectionName : y.name);

function load(path: string): ElfFile {
  const r = readElf(new Uint8Array(readFileSync(path)));
  if (!r.ok) throw new Error(`${shortName(path)}: ${r.error.message}`);
  return r.value;
}

describe.skipIf(!version)(`readElf vs llvm-readelf ${version ?? '(not installed)'}`, () => {
  const objects = availableObjects();
  it('has objects to compare', () => expect(objects.length).toBeGreaterThan(0));

  for (const path of objects) {
    it(shortName(path), () => {
      const elf = load(path);
      const real = parseReadelf(execFileSync('llvm-readelf', ['-S', '-s', '-r', path], { encoding: 'utf8', maxBuffer: 64 << 20 }));

      expect(elf.sections.map((s) => ({ index: s.index, name: s.name, type: short(s.typeName, 'SHT_'), offset: s.offset, size: s.size, entsize: s.entsize, flags: s.flagLetters, link: s.link, info: s.info, align: s.addralign })))
        .toEqual(real.sections);

      expect(elf.symbols.map((y) => ({ index: y.index, value: y.value, size: y.size, type: short(y.typeName, 'STT_'), bind: short(y.bindName, 'STB_'), vis: short(y.visibilityName, 'STV_'), ndx: ndx(y), name: symName(y) })))
        .toEqual(real.symbols);

      expect(elf.relocationSections.map((rs) => rs.name)).toEqual([...real.relocs.keys()]);
      for (const rs of elf.relocationSections) {
        expect(rs.targetName).toBe(rs.name.replace(/^\.rel/, ''));
        expect(rs.relocations.map((r) => ({ offset: r.offset, info: r.info, type: r.typeName, symbol: r.symbol ? symName(r.symbol) : '' })), rs.name)
          .toEqual(real.relocs.get(rs.name));
      }
    });
  }
});
