// Flattens a code section into list rows: a label row per symbol, one row per 8-byte slot (the second slot of
// an ld_imm64 gets a continuation row, so the slot column counts what jumps and the verifier count).
// With line_info, a source row (the C line, as `llvm-objdump -S` prints it) precedes the instructions it produced.
import type { BytecodeInsn, BytecodeSection, SourceLine } from '../../worker/analyze.ts';

export type Row =
  | { kind: 'label'; name: string }
  | { kind: 'src'; line: SourceLine }
  | { kind: 'insn'; insn: BytecodeInsn; insnIndex: number }
  | { kind: 'hi'; insn: BytecodeInsn; slot: number };

export function sectionRows(section: BytecodeSection, lines: readonly SourceLine[] = []): Row[] {
  const rows: Row[] = [];
  const bySlot = new Map(lines.map((l) => [l.slot, l]));
  let last = '';
  section.insns.forEach((insn, insnIndex) => {
    for (const name of insn.labels) rows.push({ kind: 'label', name });
    const src = bySlot.get(insn.slot);
    // Like llvm-objdump -S: a line is printed again only when it changes.
    const key = src ? `${src.file}:${src.lineNum}` : '';
    if (src && key !== last) rows.push({ kind: 'src', line: src });
    if (src) last = key;
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
