// The live-mode context: one AgentClient for the page (when the page has a token), the live state, and the
// actions the controls call (load, go, cancel, mode, step). The stage follows a paused call's stage, and the
// shortcuts l (load), a (load + attach for ATTACH_RUN_SEC) and g (go) work while Live mode is on.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { useAppState, useDispatch } from '../store/Store.tsx';
import { AgentClient } from './client.ts';
import { activeRun, effectiveMode, INITIAL_LIVE, reduceLive, type LiveState, type Mode } from './live-state.ts';
import { agentToken, forgetToken } from './token.ts';

/** How long a "Load + attach" live run keeps the programs attached. */
export const ATTACH_RUN_SEC = 2;

export interface LoadOptions {
  /** Attach every accepted program after the load, run ATTACH_RUN_SEC seconds (link mode), then detach. */
  attach?: boolean;
}

export interface LiveApi {
  state: LiveState;
  load(example: string, opts?: LoadOptions): void;
  go(): void;
  cancel(): void;
  setMode(mode: Mode): void;
  setStep(step: boolean): void;
  recheck(): Promise<void>;
}

const LiveContext = createContext<LiveApi | null>(null);

/** Keys typed into an editor or a text field are left alone (a checkbox, e.g. the Step toggle, is not one). */
function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(t.type);
  return t.isContentEditable || t.closest('textarea, select, .monaco-editor, [role="listbox"], [role="menu"]') !== null;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, dispatchLive] = useReducer(reduceLive, INITIAL_LIVE);
  const client = useRef<AgentClient | null>(null);
  const appDispatch = useDispatch();
  const { example } = useAppState();

  useEffect(() => {
    const token = agentToken();
    if (token === null) {
      dispatchLive({ kind: 'no-agent', why: 'the page was not opened from the agent with its token (bpflc serve prints that URL)' });
      return;
    }
    let failures = 0;
    const c = new AgentClient(token, {
      onMessage: (msg) => dispatchLive({ kind: 'message', msg, now: Date.now() }),
      onSocket: (s, why) => {
        dispatchLive({ kind: 'socket', state: s, ...(why !== undefined ? { why } : {}) });
        if (s === 'closed' && ++failures === 2) {
          void c.tokenRefused().then((refused) => {
            if (!refused) return;
            // A token from an earlier start of the agent (kept in sessionStorage): stop, and say what to do.
            c.stop();
            forgetToken();
            dispatchLive({ kind: 'no-agent', why: 'the agent refused the token this page kept (it was restarted since): open the URL it prints now' });
          });
        }
        if (s === 'open') failures = 0;
      },
    });
    client.current = c;
    c.start();
    return () => {
      c.stop();
      client.current = null;
    };
  }, []);

  const load = useCallback(
    (slug: string, opts: LoadOptions = {}) => {
      const c = client.current;
      if (!c || effectiveMode(state) !== 'live' || activeRun(state)) return;
      const attach = opts.attach ? { attach: true, durationSec: ATTACH_RUN_SEC, attachMode: 'link' as const } : {};
      const id = c.request({ kind: 'load', example: slug, logLevel: 2, step: state.step, ...attach });
      if (id !== null) dispatchLive({ kind: 'sent', id, example: slug, step: state.step, now: Date.now() });
    },
    [state],
  );
  const go = useCallback(() => {
    const r = activeRun(state);
    if (r?.phase === 'paused' && r.pending && client.current?.go(r.id, r.pending.seq)) dispatchLive({ kind: 'go-sent', id: r.id });
  }, [state]);
  const cancel = useCallback(() => {
    const r = activeRun(state);
    if (r) client.current?.cancel(r.id);
  }, [state]);
  const setMode = useCallback((mode: Mode) => dispatchLive({ kind: 'set-mode', mode }), []);
  const setStep = useCallback((step: boolean) => dispatchLive({ kind: 'set-step', step }), []);
  const recheck = useCallback(async () => {
    const c = client.current;
    if (!c) return;
    const status = await c.fetchStatus();
    dispatchLive({ kind: 'message', msg: { kind: 'hello', protocol: 1, status, limits: { maxMessageBytes: 0, maxQueuedJobs: 0 } }, now: Date.now() });
  }, []);

  // Step mode: the graph selection follows the call the agent waits to make.
  const pending = activeRun(state)?.pending ?? null;
  const pendingSeq = pending?.seq;
  const pendingStage = pending?.stage;
  useEffect(() => {
    if (pendingStage !== undefined) appDispatch({ kind: 'select-stage', stage: pendingStage });
  }, [pendingSeq, pendingStage, appDispatch]);

  // Shortcuts: l = load the current example in the kernel, a = load + attach + run, g = go (step mode).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === 'l' && effectiveMode(state) === 'live') {
        e.preventDefault();
        load(example);
      } else if (e.key === 'a' && effectiveMode(state) === 'live') {
        e.preventDefault();
        load(example, { attach: true });
      } else if (e.key === 'g' && activeRun(state)?.phase === 'paused') {
        e.preventDefault();
        go();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state, load, go, example]);

  const api = useMemo<LiveApi>(() => ({ state, load, go, cancel, setMode, setStep, recheck }), [state, load, go, cancel, setMode, setStep, recheck]);
  return <LiveContext.Provider value={api}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveApi {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLive outside <LiveProvider>');
  return v;
}
