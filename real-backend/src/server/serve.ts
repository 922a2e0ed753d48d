// The agent: the built app and the /api (status, WebSocket) on one loopback origin (ARCHITECTURE.md, "The agent").
//
// Every request: Host must be a loopback name with our port (421 otherwise), then
//   /api/*      Origin ours or absent (403), token (401), body limit (413), then the route (api-routes.ts);
//   /api/ws     the same checks at the upgrade, then one AgentClient per socket (ws-client.ts);
//   anything else: the app's files (static-files.ts).
//
// Why index.html may carry the token: it is injected only when the page request itself carried the valid token
// (the URL the agent printed), never for a bare "/". A cross-site page cannot read our responses (no CORS headers,
// and the Host check stops DNS rebinding from making it same-origin), so from a browser only our own origin could
// read the page anyway; but another local user or process can GET http://127.0.0.1:PORT/ without a browser, and
// an agent running as root must not hand them the token. So: no token in, no token out. The page keeps the token
// (sessionStorage) and may drop it from its address bar; the meta tag is how it learns it.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { existsSync, realpathSync } from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH } from '@bpflc/sim/protocol/messages';
import type { AgentStatus } from '@bpflc/sim/protocol/status';
import { probe as kernelProbe, type MachineProbe } from '../kernel/index.ts';
import { agentInfo, buildStatus } from './agent-status.ts';
import { handleApi, isApiPath, refuse } from './api-routes.ts';
import { CleanupScope } from './cleanup.ts';
import { defaultHandlers } from './handlers.ts';
import { declaredTooLarge, discardBody } from './http-body.ts';
import type { HandlerTable } from './jobs.ts';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.ts';
import { checkApiAccess, hostAllowed, hostRefusal, pathForLog, refusalLine, remoteOf, type Refusal } from './request-guard.ts';
import { safePath, serveStatic } from './static-files.ts';
import { newToken, queryToken, tokenMatches } from './token.ts';
import { AgentClient } from './ws-client.ts';

export { hostAllowed } from './request-guard.ts';

export interface AgentOptions {
  appDir: string;
  host: string;
  port: number;
  /** The machine probe; the kernel's real one unless the caller has its own result (e.g. a cached one). */
  probe?: () => MachineProbe;
  /** Job handlers added to (or replacing) the built-in status and probe handlers. */
  handlers?: HandlerTable;
  limits?: Partial<ServerLimits>;
  /** Where refusals and cleanup failures go, one line each; stderr by default. */
  log?: (line: string) => void;
  /** The kernel BTF GET /api/kernel-btf serves; /sys/kernel/btf/vmlinux by default. */
  kernelBtfPath?: string;
}

export interface Agent {
  readonly server: Server;
  readonly port: number;
  /** The per-start secret; `url` carries it. */
  readonly token: string;
  /** http://127.0.0.1:PORT/?token=… */
  readonly url: string;
  clients(): number;
  status(): AgentStatus;
  /** Stop: jobs fail with "shutdown", sockets close (1001), every cleanup runs, the server stops listening. */
  close(reason?: string): Promise<void>;
  /** The synchronous part of close (for a process 'exit' hook): cleanups run, sockets are dropped. */
  closeNow(reason?: string): void;
}

const LOOPBACK_BIND = ['127.0.0.1', '::1', 'localhost'];

