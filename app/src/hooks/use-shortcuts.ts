// Global keyboard shortcuts. Keys typed into an editor, a field or a menu are left alone.
import { useEffect } from 'react';
import { STAGE_IDS } from '@bpflc/sim';
import { useAppState, useDispatch } from '../store/Store.tsx';

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t.closest('input, textarea, select, .monaco-editor, [role="listbox"], [role="menu"]')) return true;
  return false;
}

/** Tabs of the current pane register here so `[` / `]` can cycle them. */
export const tabCycle: { current: ((delta: 1 | -1) => void) | null } = { current: null };

export function useShortcuts(): void {
  const dispatch = useDispatch();
  const { helpOpen, syntax } = useAppState();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape' && helpOpen) return dispatch({ kind: 'toggle-help', open: false });
      if (isTyping(e.target)) return;
      const act: Record<string, () => void> = {
        ArrowRight: () => dispatch({ kind: 'step', delta: 1 }),
        ArrowLeft: () => dispatch({ kind: 'step', delta: -1 }),
        Home: () => dispatch({ kind: 'select-stage', stage: STAGE_IDS[0]! }),
        End: () => dispatch({ kind: 'select-stage', stage: STAGE_IDS[STAGE_IDS.length - 1]! }),
        '?': () => dispatch({ kind: 'toggle-help' }),
        s: () => dispatch({ kind: 'set-syntax', syntax: syntax === 'llvm' ? 'kernel' : 'llvm' }),
        e: () => document.getElementById('example-picker')?.focus(),
        '/': () => document.querySelector<HTMLInputElement>('input.search')?.focus(),
        '[': () => tabCycle.current?.(-1),
        ']': () => tabCycle.current?.(1),
      };
      const f = act[e.key];
      if (!f) return;
      e.preventDefault();
      f();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, helpOpen, syntax]);
}
