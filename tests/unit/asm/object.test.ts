// What an assembled object looks like to the rest of the project and to the real tools: readElf and
// readObjectSpec see the program, the BTF-defined map, the relocations and the license; llvm-objdump 14
// (live, when installed) disassembles it exactly as bpflc disasm does and reads its -r output back; and the
// hand-written assembly corpus (tests/programs/asm/*.s) assembles to what clang 14 made of it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { llvmObjdump, readObjectSpec, sectionData, type ElfFile } from '@bpflc/sim';
import { codeSections, hex, loadElf, mustAssemble, repoRoot, toolVersion } from './helpers.ts';

const fixtures = join(repoRoot, 'tests', 'fixtures', 'asm');
const tmp = mkdtempSync(join(tmpdir(), 'bpflc-asm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const objdump = toolVersion('llvm-objdump');
const readelf = toolVersion('llvm-readelf');

function relocs(elf: ElfFile): string[] {
  return elf.relocationSections.flatMap((rs) =>
    rs.relocations.map((r) => `${rs.targetName}+0x${r.offset.toString(16)} ${r.typeName} ${r.symbol?.name || r.symbol?.sectionName}`),
  );
}

describe('an assembled tracepoint with a hash map', () => {
  const src = readFileSync(join(fixtures, 'tracepoint-map.s'), 'utf8');
  const out = mustAssemble(src);
  const elf = out.elfFile;

  it('has the sections, symbols and relocations clang would write', () => {
    expect(elf.header).toMatchObject({ typeName: 'ET_REL', machineName: 'EM_BPF', littleEndian: true });
    expect(elf.sections.map((s) => `${s.name}:${s.typeName}:${s.flagLetters}`)).toEqual([
      ':SHT_NULL:', '.strtab:SHT_STRTAB:', '.maps:SHT_PROGBITS:WA', 'tp/syscalls/sys_enter_write:SHT_PROGBITS:AX',
      '.reltp/syscalls/sys_enter_write:SHT_REL:I', 'license:SHT_PROGBITS:WA', '.BTF:SHT_PROGBITS:', '.symtab:SHT_SYMTAB:',
    ]);
    const syms = elf.symbols.slice(1).map((s) => `${s.name}:${s.typeName}:${s.bindName}:${s.sectionName}:${s.size}`);
    expect(syms).toEqual([
      'insert:STT_NOTYPE:STB_LOCAL:tp/syscalls/sys_enter_write:0', 'out:STT_NOTYPE:STB_LOCAL:tp/syscalls/sys_enter_write:0',
      'counts:STT_OBJECT:STB_GLOBAL:.maps:32', 'count_writes:STT_FUNC:STB_GLOBAL:tp/syscalls/sys_enter_write:192',
      'LICENSE:STT_OBJECT:STB_GLOBAL:license:4',
    ]);
    expect(relocs(elf)).toEqual([
      'tp/syscalls/sys_enter_write+0x28 R_BPF_64_64 counts', 'tp/syscalls/sys_enter_write+0x90 R_BPF_64_64 counts',
    ]);
  });

  it('reads as an ObjectSpec: one tracepoint program, one hash map, license GPL', () => {
    const spec = readObjectSpec(out.elf);
    if (!spec.ok) throw new Error(spec.error.message);
    expect(spec.value.license).toBe('GPL');
    expect(spec.value.programs.map((p) => [p.name, p.progType, p.insnCount])).toEqual([['count_writes', 'BPF_PROG_TYPE_TRACEPOINT', 24]]);
    expect(spec.value.maps.map((m) => [m.name, m.kind, m.type, m.keySize, m.valueSize, m.maxEntries])).toEqual([
      ['counts', 'btf-defined', 'BPF_MAP_TYPE_HASH', 4, 8, 1024],
    ]);
  });

  it.skipIf(!objdump)(`disassembles with llvm-objdump -d as bpflc disasm prints it (${objdump ?? 'llvm-objdump not installed'})`, () => {
    const path = join(tmp, 'tp.o');
    writeFileSync(path, out.elf);
    const real = execFileSync('llvm-objdump', ['-d', path], { encoding: 'utf8' });
    const ours = llvmObjdump(elf, path);
    expect(ours.ok && ours.value).toBe(real);
    expect(real).toContain('if r0 == 0 goto +3 <insert>');
  });

  it.skipIf(!readelf)(`reads cleanly with llvm-readelf -a (${readelf ?? 'llvm-readelf not installed'})`, () => {
    const path = join(tmp, 'tp2.o');
    writeFileSync(path, out.elf);
    const r = execFileSync('llvm-readelf', ['-a', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r).toContain('Relocation section \'.reltp/syscalls/sys_enter_write\' at offset');
    expect(r).not.toMatch(/warning/i);
  });
});

describe.skipIf(!objdump)('llvm-objdump -d -r output assembles back with its relocations', () => {
  const objects = ['content/examples/minimal/build/minimal.tmp.bpf.o', 'content/examples/subprog-loop/build/subprog_loop.tmp.bpf.o', 'tests/programs/build/c-calls.bpf.o', 'tests/programs/build/c-multi-section.bpf.o'];
  for (const rel of objects) {
    const path = join(repoRoot, rel);
    it.skipIf(!existsSync(path))(rel, () => {
      const orig = loadElf(path);
      const text = execFileSync('llvm-objdump', ['-d', '-r', path], { encoding: 'utf8' });
      const out = mustAssemble(text);
      for (const [name, bytes] of codeSections(orig)) expect(hex(codeSections(out.elfFile).get(name) as Uint8Array), name).toBe(hex(bytes));
      // Same relocations (offset, type, symbol) on code; undefined symbols stand in for data not in the listing.
      const code = new Set(codeSections(orig).keys());
      expect(relocs(out.elfFile)).toEqual(relocs(orig).filter((r) => code.has(r.slice(0, r.indexOf('+')))));
    });
  }
});

// tests/programs/asm/*.s were assembled by clang 14 (tests/programs/asm/build.sh); ours must match section by
// section. Symbol types may differ by design (clang leaves unmarked labels STT_NOTYPE; libbpf needs STT_FUNC).
describe('the hand-written assembly corpus: ours vs clang 14', () => {
  const dir = join(repoRoot, 'tests', 'programs', 'asm');
  const sources = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.s')).sort() : [];
  it.skipIf(sources.length > 0)('has no corpus here', () => undefined);
  for (const f of sources) {
    const clangObj = join(repoRoot, 'tests', 'programs', 'build', f.replace(/\.s$/, '.o'));
    it.skipIf(!existsSync(clangObj))(f, () => {
      const theirs = loadElf(clangObj);
      const ours = mustAssemble(readFileSync(join(dir, f), 'utf8'), theirs.header.littleEndian).elfFile;
      for (const s of theirs.sections) {
        if (s.typeName !== 'SHT_PROGBITS' && s.typeName !== 'SHT_NOBITS') continue;
        const mine = ours.sections.find((x) => x.name === s.name);
        if (!mine && s.size === 0) continue; // clang keeps an empty .text in every object
        expect(mine, s.name).toBeDefined();
        expect([mine?.typeName, mine?.flagLetters, mine?.size], s.name).toEqual([s.typeName, s.flagLetters, s.size]);
        expect(hex(sectionData(ours, mine!)), s.name).toBe(hex(sectionData(theirs, s)));
      }
      expect(relocs(ours)).toEqual(relocs(theirs));
    });
  }
});