function refuseUpgrade(socket: Duplex, r: Refusal): void {
  const body = `${JSON.stringify({ error: r.why, status: r.status })}\n`;
  socket.end(
    `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

export async function startAgent(opts: AgentOptions): Promise<Agent> {
  if (!LOOPBACK_BIND.includes(opts.host)) {
    throw new Error(`refusing to bind ${opts.host}: bpflc serve binds loopback only (127.0.0.1 or ::1).`);
  }
  if (!existsSync(`${opts.appDir}/index.html`)) {
    throw new Error(`the app is not built (no ${opts.appDir}/index.html): run \`npm run build:app\`.`);
  }
  const appDir = realpathSync(opts.appDir);
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const probe = opts.probe ?? kernelProbe;
  const token = newToken();
  const scope = new CleanupScope('agent');
  const status = () => buildStatus(probe(), agentInfo());
  const handlers: HandlerTable = { ...defaultHandlers({ status, probe }), ...opts.handlers };
  const clients = new Set<AgentClient>();
  const sockets = new Set<WebSocket>();
  let port = 0;
  let closing = false;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req.headers.host, port)) return refuse(req, res, hostRefusal(req), log);
    const url = req.url ?? '/';
    if (isApiPath(url)) {
      handleApi(req, res, { port: () => port, token, limits, status, log, ...(opts.kernelBtfPath !== undefined ? { kernelBtfPath: opts.kernelBtfPath } : {}) }).catch((e: unknown) => {
        log(`bpflc serve: internal error on ${pathForLog(url)}: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    if (safePath(url) === null) return refuse(req, res, { status: 400, why: 'path leaves the app (a . or .. segment, an encoded slash or backslash, or a NUL)' }, log);
    if (declaredTooLarge(req, limits.maxBodyBytes)) return refuse(req, res, { status: 413, why: `request body over the limit of ${limits.maxBodyBytes} bytes` }, log);
    discardBody(req, limits.maxBodyBytes, () => {
      log(refusalLine(req, { status: 413, why: `streamed body over the limit of ${limits.maxBodyBytes} bytes: connection dropped` }));
      req.socket.destroy();
    });
    const given = queryToken(url);
    const pageToken = given !== undefined && tokenMatches(token, given) ? token : undefined;
    if (given !== undefined && pageToken === undefined) log(refusalLine(req, { status: 200, why: 'page asked with a wrong token: served without one' }));
    const onRefused = (why: string, status: number) => log(refusalLine(req, { status, why }));
    serveStatic(appDir, req, res, pageToken === undefined ? { onRefused } : { pageToken, onRefused });
  };

  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let a slow client stay that long).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    onRequest,
  );

  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
    if (e.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, why] =
      e.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, `request not received within ${limits.requestTimeoutMs} ms (headers within ${limits.headersTimeoutMs} ms)`]
        : e.code === 'HPE_HEADER_OVERFLOW'
          ? [431, `request head over the limit of ${limits.maxHeaderBytes} bytes`]
          : [400, `malformed request (${e.code ?? e.message})`];
    const s = socket as Duplex & { remoteAddress?: string; remotePort?: number };
    log(`bpflc serve: refused ${status} from ${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}: ${why}`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const fail = (r: Refusal) => {
      log(refusalLine(req, r));
      refuseUpgrade(socket, r);
    };
    if (!hostAllowed(req.headers.host, port)) return fail(hostRefusal(req));
    if ((req.url ?? '').replace(/[?#].*$/s, '') !== WS_PATH) return fail({ status: 404, why: `no WebSocket endpoint here: it is ${WS_PATH}` });
    const denied = checkApiAccess(req, port, token);
    if (denied) return fail(denied);
    if (closing) return fail({ status: 503, why: 'the agent is stopping' });
    if (clients.size >= limits.maxClients) return fail({ status: 503, why: `already ${clients.size} clients (the limit is ${limits.maxClients}): close another tab` });
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.once('close', () => sockets.delete(ws));
      const c = new AgentClient(
        ws,
        { handlers, limits: { maxMessageBytes: limits.maxMessageBytes, maxQueuedJobs: limits.maxQueuedJobs }, status, log, agentScope: scope, remote: remoteOf(req) },
        (gone) => clients.delete(gone),
      );
      clients.add(c);
    });
  });

  const beat = setInterval(() => {
    for (const c of clients) c.heartbeat();
  }, limits.heartbeatMs);
  beat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  const closeNow = (reason = 'agent stopping'): void => {
    if (closing) return;
    closing = true;
    clearInterval(beat);
    for (const c of [...clients]) c.shutdown(reason);
    for (const f of scope.close(reason)) log(`bpflc serve: cleanup "${f.label}" of ${f.scope} failed: ${f.error}`);
    server.close();
    server.closeIdleConnections();
  };

  return {
    server,
    port,
    token,
    url: `http://${shownHost}:${port}/?token=${token}`,
    clients: () => clients.size,
    status,
    closeNow,
    close: (reason) => {
      closeNow(reason);
      // Let the close frames go out, then drop whatever is still connected.
      setTimeout(() => {
        for (const ws of sockets) ws.terminate();
        server.closeAllConnections();
      }, 200).unref();
      return closed;
    },
  };
}
