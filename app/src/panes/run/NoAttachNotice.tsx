// What the attach/run/detach panes say when the run they show has no attach: a live load under way (its attach
// arrives with the result), a live load made without attach, or a recording made before attaches were recorded.
import { Empty } from '../../components/Status.tsx';
import type { LiveRun } from '../../agent/live-state.ts';
import { underWay } from './use-live-run.ts';

export function NoAttachNotice({ run, slug }: { run: LiveRun | undefined; slug: string }) {
  if (underWay(run)) {
    return (
      <p className="status status--loading" data-testid="attach-pending" role="status">
        The live load is under way: the attach, what ran and the detach are shown when it finishes; the events so far are below.
      </p>
    );
  }
  if (run) {
    return (
      <Empty>
        <span data-testid="no-attach">
          This live load of {slug} did not attach. Use <strong>Load + attach</strong> (<kbd>a</kbd>) to load it, attach every accepted program, run it
          for a few seconds and detach.
        </span>
      </Empty>
    );
  }
  return (
    <Empty>
      <span data-testid="no-attach">
        This recording of {slug} was made without an attach: re-record it with <code>node --import tsx scripts/record-runs.ts {slug}</code>.
      </span>
    </Empty>
  );
}
