// bpf-to-bpf calls: the kernel loads one instruction array per program, so the functions a program calls (in
// .text) are appended after it and each call's imm is rewritten to the distance to its callee, as libbpf 1.1's
// bpf_object__reloc_code does: walk the program's instructions in order, append a callee the first time it is
// called (then walk the callee, depth first), and point every call at the callee's copy.
//   call pc+imm (src_reg BPF_PSEUDO_CALL)  or  ld_imm64 rX = &func (src_reg BPF_PSEUDO_FUNC, callbacks)
// A call with an ELF relocation names its target by symbol; one without (a static callee in the same section)
// by its own imm.
import { BPF_PSEUDO } from '@bpflc/sim/abi/uapi.gen';
import type { ObjectSpec, ProgramSpec, RelocationSpec } from '@bpflc/sim/object/index';
import { err, ok, type Result } from '@bpflc/sim/result';
import { CALL, LD_IMM64, code, imm, setImm, setSrc, src } from './insn-buf.ts';

export interface Placed {
  prog: ProgramSpec;
  /** First slot of this function in the image. */
  slot: number;
}

export interface Linked {
  image: Buffer;
  /** The program itself first, then its callees in the order they were appended. */
  placed: Placed[];
  /** One line per rewritten call, for the step event. */
  calls: string[];
}

const findRelo = (spec: ObjectSpec, p: ProgramSpec, idx: number): RelocationSpec | undefined =>
  spec.relocations.find((r) => r.kind !== 'core' && r.program === p.name && r.section === p.section && r.insnIndex === idx);

/** Builds the image of `main` from the (CO-RE patched) per-function instructions in `insns`. */
export function linkSubprogs(spec: ObjectSpec, main: ProgramSpec, insns: ReadonlyMap<ProgramSpec, Buffer>): Result<Linked, string> {
  const textIndex = spec.sections.find((s) => s.role === 'subprograms')?.index;
  const textFuncs = spec.programs.filter((p) => p.sectionIndex === textIndex);
  const parts = new Map<ProgramSpec, Buffer>([[main, Buffer.from(insns.get(main) ?? main.insns)]]);
  const placed: Placed[] = [{ prog: main, slot: 0 }];
  const calls: string[] = [];
  let length = main.insnCount;
  const slotOf = (p: ProgramSpec): number | undefined => placed.find((x) => x.prog === p)?.slot;

  const walk = (prog: ProgramSpec, depth: number): Result<void, string> => {
    if (depth > 256) return err(`calls nest deeper than 256 functions from ${main.name}`);
    const buf = parts.get(prog)!;
    const base = slotOf(prog)!;
    for (let idx = 0; idx < prog.insnCount; idx++) {
      const c = code(buf, idx);
      const isCall = c === CALL && src(buf, idx) === BPF_PSEUDO.BPF_PSEUDO_CALL;
      if (!isCall && c !== LD_IMM64) continue;
      const relo = findRelo(spec, prog, idx);
      // clang leaves src_reg 0 in `rX = &func`; libbpf marks it BPF_PSEUDO_FUNC before linking.
      if (c === LD_IMM64 && relo?.kind === 'subprog-addr') setSrc(buf, idx, BPF_PSEUDO.BPF_PSEUDO_FUNC);
      const isFunc = c === LD_IMM64 && src(buf, idx) === BPF_PSEUDO.BPF_PSEUDO_FUNC;
      if (!isCall && !isFunc) continue;
      if (relo?.kind === 'extern-ksym') continue; // a kfunc call: not a subprogram
      let target: number;
      if (relo) {
        if (relo.kind !== 'subprog-call' && relo.kind !== 'subprog-addr') return err(`${prog.name} insn ${idx}: a call carries a ${relo.kind} relocation`);
        target = relo.targetSlot;
      } else if (isFunc) {
        return err(`${prog.name} insn ${idx}: the address of a function without a relocation`);
      } else {
        target = prog.offset + idx + imm(buf, idx) + 1;
      }
      const callee = textFuncs.find((p) => p.offset <= target && target < p.offset + p.insnCount);
      if (!callee) return err(`${prog.name} insn ${idx}: no function in .text at slot ${target}`);
      if (slotOf(callee) === undefined) {
        placed.push({ prog: callee, slot: length });
        parts.set(callee, Buffer.from(insns.get(callee) ?? callee.insns));
        length += callee.insnCount;
        const r = walk(callee, depth + 1);
        if (!r.ok) return r;
      }
      const rel = slotOf(callee)! + (target - callee.offset) - (base + idx) - 1;
      setImm(buf, idx, rel);
      calls.push(`insn ${base + idx}: ${isCall ? 'call' : 'address of'} ${callee.name} → pc${rel >= 0 ? '+' : ''}${rel} (slot ${slotOf(callee)! + (target - callee.offset)})`);
    }
    return ok(undefined);
  };
  const r = walk(main, 0);
  if (!r.ok) return r;
  const image = Buffer.concat(placed.map((x) => parts.get(x.prog)!));
  return ok({ image, placed, calls });
}
