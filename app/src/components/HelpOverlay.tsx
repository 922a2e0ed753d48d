// The `?` overlay: every keyboard shortcut of the app. Esc, `?` or a click outside closes it.
import { useEffect, useRef } from 'react';
import { useAppState, useDispatch } from '../store/Store.tsx';

export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['→'], what: 'Next stage' },
  { keys: ['←'], what: 'Previous stage' },
  { keys: ['Home'], what: 'First stage' },
  { keys: ['End'], what: 'Last stage' },
  { keys: ['['], what: 'Previous tab in the pane' },
  { keys: [']'], what: 'Next tab in the pane' },
  { keys: ['s'], what: 'Bytecode: switch llvm / kernel syntax' },
  { keys: ['e'], what: 'Focus the example picker' },
  { keys: ['/'], what: "Focus the pane's search (BTF types, the kernel's types)" },
  { keys: ['l'], what: 'Live mode: load the example in the kernel' },
  { keys: ['a'], what: 'Live mode: load, attach and run the example for 2 s, then detach' },
  { keys: ['g'], what: 'Live step mode: make the next call (go)' },
  { keys: ['?'], what: 'Show or hide this help' },
  { keys: ['Esc'], what: 'Close this help' },
];

export function HelpOverlay() {
  const { helpOpen } = useAppState();
  const dispatch = useDispatch();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (helpOpen) box.current?.focus();
  }, [helpOpen]);
  if (!helpOpen) return null;
  return (
    <div className="overlay" onClick={() => dispatch({ kind: 'toggle-help', open: false })}>
      <div
        className="overlay__box"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        ref={box}
        data-testid="help-overlay"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.what}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Arrow keys step through stages unless focus is in an editor, a field or a list.</p>
      </div>
    </div>
  );
}
