// `bpflc serve`: the built app on one loopback origin. Later the agent's /api (status, WebSocket) joins it here.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { serveStatic } from './static-files.ts';

export interface ServeOptions {
  appDir: string;
  host: string;
  port: number;
}

/** Only loopback: a Host header naming anything else is a DNS-rebinding attempt. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].some((h) => hostHeader === `${h}:${port}`);
}

export function startServer(opts: ServeOptions): Promise<Server> {
  if (!['127.0.0.1', '::1', 'localhost'].includes(opts.host)) {
    return Promise.reject(new Error(`refusing to bind ${opts.host}: bpflc serve binds loopback only (127.0.0.1 or ::1).`));
  }
  if (!existsSync(`${opts.appDir}/index.html`)) {
    return Promise.reject(new Error(`the app is not built (no ${opts.appDir}/index.html): run \`npm run build:app\`.`));
  }
  const server = createServer((req, res) => {
    const port = (server.address() as { port: number }).port;
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request: wrong Host header.\n');
      return;
    }
    serveStatic(opts.appDir, req, res);
  });
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
