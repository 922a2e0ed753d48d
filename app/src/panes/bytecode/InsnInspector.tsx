// The field-by-field explanation of the hovered (or pinned) instruction: its bytes as a labelled diagram,
// the opcode byte's sub-fields, then dst/src/off/imm and both texts.
import type { ReactNode } from 'react';
import type { BytecodeInsn } from '../../worker/analyze.ts';
import { fieldNotes, opcodeName, opcodeParts } from '../../explain/insn-fields.ts';

export function InsnInspector({ insn, pinned, source }: { insn: BytecodeInsn | null; pinned: boolean; source?: ReactNode }) {
  if (!insn) return <aside className="inspector muted">Hover an instruction to see its fields.</aside>;
  const b = insn.hex.slice(0, 16).match(/../g) ?? [];
  return (
    <aside className="inspector" data-testid="insn-inspector" aria-live="polite">
      <h4>
        slot {insn.slot} · byte offset {insn.byteOffset} {pinned && <span className="chip">pinned</span>}
      </h4>
      <div className="enc" aria-label="Encoding">
        <div className="enc__cell enc__cell--op"><span>{b[0]}</span><small>opcode</small></div>
        <div className="enc__cell enc__cell--regs"><span>{b[1]}</span><small>src·dst</small></div>
        <div className="enc__cell enc__cell--off"><span>{b.slice(2, 4).join(' ')}</span><small>off</small></div>
        <div className="enc__cell enc__cell--imm"><span>{b.slice(4, 8).join(' ')}</span><small>imm</small></div>
      </div>
      <p className="inspector__op mono">{opcodeName(insn.code)}</p>
      <table className="inspector__table">
        <tbody>
          {opcodeParts(insn.code).map((p) => (
            <tr key={p.field}>
              <th>
                {p.field} <small className="muted">bits {p.bits}</small>
              </th>
              <td className="mono">{p.name}</td>
              <td>{p.meaning}</td>
            </tr>
          ))}
          {fieldNotes(insn).map((n) => (
            <tr key={n.field}>
              <th>{n.field}</th>
              <td className="mono">{n.value}</td>
              <td>{n.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="inspector__texts">
        <dt>llvm-objdump</dt>
        <dd className="mono">{insn.llvm}</dd>
        <dt>kernel</dt>
        <dd className="mono">{insn.kernel}</dd>
        {source}
        {insn.relocation && (
          <>
            <dt>relocation</dt>
            <dd className="mono">
              {insn.relocation.type} {insn.relocation.symbol || '(section symbol)'}
            </dd>
          </>
        )}
      </dl>
    </aside>
  );
}
