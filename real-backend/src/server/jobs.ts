// One client's jobs: one runs at a time, the others wait in order and are told their position whenever it
// changes. A job kind plugs in as a JobHandler in the HandlerTable (status, probe, compile, load today; attach,
// run later). The queue owns the job's life: it starts the handler with a JobContext, enforces the
// handler's time limit, turns the outcome into done/failed, and closes the job's cleanup scope before saying so.
import type { TraceEvent } from '@bpflc/sim/trace/schema';
import type { AgentMessage, FailureCode, JobKind, JobRequest, JobResult, ProgressMessage, RequestOf, ResultOf } from '@bpflc/sim/protocol/messages';
import type { CleanupFailure, CleanupScope } from './cleanup.ts';

export interface JobContext {
  readonly id: string;
  /** Aborted when the job is cancelled, times out, or its client goes away: long work should check it. */
  readonly signal: AbortSignal;
  /** Closed when the job ends in any way (or its client goes away): fds, children, temp dirs of this job. */
  readonly scope: CleanupScope;
  /**
   * Closed when the client goes away: for what a later job of the same client uses (a loaded program that an
   * `attach` job will attach). Nothing is ever kept beyond the client.
   */
  readonly clientScope: CleanupScope;
  progress(text: string, opts?: Omit<ProgressMessage, 'kind' | 'id' | 'text'>): void;
  event(ev: TraceEvent): void;
  /**
   * Step mode: resolves when the client sends `go {id, seq}` for this job and this seq; rejects when the job
   * ends first (cancel, timeout, disconnect). One wait at a time.
   */
  awaitGo(seq: number): Promise<void>;
}

/** Thrown by a handler to end its job with a failure code other than job_error (e.g. invalid_request). */
export class JobFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface JobHandler<K extends JobKind> {
  /** Wall-clock limit: past it the job fails with "timeout" and its scope is closed. */
  timeoutMs: number;
  run(req: RequestOf<K>, ctx: JobContext): Promise<ResultOf<K>> | ResultOf<K>;
}

export type HandlerTable = { [K in JobKind]?: JobHandler<K> };

interface Job {
  id: string;
  request: JobRequest;
  abort: AbortController;
  scope?: CleanupScope;
  timer?: NodeJS.Timeout;
  /** Last position told to the client (so that only changes are sent). */
  told?: number;
  settled: boolean;
  /** Step mode: the call the job waits to make, and how to let it go. */
  paused?: { seq: number; go: () => void };
}

export interface JobQueueDeps {
  handlers: HandlerTable;
  send(msg: AgentMessage): void;
  clientScope: CleanupScope;
  maxQueued: number;
  log(line: string): void;
}

function handlerFor(table: HandlerTable, req: JobRequest): { timeoutMs: number; run(ctx: JobContext): Promise<JobResult> } | undefined {
  // The table is keyed by kind, so the handler found for req.kind takes exactly that request.
  const h = table[req.kind] as JobHandler<typeof req.kind> | undefined;
  if (!h) return undefined;
  return { timeoutMs: h.timeoutMs, run: async (ctx) => h.run(req as never, ctx) };
}

export class JobQueue {
  private readonly waiting: Job[] = [];
  private running: Job | undefined;
  private stopped = false;

  constructor(private readonly deps: JobQueueDeps) {}

