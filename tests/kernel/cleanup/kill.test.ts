// `bpflc real minimal --attach --duration 30` killed with SIGKILL while attached: the kernel frees what only its
// fds held (program, link, maps: nothing is pinned), checked by id with bpftool. Its private tracefs instance
// is not freed by the kernel (instances are directories, owned by nobody); the next reader's start removes
// instances whose pid is gone (removeStaleInstances), which the second run here shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { stillListed } from '../helpers/bpftool.ts';
import { needTracing } from '../helpers/privilege.ts';
import { buildCli, example, runBpflc, startBpflc } from '../cli-real/run-cli.ts';
import { idsOfLink, instancesOf } from './helpers.ts';

describe('bpflc real --attach, killed with SIGKILL', () => {
  beforeAll(() => buildCli(), 60_000);

  it('releases program, link and maps; the stale tracefs instance goes at the next start', async (ctx) => {
    needTracing(ctx);
    const run = startBpflc(['real', example('minimal'), '--attach', '--duration', '30']);
    const pid = run.child.pid!;
    let ids: ReturnType<typeof idsOfLink>;
    try {
      const m = await run.until(/attached: handle_tp → syscalls:sys_enter_write via BPF_LINK_CREATE \(link id (\d+)\)/);
      await run.until(/printk: .*BPF triggered from PID \d+\./);
      ids = idsOfLink(Number(m[1]));
      expect(run.out()).toContain(`kernel ids: prog handle_tp ${ids.progs[0]}`);
      expect(ids.maps.length).toBe(2); // .bss and .rodata
      expect(instancesOf(pid)).toEqual([`bpflc-${pid}-0`]);
    } finally {
      run.child.kill('SIGKILL');
    }
    await new Promise((r) => run.child.once('exit', r));
    expect(await stillListed(ids)).toEqual([]);
    // The kernel keeps the instance directory: nobody owns it.
    expect(instancesOf(pid)).toEqual([`bpflc-${pid}-0`]);
    const next = runBpflc(['real', example('minimal'), '--attach', '--duration', '0.2']);
    expect(next.status, next.stderr).toBe(0);
    expect(instancesOf(pid)).toEqual([]);
  }, 60_000);
});
