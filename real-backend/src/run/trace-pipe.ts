// bpf_printk output, read from tracefs without blocking. bpf_trace_printk() emits the trace event
// bpf_trace:bpf_trace_printk (kernel 5.x+) into every tracefs instance that has it enabled; the kernel enables it
// in the top-level instance itself. The top-level trace_pipe is global and consuming (reading a line takes it away
// from every other reader), so by default this reader makes its own instance
// (/sys/kernel/tracing/instances/bpflc-<pid>-<n>), enables only that event there and reads that instance's
// trace_pipe: private, and nobody else's lines are stolen. mode 'global' reads the top-level trace_pipe instead.
// A line: "           node-4242    [001] ...11  8123.456789: bpf_trace_printk: hello from 4242"
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmdirSync, writeFileSync, constants as C } from 'node:fs';
import { join } from 'node:path';
import { ok, err, type Result } from '@bpflc/sim/result';
import { ensureMounted, type KernelError, type KernelSession } from '../kernel/index.ts';

export interface TraceLine {
  comm: string;
  pid: number;
  cpu: number;
  /** irqs-off / need-resched / hardirq-softirq / preempt-depth columns, e.g. "...11". */
  flags: string;
  /** Seconds since boot, as printed. */
  ts: number;
  /** The event name, "bpf_trace_printk" for bpf_printk. */
  event: string;
  msg: string;
}

// comm may hold spaces and dashes: take the last "-<digits>" before the CPU column. An optional "(tgid)" column
// appears with options/record-tgid.
const LINE = /^\s*(.*)-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(\d+)\]\s+(\S+)\s+(\d+\.\d+):\s+([\w:]+):\s?(.*)$/;

export function parseTraceLine(line: string): TraceLine | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  return { comm: m[1] ?? '', pid: Number(m[2]), cpu: Number(m[3]), flags: m[4] ?? '', ts: Number(m[5]), event: m[6] ?? '', msg: m[7] ?? '' };
}

export interface TracePipeOptions {
  /** 'instance' (default): a private tracefs instance; 'global': the top-level trace_pipe (consuming!). */
  mode?: 'instance' | 'global';
  /** Keep only lines from this pid (the thread that ran the program); default: every pid. */
  pid?: number;
  /** Keep only messages matching this. */
  match?: RegExp;
}

let instances = 0;

export class TracePipeReader {
  /** Lines read but filtered out (in 'global' mode these are lost to other readers). */
  dropped = 0;
  private rest = '';
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly instanceDir: string | undefined,
    private readonly opts: TracePipeOptions,
  ) {}

  static open(s: KernelSession | undefined, opts: TracePipeOptions = {}): Result<TracePipeReader, KernelError> {
    const root = ensureMounted('tracefs', s);
    if (!root.ok) return root;
    let dir = root.value.path;
    let instanceDir: string | undefined;
    try {
      if ((opts.mode ?? 'instance') === 'instance') {
        removeStaleInstances(join(root.value.path, 'instances'));
        instanceDir = join(root.value.path, 'instances', `bpflc-${process.pid}-${instances++}`);
        if (!existsSync(instanceDir)) mkdirSync(instanceDir);
        writeFileSync(join(instanceDir, 'events', 'bpf_trace', 'bpf_trace_printk', 'enable'), '1');
        dir = instanceDir;
      }
      const path = join(dir, 'trace_pipe');
      const fd = openSync(path, C.O_RDONLY | C.O_NONBLOCK);
      s?.step('trace_pipe', `reading bpf_printk lines from ${path}`, 'run');
      return ok(new TracePipeReader(path, fd, instanceDir, opts));
    } catch (e) {
      if (instanceDir) removeInstance(instanceDir);
      return err({ kind: 'io', path: dir, message: `cannot set up trace_pipe reading in ${dir}: ${(e as Error).message}` });
    }
  }

  /** Everything available now (never blocks), parsed and filtered. */
  read(): TraceLine[] {
    if (this.closed) return [];
    const buf = Buffer.alloc(64 * 1024);
    let text = this.rest;
    for (;;) {
      let n = 0;
      try {
        n = readSync(this.fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
        throw e;
      }
      if (n <= 0) break;
      text += buf.toString('utf8', 0, n);
    }
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    const out: TraceLine[] = [];
    for (const l of lines) {
      const p = parseTraceLine(l);
      if (!p || (this.opts.pid !== undefined && p.pid !== this.opts.pid) || (this.opts.match && !this.opts.match.test(p.msg))) {
        if (l.trim() !== '') this.dropped++;
        continue;
      }
      out.push(p);
    }
    return out;
  }

  /** Read until `count` lines arrived or `timeoutMs` passed (polls every 10 ms). */
  async readFor(timeoutMs: number, count = Infinity): Promise<TraceLine[]> {
    const out: TraceLine[] = [];
    const end = Date.now() + timeoutMs;
    for (;;) {
      out.push(...this.read());
      if (out.length >= count || Date.now() >= end) return out;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Close the pipe and remove the private instance (its buffer goes with it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    if (this.instanceDir) removeInstance(this.instanceDir);
  }
}

/** Instances left by a process that died before close() (bpflc-<pid>-<n> whose pid is gone). */
export function removeStaleInstances(parent: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^bpflc-(\d+)-\d+$/.exec(name);
    if (!m || existsSync(`/proc/${m[1]}`)) continue;
    removeInstance(join(parent, name));
    if (!existsSync(join(parent, name))) removed.push(name);
  }
  return removed;
}

function removeInstance(dir: string): void {
  try {
    writeFileSync(join(dir, 'events', 'bpf_trace', 'bpf_trace_printk', 'enable'), '0');
  } catch {
    // The instance may be half made; rmdir below is what matters.
  }
  try {
    rmdirSync(dir);
  } catch {
    // EBUSY while a reader still has it open elsewhere: left for the next run's cleanup.
  }
}
