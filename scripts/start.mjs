// `npm start`: build what is stale (the CLI bundle, the app), then serve the app on 127.0.0.1.
// Needs no system packages and no privileges: the simulator runs in the page.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function isStale(output, inputs) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some((d) => existsSync(d) && newestMtime(d) > built);
}

function run(label, args) {
  console.log(`[start] ${label}…`);
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const src = (...p) => join(root, ...p);
if (isStale(src('real-backend/dist/bpflc.mjs'), [src('real-backend/src'), src('sim/src')])) run('building the CLI', ['run', '--silent', 'build:cli']);
if (isStale(src('app/dist/index.html'), [src('app/src'), src('sim/src'), src('content/examples')])) run('building the app', ['run', '--silent', 'build:app']);

// The agent runs as a child; a signal to `npm start` reaches it (so its clients' fds and children are released)
// and its exit code becomes ours. PORT=0 picks any free port; the agent prints the URL with its token.
const port = process.env.PORT ?? '7788';
const child = spawn(process.execPath, [src('real-backend/bin/bpflc.mjs'), 'serve', '--port', port, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
