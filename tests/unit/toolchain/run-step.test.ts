// The shared step runner with real processes: records, the fixed environment, caps, and the time limit that
// kills the whole process group (children of the tool included).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStep, SAFE_PATH, type StepProgress, type StepSpec } from '../../../real-backend/src/toolchain/index.ts';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'bpflc-runstep-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const spec = (argv: string[], extra: Partial<StepSpec> = {}): StepSpec => ({ id: 'probe', stage: 'compile', argv, cwd: '.', outputs: [], ...extra });

/** A process is gone when /proc has no entry for it or it is a zombie waiting for its (new) parent. */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('runStep', () => {
  it('records argv, cwd, exit code, captured text and a duration; streams start/done', async () => {
    const events: StepProgress[] = [];
    const r = await runStep(spec(['echo', 'hello', 'world']), { root, onProgress: (e) => events.push(e) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ id: 'probe', stage: 'compile', tool: 'echo', argv: ['echo', 'hello', 'world'], cwd: '.', exitCode: 0, stdout: 'hello world\n', stderr: '', outputs: [] });
    expect(r.value.durationMs).toBeGreaterThan(0);
    expect(r.value.timedOut).toBeUndefined();
    expect(events.map((e) => e.state)).toEqual(['start', 'done']);
  });

  it('gives the tool a fixed environment, not the caller\'s (no CPATH or CCC_OVERRIDE_OPTIONS)', async () => {
    process.env.CCC_OVERRIDE_OPTIONS = '+-O0';
    process.env.CPATH = '/somewhere';
    try {
      const r = await runStep(spec(['env']), { root, tmpDir: root });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const env = Object.fromEntries(r.value.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(env).toEqual({ PATH: SAFE_PATH, LC_ALL: 'C', LANG: 'C', TMPDIR: root });
    } finally {
      delete process.env.CCC_OVERRIDE_OPTIONS;
      delete process.env.CPATH;
    }
  });

  it('a non-zero exit is a failure value carrying the record', async () => {
    const events: StepProgress[] = [];
    const r = await runStep(spec(['sh', '-c', 'echo oops >&2; exit 3']), { root, onProgress: (e) => events.push(e) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('exit');
    expect(r.error.record.exitCode).toBe(3);
    expect(r.error.record.stderr).toBe('oops\n');
    expect(r.error.message).toBe('probe failed: sh exited with status 3\n$ sh -c echo oops >&2; exit 3\noops');
    expect(events.map((e) => e.state)).toEqual(['start', 'failed']);
  });

  it('past its time limit the whole process group is killed, grandchildren too', async () => {
    // sh starts a background sleep (a grandchild of ours) and prints its pid, then waits for it.
    const t0 = performance.now();
    const r = await runStep(spec(['sh', '-c', 'sleep 30 & echo $!; wait']), { root, limits: { timeoutMs: 300 } });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('timeout');
    expect(r.error.record).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: 128 + 9 });
    const sleeper = Number(r.error.record.stdout.trim());
    expect(sleeper).toBeGreaterThan(1);
    for (let i = 0; i < 50 && !gone(sleeper); i++) await new Promise((res) => setTimeout(res, 20));
    expect(gone(sleeper), `sleep ${sleeper} survived the kill`).toBe(true);
  });

  it('an abort (the client went away) kills the step', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await runStep(spec(['sleep', '30']), { root, signal: ac.signal });
    expect(!r.ok && r.error.reason).toBe('aborted');
  });

  it('captured text stops at the cap and the record says so; the step still succeeds', async () => {
    const r = await runStep(spec(['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" a; echo err >&2']), { root, limits: { maxCaptureBytes: 1000 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.stdout).toBe('a'.repeat(1000));
    expect(r.value.stderr).toBe('err\n');
    expect(r.value.truncated).toEqual(['stdout']);
  });

  it('a product streamed from stdout past the file cap fails the step and leaves no file', async () => {
    const s = spec(['sh', '-c', 'head -c 100000 /dev/zero'], { stdoutTo: 'big.out', outputs: [{ path: 'big.out', committed: false }] });
    const r = await runStep(s, { root, limits: { maxFileBytes: 4096 } });
    expect(!r.ok && r.error.reason).toBe('output-limit');
    expect(existsSync(path.join(root, 'big.out'))).toBe(false);
    const small = await runStep({ ...s, argv: ['sh', '-c', 'printf 12345'] }, { root, limits: { maxFileBytes: 4096 } });
    expect(small.ok && small.value).toMatchObject({ stdout: '→ big.out', outputs: [{ path: 'big.out', size: 5, committed: false, sha256: '5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5' }] });
  });

  it('a tool that is not there: one sentence saying what to run', async () => {
    const r = await runStep(spec(['clang', '--version']), { root, exe: '/nonexistent/clang' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('spawn-failed');
    expect(r.error.message.split('\n')[0]).toBe('probe failed: clang is not installed: run scripts/system-deps (Debian package clang)');
  });

  it('exit 0 without the promised output is a failure', async () => {
    const r = await runStep(spec(['true'], { outputs: [{ path: 'never.o', committed: true }] }), { root });
    expect(!r.ok && r.error.reason).toBe('missing-output');
  });
});
