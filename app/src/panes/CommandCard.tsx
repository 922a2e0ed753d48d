// One recorded build step: the exact command, each word explained, tool version, duration, exit status, outputs.
import { useState } from 'react';
import type { BuildManifest, ManifestStep } from '../content/types.ts';
import { explainArgv } from '../explain/flags.ts';
import { formatBytes, formatMs, shellWord } from '../components/format.ts';

function toolVersion(manifest: BuildManifest, tool: string): string | undefined {
  return manifest.tools[tool] ?? Object.entries(manifest.tools).find(([k]) => tool.endsWith(k))?.[1];
}

export function CommandCard({ step, manifest, explain = true }: { step: ManifestStep; manifest: BuildManifest; explain?: boolean }) {
  const parts = explainArgv(step.argv);
  const [hot, setHot] = useState<number | null>(null);
  const okExit = step.exitCode === 0;
  return (
    <section className="cmd" data-testid={`step-${step.id}`} aria-label={`Build step ${step.id}`}>
      <header className="cmd__head">
        <span className="cmd__id">{step.id}</span>
        <span className="chip" title="Tool version recorded by build-content">{toolVersion(manifest, step.tool) ?? step.tool}</span>
        <span className="chip" title="Wall-clock duration of the recorded run">{formatMs(step.durationMs)}</span>
        <span className={`chip ${okExit ? 'chip--ok' : 'chip--bad'}`}>exit {step.exitCode}</span>
        <span className="cmd__cwd" title="Working directory">cwd: {step.cwd}</span>
      </header>
      <pre className="cmd__line" aria-label="Command line">
        <span className="cmd__prompt">$ </span>
        {parts.map((p, i) => (
          <span key={i}>
            <span
              className={`cmd__part cmd__part--${p.kind}${hot === i ? ' is-hot' : ''}`}
              title={p.explain}
              onMouseEnter={() => setHot(i)}
              onMouseLeave={() => setHot(null)}
            >
              {p.text.split(' ').map(shellWord).join(' ')}
            </span>{' '}
          </span>
        ))}
      </pre>
      {explain && (
        <table className="cmd__explain">
          <tbody>
            {parts.map((p, i) => (
              <tr key={i} className={hot === i ? 'is-hot' : ''} onMouseEnter={() => setHot(i)} onMouseLeave={() => setHot(null)}>
                <th scope="row">
                  <code className={`cmd__part--${p.kind}`}>{p.text}</code>
                </th>
                <td>{p.explain}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <StepOutputs step={step} />
    </section>
  );
}

function StepOutputs({ step }: { step: ManifestStep }) {
  return (
    <div className="cmd__io">
      {step.outputs.length > 0 && (
        <div>
          <h4>Outputs</h4>
          <ul className="cmd__outputs">
            {step.outputs.map((o) => (
              <li key={o.path}>
                <code>{o.path}</code> <span className="muted">{formatBytes(o.size)}</span>{' '}
                {o.committed === false && <span className="chip">not committed</span>}{' '}
                <span className="muted mono small" title={`sha256 ${o.sha256}`}>
                  sha256 {o.sha256.slice(0, 12)}…
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {[['stdout', step.stdout] as const, ['stderr', step.stderr] as const].map(([name, text]) =>
        text ? (
          <div key={name}>
            <h4>{name}</h4>
            <pre className="cmd__stream">{text}</pre>
          </div>
        ) : null,
      )}
      {!step.stdout && !step.stderr && <p className="muted small">No output on stdout or stderr.</p>}
    </div>
  );
}
