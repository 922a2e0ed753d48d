// The label on every pane fed by a recording: where, when and by what loader the run was made.
import type { AgentRecording } from '../../content/recording-types.ts';

export function RecordedBanner({ rec, slug }: { rec: AgentRecording; slug: string }) {
  const o = rec.recordedOn;
  return (
    <p className="recorded-banner" data-testid="recorded-banner">
      <span className="chip">recorded</span> Recorded on Linux {o.kernel} by the agent&apos;s loader, {o.date}{' '}
      <span className="muted">
        ({o.distro}, {o.arch}; {o.tools.bpftool}; verifier log level {o.logLevel}; re-record with{' '}
        <code>sudo node --import tsx scripts/record-runs.ts {slug}</code>)
      </span>
    </p>
  );
}
