// Catches an unexpected throw in a pane (a bug, a crashed worker) and shows it instead of a blank screen.
import { Component, type ReactNode } from 'react';
import { ErrorPanel } from './Status.tsx';

interface Props {
  children: ReactNode;
  /** Changing the key (example + stage) clears the error. */
  resetKey: string;
}

export class ErrorBoundary extends Component<Props, { error: unknown; key: string }> {
  override state = { error: null as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override render() {
    if (this.state.error !== null) {
      const e = this.state.error;
      return (
        <ErrorPanel title="This pane failed" message={e instanceof Error ? e.message : String(e)}>
          <p className="muted small">This is a bug in the app, not in the example. Step to another stage or reload.</p>
        </ErrorPanel>
      );
    }
    return this.props.children;
  }
}
