// The top bar: name, example picker, the agent badge and Recorded/Live switch, the current stage and the help button.
import { STAGES } from '@bpflc/sim';
import { ExamplePicker } from './ExamplePicker.tsx';
import { AgentBadge } from './AgentBadge.tsx';
import { useAppState, useDispatch } from '../store/Store.tsx';

export function Header() {
  const { stage } = useAppState();
  const dispatch = useDispatch();
  const i = STAGES.findIndex((s) => s.id === stage);
  return (
    <header className="header">
      <h1 className="header__brand">
        bpf<span>·</span>lifecycle
      </h1>
      <ExamplePicker />
      <AgentBadge />
      <div className="header__step" aria-live="polite">
        <button className="btn btn--icon" aria-label="Previous stage" onClick={() => dispatch({ kind: 'step', delta: -1 })} disabled={i <= 0}>
          ←
        </button>
        <span className="header__stage" data-testid="current-stage">
          {i + 1}/{STAGES.length} · {STAGES[i]?.title}
        </span>
        <button className="btn btn--icon" aria-label="Next stage" onClick={() => dispatch({ kind: 'step', delta: 1 })} disabled={i >= STAGES.length - 1}>
          →
        </button>
      </div>
      <button className="btn" onClick={() => dispatch({ kind: 'toggle-help' })} aria-keyshortcuts="?">
        <kbd>?</kbd> Shortcuts
      </button>
    </header>
  );
}
