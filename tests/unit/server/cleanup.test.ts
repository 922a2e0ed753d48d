// The cleanup registry on its own: order (children first, newest first), once only, failures isolated, late
// registrations run at once; and spawnInScope kills the whole process group (a shell's background child too).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CleanupScope, spawnInScope } from '../../../real-backend/src/server/cleanup.ts';
import { until } from './helpers.ts';

/** Running (a zombie counts as gone: it waits only for whoever reaps orphans here). */
const alive = (pid: number): boolean => {
  try {
    // e.g. "4517 (sleep) S 4490 ..." : the state is the field after the command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
};

describe('CleanupScope', () => {
  it('closes child scopes first, then its own cleanups newest first, each once; a failing one does not stop the rest', () => {
    const ran: string[] = [];
    const agent = new CleanupScope('agent');
    const client = agent.child('client');
    const job = client.child('job');
    agent.defer('agent-1', () => ran.push('agent-1'));
    client.defer('client-1', () => ran.push('client-1'));
    client.defer('client-2', () => {
      ran.push('client-2');
      throw new Error('EBADF');
    });
    job.defer('job-1', () => ran.push('job-1'));
    const release = job.defer('job-2', () => ran.push('job-2'));
    release(); // freed the normal way: not run at close
    expect(agent.pending()).toBe(4);
    const failures = agent.close('SIGTERM');
    expect(ran).toEqual(['job-1', 'client-2', 'client-1', 'agent-1']);
    expect(failures).toEqual([{ scope: 'client', label: 'client-2', error: 'EBADF' }]);
    expect(agent.close('again')).toEqual([]);
    expect(ran).toHaveLength(4);
    expect([agent.closed, client.closed, job.closed]).toEqual([true, true, true]);
  });

  it('a job scope closed on its own leaves the client scope open and is forgotten by it', () => {
    const client = new CleanupScope('client');
    const job = client.child('job');
    let n = 0;
    job.defer('x', () => n++);
    job.close('job done');
    expect(n).toBe(1);
    expect(client.closed).toBe(false);
    expect(client.pending()).toBe(0);
  });

  it('a cleanup registered on a closed scope runs at once (a late resource must not leak)', () => {
    const s = new CleanupScope('client');
    s.close('disconnect');
    let ran = false;
    s.defer('late fd', () => (ran = true));
    expect(ran).toBe(true);
    const c = s.child('late job');
    expect(c.closed).toBe(true);
  });
});

describe('spawnInScope', () => {
  it('kills the child and its own children (process group) when the scope closes', async () => {
    const s = new CleanupScope('job');
    const sh = spawnInScope(s, 'sh', ['-c', 'sleep 30 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'], graceMs: 500 });
    const grandchild = await new Promise<number>((resolve) => sh.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    expect(alive(grandchild)).toBe(true);
    expect(s.pending()).toBe(1);
    s.close('cancelled');
    await until(() => sh.exitCode !== null || sh.signalCode !== null, 5_000, 'sh to exit');
    await until(() => !alive(grandchild), 5_000, 'the background sleep to go');
  });

  it('forgets a child that exits by itself', async () => {
    const s = new CleanupScope('job');
    const c = spawnInScope(s, 'true', [], { stdio: 'ignore' });
    await new Promise((r) => c.once('exit', r));
    expect(s.pending()).toBe(0);
  });
});
