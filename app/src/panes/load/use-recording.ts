// The example's recorded run, loaded lazily: loading, missing, failed or ready.
import { useEffect, useState } from 'react';
import { loadRecording } from '../../content/recordings.ts';
import type { AgentRecording } from '../../content/recording-types.ts';

export type RecordingState =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; rec: AgentRecording };

export function useRecording(slug: string): RecordingState {
  const [state, setState] = useState<{ slug: string; s: RecordingState }>({ slug, s: { kind: 'loading' } });
  useEffect(() => {
    let live = true;
    loadRecording(slug).then(
      (rec) => live && setState({ slug, s: rec ? { kind: 'ok', rec } : { kind: 'missing' } }),
      (e: unknown) => live && setState({ slug, s: { kind: 'error', message: String(e) } }),
    );
    return () => {
      live = false;
    };
  }, [slug]);
  return state.slug === slug ? state.s : { kind: 'loading' };
}
