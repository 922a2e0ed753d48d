// The built bpflc (real-backend/bin/bpflc.mjs → dist/bpflc.mjs) as a child process: what a user runs. The
// bundle is rebuilt once per test file (esbuild, a fraction of a second) so the test sees the current sources.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const BPFLC = `${REPO}real-backend/bin/bpflc.mjs`;
export const example = (slug: string): string => `content/examples/${slug}/build/${slug.replaceAll('-', '_')}.bpf.o`;

export function buildCli(): void {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: REPO, stdio: 'pipe' });
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBpflc(args: string[], timeoutMs = 30_000): CliRun {
  const r = spawnSync(process.execPath, [BPFLC, ...args], { cwd: REPO, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts bpflc in the background; `until(re)` resolves with the stdout so far once it matches. */
export function startBpflc(args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string; until: (re: RegExp, ms?: number) => Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, [BPFLC, ...args], { cwd: REPO });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const until = (re: RegExp, ms = 15_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const t0 = Date.now();
      const look = (): void => {
        const m = re.exec(out);
        if (m) return resolve(m);
        if (Date.now() - t0 > ms || child.exitCode !== null) return reject(new Error(`bpflc never printed ${re} (exit ${child.exitCode}); output:\n${out.slice(-3000)}`));
        setTimeout(look, 20);
      };
      look();
    });
  return { child, out: () => out, until };
}
