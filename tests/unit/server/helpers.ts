// Test helpers for the agent: a tiny app in a temp folder, raw HTTP over a socket (so that the request line and
// headers go out exactly as written: no client-side path normalization), and a WebSocket client with an inbox.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { AgentMessage } from '@bpflc/sim/protocol/messages';
import { parseAgentMessage } from '@bpflc/sim/protocol/parse';
import { startAgent, type Agent, type AgentOptions } from '../../../real-backend/src/server/serve.ts';

export const SECRET = 'outside-the-app: this text must never be served';

export interface TestApp {
  root: string;
  appDir: string;
  remove(): void;
}

/** tmp/app/{index.html, assets/app.js, link-out → ../outside/secret.txt} and tmp/outside/secret.txt. */
export function makeTestApp(): TestApp {
  const root = mkdtempSync(join(tmpdir(), 'bpflc-serve-'));
  chmodSync(root, 0o755); // readable by the unprivileged (nobody) run too
  const appDir = join(root, 'app');
  mkdirSync(join(appDir, 'assets'), { recursive: true });
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>bpflc test app</title></head><body><div id="root"></div></body></html>\n');
  writeFileSync(join(appDir, 'assets', 'app-1234.js'), 'console.log("app");\n');
  writeFileSync(join(root, 'outside', 'secret.txt'), SECRET);
  symlinkSync(join(root, 'outside', 'secret.txt'), join(appDir, 'link-out.txt'));
  return { root, appDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface TestAgent {
  agent: Agent;
  app: TestApp;
  logs: string[];
  close(): Promise<void>;
}

export async function startTestAgent(opts: Partial<AgentOptions> = {}): Promise<TestAgent> {
  const app = makeTestApp();
  const logs: string[] = [];
  const agent = await startAgent({ appDir: app.appDir, host: '127.0.0.1', port: 0, log: (l) => logs.push(l), ...opts });
  return {
    agent,
    app,
    logs,
    close: async () => {
      await agent.close('test over');
      app.remove();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (+ body) verbatim and reads until the server closes or the response is complete. */
export function rawRequest(port: number, head: string, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      const [top = '', ...rest] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = top.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n') });
    };
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      data += d;
      const end = data.indexOf('\r\n\r\n');
      const len = /content-length:\s*(\d+)/i.exec(data.slice(0, end))?.[1];
      if (end >= 0 && len !== undefined && data.length - end - 4 >= Number(len)) {
        sock.destroy();
        done();
      }
    });
    sock.on('close', done);
    sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? done() : reject(e)));
    sock.write(head + body);
  });
}

/** An HTTP/1.1 request head for the agent on `port`, with extra header lines. */
export function head(method: string, target: string, port: number, extra: string[] = []): string {
  const host = extra.some((h) => /^host:/i.test(h)) ? [] : [`Host: 127.0.0.1:${port}`];
  return `${method} ${target} HTTP/1.1\r\n${[...host, ...extra, 'Connection: close'].join('\r\n')}\r\n\r\n`;
}

export interface Inbox {
  ws: WebSocket;
  all: AgentMessage[];
  /** The next message (optionally of one kind, optionally for one job id), waiting up to `ms`. */
  next(kind?: AgentMessage['kind'], id?: string, ms?: number): Promise<AgentMessage>;
  closed: Promise<{ code: number; reason: string }>;
  send(obj: unknown): void;
}

export function openInbox(ws: WebSocket): Inbox {
  const all: AgentMessage[] = [];
  let read = 0;
  const waiters: (() => void)[] = [];
  ws.on('message', (data, isBinary) => {
    const parsed = parseAgentMessage(isBinary ? '' : String(data));
    if (!parsed.ok) throw new Error(`the agent sent a message its own parser refuses: ${parsed.error.message}: ${String(data)}`);
    all.push(parsed.value);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const next = (kind?: AgentMessage['kind'], id?: string, ms = 5_000): Promise<AgentMessage> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${kind ?? 'message'}${id ? ` for ${id}` : ''} within ${ms} ms; got ${JSON.stringify(all.slice(read))}`)), ms);
      const look = () => {
        while (read < all.length) {
          const m = all[read++];
          if (m && (kind === undefined || m.kind === kind) && (id === undefined || ('id' in m && m.id === id))) {
            clearTimeout(timer);
            resolve(m);
            return;
          }
        }
        waiters.push(look);
      };
      look();
    });
  return { ws, all, next, closed, send: (obj) => ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)) };
}

/** Connects to /api/ws with the agent's token (unless overridden) and resolves once the socket is open. */
export function connectWs(agent: Agent, opts: { token?: string | null; origin?: string; host?: string; path?: string; autoPong?: boolean } = {}): Promise<Inbox> {
  const token = opts.token === undefined ? agent.token : opts.token;
  const q = token === null ? '' : `?token=${token}`;
  const headers: Record<string, string> = {};
  if (opts.host) headers.Host = opts.host;
  const ws = new WebSocket(`ws://127.0.0.1:${agent.port}${opts.path ?? '/api/ws'}${q}`, {
    headers,
    ...(opts.origin ? { origin: opts.origin } : {}),
    autoPong: opts.autoPong ?? true,
  });
  const inbox = openInbox(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(inbox));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Resolves when `pred` holds, polling every 20 ms, or rejects after `ms`. */
export async function until(pred: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
