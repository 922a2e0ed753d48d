// The Bytecode tab: per code section, every instruction with its encoding, in a virtualized list, and an
// inspector explaining the hovered one. The section is part of the view ("bytecode/<section>") in the URL.
import { useMemo, useState } from 'react';
import type { ObjectAnalysis, BytecodeInsn } from '../../worker/analyze.ts';
import { useAppState, useDispatch } from '../../store/Store.tsx';
import { useSubView } from '../../components/Tabs.tsx';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { Empty, ErrorPanel } from '../../components/Status.tsx';
import { InsnHeader, InsnRow, ROW_H } from './InsnRow.tsx';
import { InsnInspector } from './InsnInspector.tsx';
import { InsnSource, lineOfSlot } from './SourceLineRow.tsx';
import { rowOfSlot, sectionRows, slotCount } from './rows.ts';

export function BytecodeView({ object }: { object: ObjectAnalysis }) {
  const { syntax, focus } = useAppState();
  const dispatch = useDispatch();
  const sub = useSubView('bytecode');
  const [hover, setHover] = useState<BytecodeInsn | null>(null);
  const [picked, setPicked] = useState<{ section: string; slot: number } | null>(null);

  const sections = object.code.kind === 'ok' ? object.code.sections : [];
  // Default: the first program (`.text` holds subprograms, so it comes second to a program section).
  const first = sections.find((s) => s.name !== '.text') ?? sections[0];
  const name = focus?.section ?? sub ?? first?.name;
  const section = sections.find((s) => s.name === name) ?? first;
  const lines = useMemo(() => object.lineInfo.find((l) => l.section === section?.name)?.lines ?? [], [object, section]);
  const rows = useMemo(() => (section ? sectionRows(section, lines) : []), [section, lines]);
  const relocTargets = useMemo(() => {
    const m = new Map<number, string>();
    for (const rs of object.relocationSections)
      if (rs.targetName === section?.name)
        for (const r of rs.relocations) m.set(Number(r.offset / 8n), r.symbol?.name || r.symbol?.sectionName || '?');
    return m;
  }, [object, section]);

  if (object.code.kind === 'error') return <ErrorPanel title="The code could not be disassembled" message={object.code.message} />;
  if (!section) return <Empty>This object has no code sections.</Empty>;

  const focusSlot = focus && focus.section === section.name ? focus.index : null;
  const pinnedSlot = picked?.section === section.name ? picked.slot : focusSlot;
  const pinned = section.insns.find((i) => i.slot === pinnedSlot) ?? null;
  const shown = hover ?? pinned ?? section.insns[0] ?? null;

  return (
    <div className="bytecode">
      <div className="bytecode__bar">
        <div className="seg" role="tablist" aria-label="Code sections">
          {sections.map((s) => (
            <button
              key={s.name}
              role="tab"
              aria-selected={s === section}
              className={`seg__btn mono${s === section ? ' is-on' : ''}`}
              onClick={() => dispatch({ kind: 'set-view', view: `bytecode/${s.name}` })}
            >
              {s.name} <span className="count">{s.insns.length}</span>
            </button>
          ))}
        </div>
        <span className="muted small" data-testid="insn-count">
          {section.insns.length} instructions · {slotCount(section)} slots · {section.size} bytes
        </span>
        <div className="seg" role="group" aria-label="Syntax (s)">
          {(['llvm', 'kernel'] as const).map((s) => (
            <button key={s} className={`seg__btn${syntax === s ? ' is-on' : ''}`} aria-pressed={syntax === s} onClick={() => dispatch({ kind: 'set-syntax', syntax: s })}>
              {s}
            </button>
          ))}
        </div>
      </div>
      <div className="bytecode__main" onMouseLeave={() => setHover(null)}>
        <VirtualRows
          count={rows.length}
          rowHeight={ROW_H}
          scrollTo={focusSlot === null ? null : rowOfSlot(rows, focusSlot)}
          header={<InsnHeader syntax={syntax} />}
          testId="bytecode-rows"
          row={(k) => {
            const r = rows[k]!;
            const slot = r.kind === 'label' || r.kind === 'src' ? -1 : r.insn.slot;
            return (
              <InsnRow
                key={k}
                row={r}
                relocTarget={r.kind === 'insn' ? relocTargets.get(r.insn.slot) : undefined}
                syntax={syntax}
                active={shown !== null && (r.kind === 'insn' || r.kind === 'hi') && r.insn === shown}
                focused={slot === pinnedSlot}
                onHover={setHover}
                onPick={(i) => setPicked({ section: section.name, slot: i.slot })}
              />
            );
          }}
        />
        <InsnInspector insn={shown} pinned={shown !== null && shown === pinned} source={shown && <InsnSource line={lineOfSlot(lines, shown.slot)} />} />
      </div>
    </div>
  );
}
