// Flattens a code section into list rows: a label row per symbol, one row per 8-byte slot (the second slot of
// an ld_imm64 gets a continuation row, so the slot column counts what jumps and the verifier count).
import type { BytecodeInsn, BytecodeSection } from '../../worker/analyze.ts';

export type Row =
  | { kind: 'label'; name: string }
  | { kind: 'insn'; insn: BytecodeInsn; insnIndex: number }
  | { kind: 'hi'; insn: BytecodeInsn; slot: number };

export function sectionRows(section: BytecodeSection): Row[] {
  const rows: Row[] = [];
  section.insns.forEach((insn, insnIndex) => {
    for (const name of insn.labels) rows.push({ kind: 'label', name });
    rows.push({ kind: 'insn', insn, insnIndex });
    if (insn.hex.length > 16) rows.push({ kind: 'hi', insn, slot: insn.slot + 1 });
  });
  return rows;
}

/** Row index of the instruction at `slot` (or of the instruction owning that slot). */
export function rowOfSlot(rows: readonly Row[], slot: number): number {
  return rows.findIndex((r) => (r.kind === 'insn' && r.insn.slot === slot) || (r.kind === 'hi' && r.slot === slot));
}

export function slotCount(section: BytecodeSection): number {
  return section.insns.reduce((n, i) => n + i.hex.length / 16, 0);
}
