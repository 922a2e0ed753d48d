// `bpflc disasm -S` (source lines from BTF line_info) against `llvm-objdump -S` (LLVM 14.0.6: DWARF rows + the
// source file), on every committed object that still has DWARF (.debug_line), objdump run where the source
// resolves (DW_AT_comp_dir is "."; the sources sit one folder above build/). Three checks per object:
//   1. the printer fed the object's own DWARF rows prints exactly what objdump -S prints (so the layout rules,
//      line 0, repeats across symbols and sections, are objdump's);
//   2. where the BTF rows and the DWARF rows differ for an instruction, the difference is one of three known
//      causes, nothing else: a function entry whose first instruction has no debug location (BTFDebug then
//      records the declaration line, column 0, DWARF the scope line "{"); a line-0 row on one side only
//      (DwarfDebug writes line 0 for instructions without a location at block starts; BTFDebug writes a
//      record only for an explicit line-0 location); an empty inline asm (OPAQUE(x) of
//      tests/programs/c/common.h): DwarfDebug gives the zero-size asm statement a row, which then covers the
//      next instruction, while BTFDebug skips asm statements whose string is empty;
//   3. the agreement of the BTF output with objdump's, in objects and in printed source lines (logged).
import { spawnSync } from 'node:child_process';
import { dirname, normalize, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { llvmObjdump } from '../../../sim/src/disasm/llvm-objdump.ts';
import { btfSourceLines, rowAt, type SourceRow } from '../../../sim/src/disasm/btf-lines.ts';
import { disassembleObject } from '../../../sim/src/disasm/object.ts';
import { readBtfFromElf } from '../../../sim/src/btf/source.ts';
import { repoObjects, repoPath } from '../../repo-objects.ts';
import { dwarfRows, dwarfTable, loadRepoElf as load, objdump14 as live } from './dwarf-lines.ts';

const withDwarf = repoObjects().filter((obj) => load(obj).sections.some((s) => s.name === '.debug_line'));

/** content/examples/<slug>/build/x.o → content/examples/<slug>; tests/programs/build/x.o → tests/programs. */
const cwdOf = (obj: string): string => repoPath(dirname(dirname(obj)));

/** The "; " lines of an objdump text keyed by section and instruction slot, e.g. "tp/x#2" → "\tif (pid != my_pid)". */
function sourceBySlot(text: string): Map<string, string> {
  const m = new Map<string, string>();
  let section = '';
  let pending: string | undefined;
  for (const l of text.split('\n')) {
    const s = /^Disassembly of section (.*):$/.exec(l);
    if (s) section = s[1] as string;
    else if (l.startsWith('; ')) pending = l.slice(2);
    else {
      const insn = /^\s*(\d+):\t/.exec(l);
      if (insn && pending !== undefined) {
        m.set(`${section}#${insn[1]}`, pending);
        pending = undefined;
      }
    }
  }
  return m;
}

const tally = { objects: 0, identical: 0, realLines: 0, matchedLines: 0, otherText: 0, extraLines: 0, causes: { entry: 0, line0: 0, emptyAsm: 0 }, differing: [] as string[] };

describe.skipIf(!live)('bpflc disasm -S vs llvm-objdump -S (LLVM 14.0.6)', () => {
  it('finds the objects with DWARF (examples\' .tmp.bpf.o and the C test programs)', () => {
    expect(withDwarf.length).toBeGreaterThanOrEqual(20);
    expect(withDwarf).toContain('content/examples/minimal/build/minimal.tmp.bpf.o');
    expect(withDwarf).not.toContain('content/examples/minimal/build/minimal.bpf.o');
  });

  for (const obj of withDwarf) {
    it(obj, () => {
      const elf = load(obj);
      const cwd = cwdOf(obj);
      const arg = relative(cwd, repoPath(obj));
      const real = spawnSync('llvm-objdump', ['-S', arg], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(real.status).toBe(0);
      expect(real.stderr, 'objdump found every source file').toBe('');

      // 1. The printer's rules, fed DWARF rows.
      const drows = dwarfRows(arg, elf, cwd);
      const viaDwarf = llvmObjdump(elf, arg, { source: dwarfTable(drows) });
      expect(viaDwarf.ok && viaDwarf.value).toBe(real.stdout);

      // 2. BTF rows vs DWARF rows, instruction by instruction.
      const btf = btfSourceLines(elf);
      expect(btf.ok, btf.ok ? '' : btf.error.message).toBe(true);
      if (!btf.ok) return;
      expect(btf.value.unmatched).toBe(0);
      const ext = readBtfFromElf(elf);
      const entries = new Set<string>();
      if (ext.ok) for (const b of ext.value.ext?.funcInfo ?? []) for (const f of b.records) entries.add(`${b.secName}#${f.insnOff}`);
      const sections = disassembleObject(elf);
      if (!sections.ok) throw new Error(sections.error.message);
      const unexplained: string[] = [];
      for (const s of sections.value) {
        const brows = btf.value.sections.get(s.index) ?? [];
        const dlist = drows.filter((r) => r.section === s.index).sort((a, b) => a.byteOff - b.byteOff);
        for (const insn of s.insns) {
          const off = insn.byteOffset as number;
          const b = rowAt(brows, off);
          const d = rowAt(dlist, off);
          const same = (x: SourceRow | undefined, y: SourceRow | undefined): boolean =>
            x === y || (x !== undefined && y !== undefined && x.lineNum === y.lineNum && normalize(x.fileName) === normalize(y.fileName));
          if (same(b, d)) continue;
          if (b && d && b.lineNum === 0 !== (d.lineNum === 0)) {
            tally.causes.line0++;
            continue;
          }
          // The BTFDebug fallback record: at a func_info offset, column 0 (DWARF: the scope line "{" after it).
          if (b && d && entries.has(`${s.name}#${b.byteOff}`) && b.col === 0 && d.lineNum > b.lineNum && d.text.trim() === '{') {
            tally.causes.entry++;
            continue;
          }
          // DWARF's row is the location of an empty asm statement (its column points at the OPAQUE macro).
          if (d && d.lineNum > 0 && d.text.slice(d.col - 1).startsWith('OPAQUE(')) {
            tally.causes.emptyAsm++;
            continue;
          }
          unexplained.push(`${s.name}+${off}: BTF ${b ? `${b.fileName}:${b.lineNum}` : 'none'} vs DWARF ${d ? `${d.fileName}:${d.lineNum}:${d.col}` : 'none'}`);
        }
      }
      expect(unexplained).toEqual([]);

      // 3. Agreement of what is printed.
      const ours = llvmObjdump(elf, arg, { source: btf.value });
      if (!ours.ok) throw new Error(ours.error.message);
      expect(ours.value.split('\n').filter((l) => !l.startsWith('; ')).join('\n'), 'the -d lines are untouched').toBe(real.stdout.split('\n').filter((l) => !l.startsWith('; ')).join('\n'));
      const realLines = sourceBySlot(real.stdout);
      const ourLines = sourceBySlot(ours.value);
      tally.objects++;
      if (ours.value === real.stdout) tally.identical++;
      else tally.differing.push(obj);
      tally.realLines += realLines.size;
      for (const [k, t] of realLines) {
        const o = ourLines.get(k);
        if (o === t) tally.matchedLines++;
        else if (o !== undefined) tally.otherText++;
      }
      for (const k of ourLines.keys()) if (!realLines.has(k)) tally.extraLines++;
    });
  }

  afterAll(() => {
    if (tally.objects === 0) return;
    console.log(`bpflc disasm -S vs llvm-objdump -S: ${tally.identical}/${tally.objects} objects byte-identical; `
      + `${tally.matchedLines}/${tally.realLines} objdump source lines printed by bpflc at the same instruction with the same text (${tally.otherText} with another line there), `
      + `${tally.extraLines} printed only by bpflc; differing instruction rows: ${tally.causes.entry} function-entry, ${tally.causes.line0} line-0, ${tally.causes.emptyAsm} empty-asm. `
      + `Differing objects: ${tally.differing.join(', ')}`);
  });
});
