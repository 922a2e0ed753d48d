// The WebSocket client of the agent (protocol version 1, sim/src/protocol/messages.ts): connects to /api/ws with
// the token, reconnects with exponential backoff, parses every frame with the sim's parseAgentMessage and hands
// each message to one listener. No React here: live-store.tsx turns the messages into state.
// Left out: ping/pong (the agent's own heartbeat keeps the socket alive), compile/probe jobs (not used yet).
import { PROTOCOL_VERSION, STATUS_PATH, WS_PATH, encodeMessage, parseAgentMessage, type AgentMessage, type AgentStatus, type ClientMessage, type JobRequest } from '@bpflc/sim';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface ClientEvents {
  onMessage(msg: AgentMessage): void;
  onSocket(state: SocketState, why?: string): void;
}

/** Delays between reconnects: 0.5 s doubling to 15 s. */
export function backoffMs(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.min(attempt, 5));
}

export class AgentClient {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private nextId = 1;

  constructor(
    private readonly token: string,
    private readonly events: ClientEvents,
    private readonly origin: { protocol: string; host: string } = window.location,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, 'page closed');
  }

  private connect(): void {
    if (this.stopped) return;
    this.events.onSocket('connecting');
    const scheme = this.origin.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${this.origin.host}${WS_PATH}?token=${encodeURIComponent(this.token)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.send({ kind: 'hello', protocol: PROTOCOL_VERSION, client: 'bpflc-app' });
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      const m = parseAgentMessage(ev.data);
      if (!m.ok) {
        console.warn(`agent sent a message the app cannot read: ${m.error.message}`);
        return;
      }
      if (m.value.kind === 'hello') this.events.onSocket('open');
      this.events.onMessage(m.value);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      const why = ev.reason || (ev.code === 1006 ? 'the agent is not reachable' : `closed (${ev.code})`);
      this.events.onSocket('closed', why);
      if (this.stopped) return;
      this.timer = setTimeout(() => this.connect(), backoffMs(this.attempt++));
    };
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  private send(msg: ClientMessage): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(encodeMessage(msg));
    return true;
  }

  /** Sends a job; returns its id, or null when the socket is not open. */
  request(request: JobRequest): string | null {
    const id = `app-${Date.now().toString(36)}-${this.nextId++}`;
    return this.send({ kind: 'request', id, request }) ? id : null;
  }

  cancel(id: string): boolean {
    return this.send({ kind: 'cancel', id });
  }

  go(id: string, seq: number): boolean {
    return this.send({ kind: 'go', id, seq });
  }

  /** After failed connects: is it the token (401: an agent restarted since the page got it) or the agent itself? */
  async tokenRefused(): Promise<boolean> {
    try {
      const r = await fetch(STATUS_PATH, { headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store' });
      return r.status === 401;
    } catch {
      return false;
    }
  }

  /** GET /api/status with the token as a Bearer credential (the badge's "check again"). */
  async fetchStatus(): Promise<AgentStatus> {
    const r = await fetch(STATUS_PATH, { headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store' });
    if (!r.ok) throw new Error(`GET ${STATUS_PATH}: ${r.status} ${r.statusText}`);
    return (await r.json()) as AgentStatus;
  }
}
