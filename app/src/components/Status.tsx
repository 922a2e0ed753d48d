// Loading and error states: every pane shows one of these rather than a blank area.
import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <div className="status status--loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" /> {what}
    </div>
  );
}

/** A clear error panel: a title, the message, and (for ELF errors) the byte offset it points at. */
export function ErrorPanel({ title, message, offset, children }: { title: string; message: string; offset?: number; children?: ReactNode }) {
  return (
    <div className="status status--error" role="alert" data-testid="error-panel">
      <strong>{title}</strong>
      <p>{message}</p>
      {offset !== undefined && (
        <p className="mono">
          at byte offset {offset} (0x{offset.toString(16)})
        </p>
      )}
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="status status--empty">{children}</div>;
}
