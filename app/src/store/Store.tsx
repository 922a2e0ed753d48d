// The store: one context holding AppState + dispatch, kept in sync with the URL both ways.
import { createContext, useContext, useEffect, useReducer, useRef, type Dispatch, type ReactNode } from 'react';
import { EXAMPLES } from '../content/examples.ts';
import { reduce, type Action, type AppState } from './state.ts';
import { formatUrl, parseUrl } from './url.ts';

const slugs = EXAMPLES.map((e) => e.meta.slug);

const StateContext = createContext<AppState | null>(null);
const DispatchContext = createContext<Dispatch<Action> | null>(null);

function initialState(): AppState {
  const u = parseUrl(window.location.search, slugs);
  return { ...u, syntax: 'llvm', helpOpen: false, focus: null };
}

export function StoreProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(reduce, undefined, initialState);

  // State → URL: a new history entry when example/stage/view changes; the first sync only normalizes the URL.
  const firstSync = useRef(true);
  const { example, stage, view } = state;
  useEffect(() => {
    const next = formatUrl({ example, stage, view }, new URL(window.location.href));
    const cur = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    const first = firstSync.current;
    firstSync.current = false;
    if (next === cur) return;
    if (first) window.history.replaceState(null, '', next);
    else window.history.pushState(null, '', next);
  }, [example, stage, view]);

  // URL → state: back/forward.
  useEffect(() => {
    const onPop = () => dispatch({ kind: 'from-url', ...parseUrl(window.location.search, slugs) });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  return (
    <StateContext.Provider value={state}>
      <DispatchContext.Provider value={dispatch}>{children}</DispatchContext.Provider>
    </StateContext.Provider>
  );
}

export function useAppState(): AppState {
  const s = useContext(StateContext);
  if (!s) throw new Error('useAppState outside <StoreProvider>');
  return s;
}

export function useDispatch(): Dispatch<Action> {
  const d = useContext(DispatchContext);
  if (!d) throw new Error('useDispatch outside <StoreProvider>');
  return d;
}
