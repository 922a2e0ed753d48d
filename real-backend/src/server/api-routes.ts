// The HTTP side of /api: after the Host check (serve.ts), every request here passes the Origin and token checks
// and the body limit, then one of the routes. Today: GET /api/status. The WebSocket at /api/ws arrives as an
// upgrade (serve.ts); a plain GET of it gets 426.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_PATH, WS_PATH } from '@bpflc/sim/protocol/messages';
import type { AgentStatus } from '@bpflc/sim/protocol/status';
import { readBody } from './http-body.ts';
import type { ServerLimits } from './limits.ts';
import { checkApiAccess, refusalLine, type Refusal } from './request-guard.ts';
import { COMMON_HEADERS } from './static-files.ts';

export interface ApiDeps {
  port(): number;
  token: string;
  limits: ServerLimits;
  status(): AgentStatus;
  log(line: string): void;
}

export function isApiPath(rawUrl: string): boolean {
  return rawUrl === '/api' || rawUrl.startsWith('/api/') || rawUrl.startsWith('/api?');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = Buffer.from(`${JSON.stringify(body)}\n`);
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': text.length, 'Cache-Control': 'no-store', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Logs the refusal and answers with a JSON error; the connection closes (a pending body is not read). */
export function refuse(req: IncomingMessage, res: ServerResponse, r: Refusal, log: (line: string) => void): void {
  log(refusalLine(req, r));
  const extra: Record<string, string> = { Connection: 'close' };
  if (r.status === 401) extra['WWW-Authenticate'] = 'Bearer realm="bpflc"';
  sendJson(res, r.status, { error: r.why, status: r.status }, extra);
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const denied = checkApiAccess(req, deps.port(), deps.token);
  if (denied) return refuse(req, res, denied, deps.log);
  const body = await readBody(req, deps.limits.maxBodyBytes);
  if (!body.ok) {
    if (body.error.kind === 'too_large') refuse(req, res, { status: 413, why: `request body over the limit of ${deps.limits.maxBodyBytes} bytes` }, deps.log);
    else req.socket.destroy();
    return;
  }
  const path = (req.url ?? '').replace(/[?#].*$/s, '');
  if (path === STATUS_PATH) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: `${STATUS_PATH} takes GET`, status: 405 }, { Allow: 'GET, HEAD' });
    return sendJson(res, 200, deps.status());
  }
  if (path === WS_PATH) return sendJson(res, 426, { error: `${WS_PATH} is a WebSocket: connect with ws://…${WS_PATH}?token=…`, status: 426 }, { Upgrade: 'websocket' });
  sendJson(res, 404, { error: `no API endpoint ${path}: the agent has ${STATUS_PATH} and ${WS_PATH}`, status: 404 });
}
