// The HTTP side of /api: after the Host check (serve.ts), every request here passes the Origin and token checks
// and the body limit, then one of the routes: GET /api/status, GET /api/kernel-btf (the running kernel's BTF,
// readable by any user, for the app's type browser). The WebSocket at /api/ws arrives as an upgrade
// (serve.ts); a plain GET of it gets 426.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KERNEL_BTF_PATH, STATUS_PATH, WS_PATH } from '@bpflc/sim/protocol/messages';
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
  /** Where the kernel's BTF is read from (/sys/kernel/btf/vmlinux; another file in tests or a guest). */
  kernelBtfPath?: string;
}

export const DEFAULT_KERNEL_BTF_PATH = '/sys/kernel/btf/vmlinux';

async function sendKernelBtf(res: ServerResponse, path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT'
      ? `${path} does not exist: this kernel was built without CONFIG_DEBUG_INFO_BTF, so it has no BTF to browse (open a BTF file instead)`
      : `cannot read ${path}: ${code ?? String(e)}`;
    return sendJson(res, 404, { error: why, status: 404 });
  }
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length, 'Cache-Control': 'no-store', 'X-Bpflc-File': path });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
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
  if (path === KERNEL_BTF_PATH) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: `${KERNEL_BTF_PATH} takes GET`, status: 405 }, { Allow: 'GET, HEAD' });
    return sendKernelBtf(res, deps.kernelBtfPath ?? DEFAULT_KERNEL_BTF_PATH);
  }
  if (path === WS_PATH) return sendJson(res, 426, { error: `${WS_PATH} is a WebSocket: connect with ws://…${WS_PATH}?token=…`, status: 426 }, { Upgrade: 'websocket' });
  sendJson(res, 404, { error: `no API endpoint ${path}: the agent has ${STATUS_PATH}, ${KERNEL_BTF_PATH} and ${WS_PATH}`, status: 404 });
}
