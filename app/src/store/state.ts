// The one app state: which example, which stage, which view inside the stage, and view options.
// Pure reducer (no React here) so the URL codec and the reducer can be read and tested on their own.
import { STAGE_IDS, type StageId } from '@bpflc/sim';

export type Syntax = 'llvm' | 'kernel';

/** An instruction to scroll to and highlight in the Bytecode view (set by clicking a relocation). */
export interface InsnFocus {
  section: string;
  index: number;
}

export interface AppState {
  example: string;
  stage: StageId;
  /** The tab inside the stage's pane (e.g. 'source' | 'commands' for compile); null = the stage's default. */
  view: string | null;
  syntax: Syntax;
  helpOpen: boolean;
  focus: InsnFocus | null;
}

export type Action =
  | { kind: 'select-example'; example: string }
  | { kind: 'select-stage'; stage: StageId }
  | { kind: 'step'; delta: 1 | -1 }
  | { kind: 'set-view'; view: string | null }
  | { kind: 'set-syntax'; syntax: Syntax }
  | { kind: 'toggle-help'; open?: boolean }
  | { kind: 'jump-to-insn'; focus: InsnFocus }
  /** Another stage at a given view in one step (e.g. an instruction's source line → compile, "source/x.bpf.c:12"). */
  | { kind: 'open-view'; stage: StageId; view: string }
  | { kind: 'from-url'; example: string; stage: StageId; view: string | null };

export function reduce(state: AppState, action: Action): AppState {
  switch (action.kind) {
    case 'select-example':
      return action.example === state.example ? state : { ...state, example: action.example, focus: null };
    case 'select-stage':
      return action.stage === state.stage ? state : { ...state, stage: action.stage, view: null, focus: null };
    case 'step': {
      const i = STAGE_IDS.indexOf(state.stage) + action.delta;
      const stage = STAGE_IDS[Math.min(Math.max(i, 0), STAGE_IDS.length - 1)];
      return stage === undefined || stage === state.stage ? state : { ...state, stage, view: null, focus: null };
    }
    case 'set-view':
      return { ...state, view: action.view, focus: null };
    case 'set-syntax':
      return { ...state, syntax: action.syntax };
    case 'toggle-help':
      return { ...state, helpOpen: action.open ?? !state.helpOpen };
    case 'jump-to-insn':
      return { ...state, stage: 'inspect', view: `bytecode/${action.focus.section}`, focus: action.focus };
    case 'open-view':
      return { ...state, stage: action.stage, view: action.view, focus: null };
    case 'from-url':
      return { ...state, example: action.example, stage: action.stage, view: action.view, focus: null };
  }
}
