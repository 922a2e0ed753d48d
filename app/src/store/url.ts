// URL state: `?example=minimal&stage=inspect&view=bytecode`. Query parameters (not a path) so the built app
// works from any static server and any sub-folder; every stage change is a history entry (back/forward).
import { isStageId, STAGE_IDS, type StageId } from '@bpflc/sim';

export interface UrlState {
  example: string;
  stage: StageId;
  view: string | null;
}

export function parseUrl(search: string, examples: readonly string[]): UrlState {
  const q = new URLSearchParams(search);
  const ex = q.get('example');
  const st = q.get('stage');
  return {
    example: ex !== null && examples.includes(ex) ? ex : (examples[0] ?? ''),
    stage: st !== null && isStageId(st) ? st : (STAGE_IDS[0] as StageId),
    view: q.get('view') || null,
  };
}

export function formatUrl(s: UrlState, current: URL): string {
  const url = new URL(current.href);
  const q = url.searchParams;
  q.set('example', s.example);
  q.set('stage', s.stage);
  if (s.view) q.set('view', s.view);
  else q.delete('view');
  return `${url.pathname}?${q.toString()}${url.hash}`;
}
