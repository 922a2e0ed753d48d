// One WebSocket client of the agent: parses its frames, answers pings, feeds its job queue, and owns the cleanup
// scope that everything its jobs open hangs from. When the socket closes or errors (or the heartbeat finds it
// dead) the queue stops and the scope closes: fds closed, children killed.
import type { WebSocket, RawData } from 'ws';
import { PROTOCOL_VERSION, type AgentLimits, type AgentMessage } from '@bpflc/sim/protocol/messages';
import { parseClientMessage } from '@bpflc/sim/protocol/parse';
import type { AgentStatus } from '@bpflc/sim/protocol/status';
import type { CleanupScope } from './cleanup.ts';
import { JobQueue, type HandlerTable } from './jobs.ts';

export interface ClientDeps {
  handlers: HandlerTable;
  limits: AgentLimits;
  status(): AgentStatus;
  log(line: string): void;
  /** The agent's scope; the client's hangs below it. */
  agentScope: CleanupScope;
  remote: string;
}

export class AgentClient {
  readonly scope: CleanupScope;
  private readonly queue: JobQueue;
  private alive = true;
  private gone = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: ClientDeps,
    private readonly onGone: (c: AgentClient) => void,
  ) {
    this.scope = deps.agentScope.child(`client ${deps.remote}`);
    this.queue = new JobQueue({ handlers: deps.handlers, send: (m) => this.send(m), clientScope: this.scope, maxQueued: deps.limits.maxQueuedJobs, log: deps.log });
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (e) => {
      deps.log(`bpflc serve: WebSocket client ${deps.remote}: ${e.message}`);
      this.release('socket error');
    });
    ws.on('close', () => this.release('client disconnected'));
    this.send({ kind: 'hello', protocol: PROTOCOL_VERSION, status: deps.status(), limits: deps.limits });
  }

  private send(msg: AgentMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.send({ kind: 'error', code: 'bad_json', message: 'binary frames are not part of the protocol: send JSON text' });
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.send({ kind: 'error', ...parsed.error });
      return;
    }
    const m = parsed.value;
    switch (m.kind) {
      case 'hello':
        if (m.protocol !== PROTOCOL_VERSION) {
          this.send({ kind: 'error', code: 'protocol_mismatch', message: `this agent speaks protocol ${PROTOCOL_VERSION}, the client ${m.protocol}: reload the page served by this agent` });
          this.ws.close(1002, 'protocol version mismatch');
        }
        return;
      case 'ping':
        this.send(m.nonce === undefined ? { kind: 'pong' } : { kind: 'pong', nonce: m.nonce });
        return;
      case 'request':
        this.queue.submit(m.id, m.request);
        return;
      case 'cancel':
        this.queue.cancel(m.id);
        return;
      case 'go':
        this.queue.go(m.id, m.seq);
        return;
    }
  }

  /** Called by the agent every heartbeat period: a client that did not answer the last ping is dropped. */
  heartbeat(): void {
    if (this.gone) return;
    if (!this.alive) {
      this.deps.log(`bpflc serve: WebSocket client ${this.deps.remote} did not answer a ping: dropping it and releasing its resources`);
      this.ws.terminate();
      this.release('heartbeat timeout');
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** Agent shutdown: jobs fail with "shutdown" (told while the socket is open), then the socket closes. */
  shutdown(reason: string): void {
    if (this.gone) return;
    this.queue.stop('shutdown', `the agent is stopping (${reason})`, true);
    this.ws.close(1001, 'agent shutting down');
    this.release(reason);
  }

  private release(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    this.queue.stop('shutdown', reason, false);
    for (const f of this.scope.close(reason)) this.deps.log(`bpflc serve: cleanup "${f.label}" of ${f.scope} failed: ${f.error}`);
    this.onGone(this);
  }
}