  /** Unfinished jobs (running + waiting). */
  get size(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  submit(id: string, request: JobRequest): void {
    if (this.stopped) return;
    if (this.running?.id === id || this.waiting.some((j) => j.id === id)) {
      this.deps.send({ kind: 'error', code: 'duplicate_id', id, message: `job ${id} is still queued or running: use a new id for a new request` });
      return;
    }
    if (this.size >= this.deps.maxQueued) {
      this.deps.send({ kind: 'error', code: 'queue_full', id, message: `this client already has ${this.size} unfinished jobs (the limit is ${this.deps.maxQueued}): wait for one to finish or cancel one` });
      return;
    }
    this.waiting.push({ id, request, abort: new AbortController(), settled: false });
    this.announce();
    this.pump();
  }

  cancel(id: string): void {
    if (this.running?.id === id) {
      this.finish(this.running, { kind: 'failed', id, code: 'cancelled', message: 'cancelled by the client' });
      return;
    }
    const i = this.waiting.findIndex((j) => j.id === id);
    if (i < 0) {
      this.deps.send({ kind: 'error', code: 'unknown_id', id, message: `no queued or running job has id ${id}` });
      return;
    }
    const [job] = this.waiting.splice(i, 1);
    if (job) job.settled = true;
    this.deps.send({ kind: 'failed', id, code: 'cancelled', message: 'cancelled by the client before it started' });
    this.announce();
  }

  /** Step mode: the client lets the running job make its pending call. */
  go(id: string, seq: number): void {
    const job = this.running?.id === id ? this.running : undefined;
    if (!job?.paused || job.paused.seq !== seq) {
      const why = !job ? `no running job has id ${id}` : !job.paused ? `job ${id} is not paused` : `job ${id} waits before call ${job.paused.seq}, not ${seq}`;
      this.deps.send({ kind: 'error', code: 'not_paused', id, message: why });
      return;
    }
    const { go } = job.paused;
    job.paused = undefined;
    go();
  }

  /**
   * Ends every job: the running one is aborted and its scope closed, the waiting ones dropped. With `notify`
   * (agent shutdown, socket still open) each gets a `failed`; without (the socket is gone) nothing is sent.
   */
  stop(code: FailureCode, message: string, notify: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const job of this.waiting.splice(0)) {
      job.settled = true;
      if (notify) this.deps.send({ kind: 'failed', id: job.id, code, message });
    }
    if (this.running) this.finish(this.running, { kind: 'failed', id: this.running.id, code, message }, notify);
  }

  /** Tell every waiting job whose position changed (position = jobs ahead of it, the running one included). */
  private announce(): void {
    const ahead = this.running ? 1 : 0;
    this.waiting.forEach((job, i) => {
      const position = ahead + i;
      if (job.told !== position) {
        job.told = position;
        this.deps.send({ kind: 'queued', id: job.id, position });
      }
    });
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    this.start(job);
    this.announce();
  }

  private start(job: Job): void {
    const handler = handlerFor(this.deps.handlers, job.request);
    if (!handler) {
      this.finish(job, { kind: 'failed', id: job.id, code: 'unsupported', message: `this agent has no handler for ${job.request.kind} jobs` });
      return;
    }
    const scope = this.deps.clientScope.child(`job ${job.id} (${job.request.kind})`);
    job.scope = scope;
    this.deps.send({ kind: 'started', id: job.id });
    const live = () => !job.settled;
    const ctx: JobContext = {
      id: job.id,
      signal: job.abort.signal,
      scope,
      clientScope: this.deps.clientScope,
      progress: (text, opts) => {
        if (live()) this.deps.send({ kind: 'progress', id: job.id, text, ...opts });
      },
      event: (event) => {
        if (live()) this.deps.send({ kind: 'event', id: job.id, event });
      },
      awaitGo: (seq) =>
        new Promise<void>((resolve, reject) => {
          const signal = job.abort.signal;
          if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('job ended'));
          const onAbort = () => {
            job.paused = undefined;
            reject(signal.reason instanceof Error ? signal.reason : new Error('job ended'));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          job.paused = {
            seq,
            go: () => {
              signal.removeEventListener('abort', onAbort);
              resolve();
            },
          };
        }),
    };
    job.timer = setTimeout(() => {
      this.finish(job, { kind: 'failed', id: job.id, code: 'timeout', message: `${job.request.kind} job ran past its limit of ${handler.timeoutMs} ms and was stopped` });
    }, handler.timeoutMs);
    handler.run(ctx).then(
      (result) => this.finish(job, { kind: 'done', id: job.id, result }),
      (e: unknown) => this.finish(job, { kind: 'failed', id: job.id, code: e instanceof JobFailure ? e.code : 'job_error', message: e instanceof Error ? e.message : String(e) }),
    );
  }

  /** The one way a started job ends: abort, release its scope, then tell the client, then start the next. */
  private finish(job: Job, outcome: AgentMessage & { kind: 'done' | 'failed' }, notify = true): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    job.paused = undefined;
    if (outcome.kind === 'failed') job.abort.abort(new Error(`${outcome.code}: ${outcome.message}`));
    this.report(job.scope?.close(outcome.kind === 'done' ? 'job done' : `job ${outcome.code}`) ?? []);
    if (notify) this.deps.send(outcome);
    if (this.running === job) {
      this.running = undefined;
      this.pump();
    }
  }

  private report(failures: CleanupFailure[]): void {
    for (const f of failures) this.deps.log(`bpflc serve: cleanup "${f.label}" of ${f.scope} failed: ${f.error}`);
  }
}
