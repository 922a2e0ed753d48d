// The kernel printer against the real kernel (goldens recorded by scripts/update-goldens.ts kernel, each
// naming its kernel and bpftool version):
//  - `bpftool prog dump xlated`: every instruction line, printed from the recorded xlated bytes with the
//    bpftool symbolizer (helper names from the recorded kallsyms lookups; pseudo calls: bpftool appends
//    "#<jited symbol>", which we do not model, so those lines are checked up to that suffix);
//  - the verifier log of the running kernel ("Live regs before insn"): each line while the xlated code is
//    still the code the verifier saw (same opcode, no rewrite before it), helper calls with the id looked
//    up from the kallsyms name, and ld_imm64 map pointers up to the address the kernel printed;
//    for programs the verifier rejected, and for tests/programs/asm/asm-kernel-v4.s (cpu v4, BPF_ST, jset,
//    32-bit fetch atomics, may_goto), the object's own instructions (slots without relocations).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BPF_FUNC_ID } from '../../../sim/src/abi/uapi.gen.ts';
import { readElf } from '../../../sim/src/elf/index.ts';
import { sectionData } from '../../../sim/src/elf/read.ts';
import { decode } from '../../../sim/src/isa/decode.ts';
import type { Insn } from '../../../sim/src/isa/insn.ts';
import { kernelInsnText } from '../../../sim/src/isa/print-kernel.ts';
import { bpftoolXlatedSymbolizer } from '../../../sim/src/isa/symbolizers.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DIR = join(ROOT, 'tests/golden/disasm/kernel');

interface Golden {
  kernel: string;
  bpftool: string;
  object: string;
  program: string;
  loaded: boolean;
  verifierLiveRegs: Array<{ slot: number; text: string }>;
  xlated?: string[];
  callNames?: Record<string, string>;
  bpftoolXlated?: string[];
}

const hexBytes = (slots: string[]): Uint8Array => new Uint8Array(slots.join('').match(/../g)!.map((h) => parseInt(h, 16)));
const bySlot = (insns: Insn[]): Map<number, Insn> => new Map(insns.map((i) => [i.slot as number, i]));

// bpftool 7.1 (libbpf 1.1) prints with its own copy of kernel/bpf/disasm.c, from Linux 6.2.
const BPFTOOL_7_1 = { version: [6, 2] as const };

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

// Lines of the verifier's listing, printed from the xlated bytes while they are still what the verifier saw:
// stop at the first opcode that differs or the first call the verifier redirected (an inlined or
// specialised helper such as __htab_map_lookup_elem), after which slots shift.
function checkAgainstXlated(g: Golden): number {
  const insns = bySlot(decode(hexBytes(g.xlated as string[])));
  let checked = 0;
  for (const { slot, text } of g.verifierLiveRegs) {
    const insn = insns.get(slot);
    if (!insn || text.slice(1, 3) !== insn.code.toString(16).padStart(2, '0')) break;
    if (insn.code === 0x85 && insn.src === 0) {
      const name = g.callNames?.[String(slot)];
      const id = name === undefined ? undefined : (BPF_FUNC_ID as Record<string, number>)[name];
      if (id === undefined) break;
      expect(kernelInsnText({ ...insn, imm: id })).toBe(text);
    } else if (insn.code === 0x85 && insn.src === 1) {
      expect(kernelInsnText({ ...insn, imm: insn.off })).toBe(text); // xlated keeps the offset in off
    } else if (insn.code === 0x18 && insn.src !== 0) {
      expect(text.startsWith(`(18) r${insn.dst} = 0x`), text).toBe(true);
    } else {
      expect(kernelInsnText(insn)).toBe(text);
    }
    checked++;
  }
  return checked;
}

function checkAgainstObject(g: Golden): number {
  const elf = readElf(new Uint8Array(readFileSync(join(ROOT, g.object))));
  if (!elf.ok) throw new Error(elf.error.message);
  const fn = elf.value.symbols.find((s) => s.name === g.program && s.type === 2);
  const sec = elf.value.sections[fn?.sectionIndex ?? -1];
  if (!sec) throw new Error(`no section for ${g.program}`);
  const insns = bySlot(decode(sectionData(elf.value, sec), { littleEndian: elf.value.header.littleEndian }));
  const rs = elf.value.relocationSections.find((r) => r.targetSectionIndex === sec.index);
  const relocated = new Set((rs?.relocations ?? []).map((r) => Number(r.offset) / 8));
  let checked = 0;
  for (const { slot, text } of g.verifierLiveRegs) {
    const insn = insns.get(slot);
    if (!insn || text.slice(1, 3) !== insn.code.toString(16).padStart(2, '0')) break;
    if (relocated.has(slot)) continue;
    expect(kernelInsnText(insn)).toBe(text);
    checked++;
  }
  return checked;
}

describe('kernel printer == the kernel', () => {
  it('has recordings', () => expect(files.length).toBeGreaterThan(3));

  for (const f of files) {
    const g = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Golden;

    if (g.xlated && g.bpftoolXlated) {
      it(`${f}: bpftool prog dump xlated (${g.bpftool})`, () => {
        const insns = bySlot(decode(hexBytes(g.xlated as string[])));
        const names = g.callNames ?? {};
        const sym = bpftoolXlatedSymbolizer((_imm, insn) => names[String((insn as Insn).slot)]);
        let checked = 0;
        for (const line of g.bpftoolXlated as string[]) {
          const m = /^\s*(\d+): (.*)$/.exec(line);
          if (!m) continue;
          const insn = insns.get(Number(m[1]));
          expect(insn, line).toBeDefined();
          const mine = `${String(m[1]).padStart(4)}: ${kernelInsnText(insn as Insn, sym, BPFTOOL_7_1)}`;
          if ((insn as Insn).code === 0x85 && (insn as Insn).src === 1) expect(line.startsWith(`${mine}#`), `${line}\n${mine}`).toBe(true);
          else expect(mine).toBe(line);
          checked++;
        }
        expect(checked).toBe(g.bpftoolXlated?.length);
      });
    }

    it(`${f}: verifier log of kernel ${g.kernel}`, () => {
      expect(g.verifierLiveRegs.length).toBeGreaterThan(0);
      let checked = g.xlated ? checkAgainstXlated(g) : 0;
      // Rejected programs, and programs whose first instruction the verifier already rewrote (ctx access
      // conversion): compare with the object's own instructions, skipping slots with relocations.
      // Hand-written test programs (no CO-RE, no relocations) are compared with the object as well.
      if (checked === 0 || g.object.startsWith('tests/programs/')) checked += checkAgainstObject(g);
      expect(checked).toBeGreaterThan(0);
    });
  }
});
