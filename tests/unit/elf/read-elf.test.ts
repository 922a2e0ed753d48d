// The ELF reader's API on real objects: views without copies, both byte orders, the summary of programs,
// maps and license, and its speed on a 5 MB object with 60k instructions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFile, isExecutableSection, readElf, sectionByName, sectionData, summarizeElf, symbolsInSection, type ElfFile } from '@bpflc/sim';
import { repoRoot } from './objects.ts';
import { synthElf } from './synth-elf.ts';

const fixtures = join(repoRoot, 'tests', 'fixtures', 'elf');
function load(name: string): ElfFile {
  const r = readElf(new Uint8Array(readFileSync(join(fixtures, name))));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('readElf on base.bpf.o', () => {
  const elf = load('base.bpf.o');

  it('names the header fields', () => {
    expect(elf.header).toMatchObject({ className: 'ELFCLASS64', dataName: 'ELFDATA2LSB', littleEndian: true, osabiName: 'ELFOSABI_NONE', typeName: 'ET_REL', machine: 247, machineName: 'EM_BPF', version: 1 });
  });

  it('hands out section data as views into the file bytes, not copies', () => {
    const text = sectionByName(elf, 'tp/syscalls/sys_enter_write');
    expect(text && isExecutableSection(text)).toBe(true);
    const data = sectionData(elf, text!);
    expect(data.buffer).toBe(elf.bytes.buffer);
    expect(data.byteOffset).toBe(elf.bytes.byteOffset + text!.offset);
    expect(data.length).toBe(text!.size);
    expect(sectionData(elf, sectionByName(elf, '.bss')!).length).toBe(0); // NOBITS: no file bytes
  });

  it('resolves relocations to symbols, sections and instruction indices', () => {
    const rs = elf.relocationSections.find((r) => r.targetName === 'tp/syscalls/sys_enter_write')!;
    expect(rs.kind).toBe('rel');
    const byName = new Map(rs.relocations.map((r) => [r.symbol?.name || r.symbol?.sectionName, r]));
    expect(byName.get('my_pid')?.typeName).toBe('R_BPF_64_64');
    expect(byName.get('counts')?.symbol?.sectionName).toBe('.maps');
    expect(byName.get('.text')?.typeName).toBe('R_BPF_64_32'); // the call to triple()
    // Every BPF_LD_IMM64 relocation sits on an instruction with opcode 0x18.
    const code = sectionData(elf, elf.sections[rs.targetSectionIndex]!);
    for (const r of rs.relocations.filter((x) => x.typeName === 'R_BPF_64_64')) expect(code[Number(r.offset)]).toBe(0x18);
    for (const r of rs.relocations.filter((x) => x.typeName === 'R_BPF_64_32')) expect(code[Number(r.offset)]).toBe(0x85);
  });

  it('summarizes programs, maps and license', () => {
    const s = summarizeElf(elf);
    expect(s.license).toBe('Dual BSD/GPL');
    const prog = s.programs.find((p) => p.section === 'tp/syscalls/sys_enter_write')!;
    expect(prog.functions.map((f) => f.name)).toEqual(['handle_tp']);
    expect(prog.insnCount).toBe(prog.size / 8);
    expect(s.programs.find((p) => p.section === '.text')?.functions.map((f) => f.name)).toEqual(['triple']);
    expect(Object.fromEntries(s.dataSections.map((d) => [d.section, d.kind]))).toEqual({ '.bss': 'bss', '.data': 'data', '.rodata': 'rodata', '.maps': 'btf-maps' });
    expect(s.dataSections.find((d) => d.kind === 'btf-maps')?.symbols.map((v) => v.name)).toEqual(['counts']);
    expect(s.btf?.size).toBeGreaterThan(0);
    expect(symbolsInSection(elf, sectionByName(elf, '.bss')!.index).map((y) => y.name)).toEqual(['my_pid']);
  });
});

describe('big-endian objects (clang -target bpfeb)', () => {
  it('decode to the same sections, symbols and relocations as the little-endian build', () => {
    const le = load('base.bpf.o');
    const be = load('base-eb.bpf.o');
    expect(be.header).toMatchObject({ dataName: 'ELFDATA2MSB', littleEndian: false, machineName: 'EM_BPF' });
    const shape = (e: ElfFile) => ({
      sections: e.sections.filter((s) => !s.name.startsWith('.debug') && !s.name.startsWith('.rel.debug')).map((s) => [s.name, s.typeName, s.flagLetters]),
      symbols: e.symbols.filter((y) => !y.sectionName.startsWith('.debug')).map((y) => [y.name, y.bindName, y.typeName, y.sectionName, y.size]).sort(),
      code: e.relocationSections.filter((r) => !r.name.startsWith('.rel.debug')).map((r) => [r.name, r.relocations.map((x) => [x.offset, x.typeName, x.symbol?.name])]),
    });
    expect(shape(be)).toEqual(shape(le));
    expect(summarizeElf(be).license).toBe('Dual BSD/GPL');
    expect(describeFile(be)).toMatch(/^ELF 64-bit MSB relocatable, eBPF/);
  });
});

describe('speed', () => {
  it('reads a 5 MB object with 60k instructions and 130k relocations in a few ms', () => {
    const bytes = synthElf({ insns: 60_000, functions: 2_000, maps: 64, debugBytes: 4_000_000 });
    expect(bytes.length).toBeGreaterThan(5_000_000);
    const times: number[] = [];
    let elf: ElfFile | undefined;
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const r = readElf(bytes);
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.error.message);
      elf = r.value;
    }
    const first = times[0]!;
    const median = [...times].sort((a, b) => a - b)[3]!;
    // Decoding every symbol and relocation is the lazy part, measured separately.
    const t0 = performance.now();
    const relocs = elf!.relocationSections.reduce((n, s) => n + s.relocations.length, 0);
    const decodeMs = performance.now() - t0;
    console.log(`readElf on ${(bytes.length / 1e6).toFixed(1)} MB: first ${first.toFixed(1)} ms, median ${median.toFixed(2)} ms; decoding all ${relocs} relocations ${decodeMs.toFixed(1)} ms`);
    expect(elf!.symbols.filter((y) => y.typeName === 'STT_FUNC')).toHaveLength(2_000);
    expect(relocs).toBe(7_500 + 125_000);
    expect(median).toBeLessThan(25); // a few ms on an idle machine; headroom for a loaded CI box
    expect(first).toBeLessThan(100);
  });

  it('is checked by llvm-readelf too (the synthetic object is a valid ELF)', () => {
    let ok = true;
    try {
      execFileSync('llvm-readelf', ['--version'], { stdio: 'ignore' });
    } catch {
      ok = false;
    }
    if (!ok) return;
    const bytes = synthElf({ insns: 200, functions: 4, maps: 2, debugBytes: 512 });
    const dir = mkdtempSync(join(tmpdir(), 'bpflc-synth-'));
    const path = join(dir, 'synth.o');
    writeFileSync(path, bytes);
    const out = execFileSync('llvm-readelf', ['-S', '-r', path], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(out).toContain('.reltp/syscalls/sys_enter_write');
    expect(out).toMatch(/Relocation section '\.rel\.debug_info' at offset 0x[0-9a-f]+ contains 16 entries/);
  });
});
