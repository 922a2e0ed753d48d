// `bpflc serve [--port N] [--host 127.0.0.1]`: the built app on one loopback origin.
import { join } from 'node:path';
import { repoRoot } from '../repo-root.ts';
import { startServer } from '../server/serve.ts';

export const SERVE_USAGE = 'bpflc serve [--port N] [--host 127.0.0.1]';

export async function runServe(args: string[]): Promise<number> {
  let port = 7788;
  let host = '127.0.0.1';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === '--port' && v !== undefined && /^\d+$/.test(v) && Number(v) < 65536) (port = Number(v)), i++;
    else if (a === '--host' && v !== undefined) (host = v), i++;
    else {
      process.stderr.write(`bpflc serve: unexpected argument ${JSON.stringify(a)}. Usage: ${SERVE_USAGE}\n`);
      return 2;
    }
  }
  const appDir = join(repoRoot(), 'app', 'dist');
  try {
    const server = await startServer({ appDir, host, port });
    const addr = server.address() as { port: number };
    const shown = host.includes(':') ? `[${host}]` : host;
    process.stdout.write(`bpf-lifecycle is serving the app at http://${shown}:${addr.port}/\n`);
    process.stdout.write('Real kernel runs (the agent) are not available yet; the simulator works in the page.\n');
    const stop = () => server.close(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return await new Promise<number>(() => {});
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is in use: pass --port N (or --port 0 for any free port).` : (e as Error).message;
    process.stderr.write(`bpflc serve: cannot start: ${why}\n`);
    return 1;
  }
}
