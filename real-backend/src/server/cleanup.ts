// The cleanup registry: "nothing outlives its client". A scope holds cleanups (close these fds, kill that child)
// and child scopes; closing it runs the children's first, then its own, newest first, each exactly once, and a
// failing cleanup never stops the others. The agent owns one scope; each WebSocket client a child of it; each job
// a child of its client's. A client that disconnects, errors or is dropped by the heartbeat closes its scope;
// SIGTERM/SIGINT close the agent's. Cleanups are synchronous (close(2), kill(2)) so that they also run from a
// process 'exit' hook.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeAll, type KernelSession } from '../kernel/index.ts';

export type Cleanup = () => void;

export interface CleanupFailure {
  scope: string;
  label: string;
  error: string;
}

export class CleanupScope {
  private readonly entries: { label: string; fn: Cleanup }[] = [];
  private readonly children = new Set<CleanupScope>();
  private closedBecause: string | undefined;

  constructor(
    readonly label: string,
    private readonly parent?: CleanupScope,
  ) {}

  get closed(): boolean {
    return this.closedBecause !== undefined;
  }

  /**
   * Registers a cleanup; returns `release`, which forgets it without running it (the resource was freed the
   * normal way). On a scope already closed the cleanup runs at once: a resource that arrives late must not leak.
   */
  defer(label: string, fn: Cleanup): () => void {
    if (this.closed) {
      runOne(this.label, label, fn);
      return () => {};
    }
    const entry = { label, fn };
    this.entries.push(entry);
    return () => {
      const i = this.entries.indexOf(entry);
      if (i >= 0) this.entries.splice(i, 1);
    };
  }

  child(label: string): CleanupScope {
    const c = new CleanupScope(label, this);
    if (this.closed) c.close(`parent ${this.label} already closed`);
    else this.children.add(c);
    return c;
  }

  /** Number of cleanups still registered here and below (for tests and the shutdown log). */
  pending(): number {
    let n = this.entries.length;
    for (const c of this.children) n += c.pending();
    return n;
  }

  close(reason: string): CleanupFailure[] {
    if (this.closed) return [];
    this.closedBecause = reason;
    const failures: CleanupFailure[] = [];
    for (const c of [...this.children].reverse()) failures.push(...c.close(reason));
    for (const e of this.entries.splice(0).reverse()) {
      const f = runOne(this.label, e.label, e.fn);
      if (f) failures.push(f);
    }
    this.parent?.children.delete(this);
    return failures;
  }
}

function runOne(scope: string, label: string, fn: Cleanup): CleanupFailure | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return { scope, label, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Every fd of a kernel session (maps, programs, links, perf events) is closed when the scope closes. */
export function adoptSession(scope: CleanupScope, session: KernelSession, label = 'kernel session'): () => void {
  return scope.defer(label, () => {
    closeAll(session);
  });
}

/**
 * A child process is killed when the scope closes: SIGTERM to its process group when it leads one (so clang's
 * own children go too), SIGKILL after `graceMs` if it is still there. The registration is dropped when the
 * child exits by itself.
 */
export function adoptChild(scope: CleanupScope, child: ChildProcess, opts: { label?: string; graceMs: number; group: boolean }): () => void {
  const label = opts.label ?? `child ${child.pid ?? '?'} ${child.spawnfile}`;
  const signal = (sig: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (opts.group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  };
  const release = scope.defer(label, () => {
    signal('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) {
      setTimeout(() => signal('SIGKILL'), opts.graceMs).unref();
    }
  });
  child.once('exit', release);
  return release;
}

/**
 * spawn() with an argument array (never a shell), in a process group of its own, owned by `scope`.
 * e.g. spawnInScope(ctx.scope, 'clang', ['-target', 'bpf', '-O2', '-c', 'prog.bpf.c', '-o', 'prog.bpf.o'], { cwd })
 */
export function spawnInScope(scope: CleanupScope, cmd: string, args: readonly string[], opts: SpawnOptions & { graceMs?: number } = {}): ChildProcess {
  const { graceMs = 2_000, ...spawnOpts } = opts;
  const child = spawn(cmd, args, { ...spawnOpts, shell: false, detached: true });
  adoptChild(scope, child, { graceMs, group: true });
  return child;
}
