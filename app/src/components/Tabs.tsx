// Tabs inside a stage pane. The active tab is the store's `view` (so it is in the URL); `[` and `]` cycle tabs.
import { useEffect, type ReactNode } from 'react';
import { tabCycle } from '../hooks/use-shortcuts.ts';
import { useAppState, useDispatch } from '../store/Store.tsx';

export interface TabDef {
  id: string;
  label: ReactNode;
}

/** The active tab id: the tab the URL's view names ("bytecode", or "source/minimal.c" for a sub-view), else the first. */
export function useActiveTab(tabs: readonly TabDef[]): string {
  const { view } = useAppState();
  const hit = tabs.find((t) => view === t.id || (view ?? '').startsWith(`${t.id}/`));
  return hit?.id ?? tabs[0]?.id ?? '';
}

/** The part of the view after "<tab>/" (e.g. the file name in "source/minimal.c"), or null. */
export function useSubView(tab: string): string | null {
  const { view } = useAppState();
  return view?.startsWith(`${tab}/`) ? view.slice(tab.length + 1) : null;
}

export function Tabs({ tabs, label, extra }: { tabs: readonly TabDef[]; label: string; extra?: ReactNode }) {
  const dispatch = useDispatch();
  const active = useActiveTab(tabs);
  useEffect(() => {
    tabCycle.current = (delta) => {
      const i = tabs.findIndex((t) => t.id === active);
      const next = tabs[(i + delta + tabs.length) % tabs.length];
      if (next) dispatch({ kind: 'set-view', view: next.id });
    };
    return () => {
      tabCycle.current = null;
    };
  }, [tabs, active, dispatch]);
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tabs__list">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={t.id === active}
            className={`tabs__tab${t.id === active ? ' is-active' : ''}`}
            data-tab={t.id}
            onClick={() => dispatch({ kind: 'set-view', view: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      {extra && <div className="tabs__extra">{extra}</div>}
    </div>
  );
}
