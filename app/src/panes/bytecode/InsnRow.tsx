// One row of the Bytecode table: slot, the 8 bytes grouped by field (opcode byte highlighted), the opcode's
// name, the fields, and the instruction in llvm-objdump or verifier-log syntax.
import type { Syntax } from '../../store/state.ts';
import type { BytecodeInsn } from '../../worker/analyze.ts';
import { opcodeName } from '../../explain/insn-fields.ts';
import type { Row } from './rows.ts';
import { SourceLineRow } from './SourceLineRow.tsx';

export const ROW_H = 26;

/** "b7 01 0000 00000000" split into opcode | regs | off | imm, byte by byte. */
function Bytes({ hex, part }: { hex: string; part: 0 | 1 }) {
  const b = hex.slice(part * 16, part * 16 + 16).match(/../g) ?? [];
  return (
    <span className="bytes">
      <span className={part === 0 ? 'bytes__op' : 'bytes__zero'} title={part === 0 ? 'opcode' : 'opcode (0 in the second slot)'}>{b[0]}</span>
      <span className="bytes__regs" title="registers: src (high nibble), dst (low nibble)">{b[1]}</span>
      <span className="bytes__off" title="off (16-bit, little-endian)">{b.slice(2, 4).join(' ')}</span>
      <span className="bytes__imm" title="imm (32-bit, little-endian)">{b.slice(4, 8).join(' ')}</span>
    </span>
  );
}

interface Props {
  row: Row;
  /** What the relocation at this instruction names: the symbol, or the section of a section symbol. */
  relocTarget: string | undefined;
  syntax: Syntax;
  active: boolean;
  focused: boolean;
  onHover: (insn: BytecodeInsn | null) => void;
  onPick: (insn: BytecodeInsn) => void;
}

export function InsnRow({ row, relocTarget, syntax, active, focused, onHover, onPick }: Props) {
  if (row.kind === 'src') return <SourceLineRow line={row.line} height={ROW_H} />;
  if (row.kind === 'label')
    return (
      <div className="insn-row insn-row--label" style={{ height: ROW_H }}>
        <span className="insn-label">{row.name}:</span>
      </div>
    );
  const i = row.insn;
  const cls = `insn-row${active ? ' is-active' : ''}${focused ? ' is-focused' : ''}${row.kind === 'hi' ? ' insn-row--hi' : ''}`;
  const events = { onMouseEnter: () => onHover(i), onClick: () => onPick(i) };
  if (row.kind === 'hi')
    return (
      <div className={cls} style={{ height: ROW_H }} data-slot={row.slot} {...events}>
        <span className="c-slot">{row.slot}</span>
        <Bytes hex={i.hex} part={1} />
        <span className="c-op muted">(second slot)</span>
        <span className="c-f" />
        <span className="c-f" />
        <span className="c-f" />
        <span className="c-imm">{i.hiImm ?? 0}</span>
        <span className="c-text muted">upper 32 bits of the ld_imm64 value</span>
      </div>
    );
  return (
    <div className={cls} style={{ height: ROW_H }} data-slot={i.slot} data-insn={row.insnIndex} {...events}>
      <span className="c-slot">{i.slot}</span>
      <Bytes hex={i.hex} part={0} />
      <span className="c-op" title={`opcode 0x${i.code.toString(16).padStart(2, '0')}`}>{opcodeName(i.code)}</span>
      <span className="c-f">r{i.dst}</span>
      <span className="c-f">r{i.src}</span>
      <span className="c-f">{i.off}</span>
      <span className="c-imm">{i.imm}</span>
      <span className="c-text" data-testid="insn-text">
        {syntax === 'llvm' ? i.llvm : i.kernel}
        {i.relocation && (
          <span className="reloc-badge" title={`Relocation ${i.relocation.type} against ${relocTarget}: the loader patches this instruction`}>
            {i.relocation.type} → {relocTarget}
          </span>
        )}
      </span>
    </div>
  );
}

export function InsnHeader({ syntax }: { syntax: Syntax }) {
  return (
    <div className="insn-row insn-row--head" style={{ height: ROW_H }}>
      <span className="c-slot">slot</span>
      <span className="bytes">bytes: op regs off imm</span>
      <span className="c-op">opcode</span>
      <span className="c-f">dst</span>
      <span className="c-f">src</span>
      <span className="c-f">off</span>
      <span className="c-imm">imm</span>
      <span className="c-text">{syntax === 'llvm' ? 'llvm-objdump -d' : 'kernel (verifier log)'}</span>
    </div>
  );
}
