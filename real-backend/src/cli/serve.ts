// `bpflc serve [--port N] [--host 127.0.0.1] [--app-dir DIR]`: the built app and the agent on one loopback origin.
// Prints the URL that carries this start's token, and what real kernel runs can do here (or exactly why not).
// SIGTERM, SIGINT and SIGHUP stop it cleanly: jobs fail with "shutdown", every client's fds and children go.
import { join, resolve } from 'node:path';
import { repoRoot } from '../repo-root.ts';
import { startAgent } from '../server/serve.ts';
import { SERVE_USAGE } from './commands.ts';


export async function runServe(args: string[]): Promise<number> {
  let port = 7788;
  let host = '127.0.0.1';
  let appDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === '--port' && v !== undefined && /^\d+$/.test(v) && Number(v) < 65536) port = Number(v);
    else if (a === '--host' && v !== undefined) host = v;
    else if (a === '--app-dir' && v !== undefined) appDir = resolve(v);
    else {
      process.stderr.write(`bpflc serve: unexpected argument ${JSON.stringify(a)}. Usage: ${SERVE_USAGE}\n`);
      return 2;
    }
    i++;
  }
  try {
    const agent = await startAgent({ appDir: appDir ?? join(repoRoot(), 'app', 'dist'), host, port });
    const st = agent.status();
    const out = [`bpf-lifecycle: open ${agent.url}`, '  (the token in this URL is new at every start; keep it to yourself: it lets a page drive this agent)'];
    if (st.real.available) {
      out.push(`  real kernel runs: available on Linux ${st.kernel}`);
      for (const l of st.real.limits) out.push(`    limit: ${l}`);
    } else {
      out.push(`  real kernel runs: unavailable on Linux ${st.kernel}; the simulator works in the page`);
      for (const r of st.real.reasons) out.push(`    ${r}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    let stopping = false;
    const stop = (sig: NodeJS.Signals) => {
      // Ctrl-C reaches both `npm start` and us, which then forwards it: stop once, ignore the repeat.
      if (stopping) return;
      stopping = true;
      process.stderr.write(`bpflc serve: ${sig}: stopping (releasing every client's resources)\n`);
      const force = setTimeout(() => process.exit(0), 3_000);
      force.unref();
      void agent.close(sig).then(() => process.exit(0));
    };
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => stop(sig));
    // A crash still kills the children jobs spawned (kernel fds go with the process anyway).
    process.once('exit', () => agent.closeNow('exit'));
    return await new Promise<number>(() => {});
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is in use: pass --port N (or --port 0 for any free port).` : (e as Error).message;
    process.stderr.write(`bpflc serve: cannot start: ${why}\n`);
    return 1;
  }
}
