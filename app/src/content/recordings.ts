// Recorded real runs (content/examples/<slug>/recorded/agent.json, from scripts/record-runs.ts): which examples
// have one is known up front (the glob's keys), the JSON itself loads on demand (a level-2 log can be big).
import type { AgentRecording } from './recording-types.ts';

const recordings = import.meta.glob<AgentRecording>('../../../content/examples/*/recorded/agent.json', { import: 'default' });

const keyOf = (slug: string): string => `../../../content/examples/${slug}/recorded/agent.json`;

export function hasRecording(slug: string): boolean {
  return keyOf(slug) in recordings;
}

/** True when at least one example has a recording (the recorded stages then have panes). */
export const ANY_RECORDING = Object.keys(recordings).length > 0;

const cache = new Map<string, Promise<AgentRecording | null>>();

export function loadRecording(slug: string): Promise<AgentRecording | null> {
  let p = cache.get(slug);
  if (!p) {
    const load = recordings[keyOf(slug)];
    p = load ? load() : Promise.resolve(null);
    cache.set(slug, p);
  }
  return p;
}
