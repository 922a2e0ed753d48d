// A stage whose pane is not built yet: what the stage is, and what its pane will show.
import { STAGES, type StageId } from '@bpflc/sim';
import { COMING_LATER } from './availability.ts';

export function ComingLaterPane({ stage }: { stage: StageId }) {
  const s = STAGES.find((x) => x.id === stage);
  return (
    <div className="coming-later" data-testid="coming-later">
      <span className="chip">coming later</span>
      <h3>{s?.title}</h3>
      <p className="lead">{s?.blurb}</p>
      <p>
        <strong>This pane will show:</strong> {COMING_LATER[stage]}
      </p>
      <p className="muted small">Use ← / → to move between stages; the build and object stages are ready now.</p>
    </div>
  );
}
