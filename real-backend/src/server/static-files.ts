// Serves the built app (app/dist) from the agent's loopback origin. Read-only, no directory listings, no path
// escapes: a request path with a `.`/`..` segment (raw or %-encoded), an encoded slash or backslash, or a NUL is
// refused before it touches the file system, and the resolved file must lie inside the root (symlinks included).
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOKEN_META_NAME } from '@bpflc/sim/protocol/messages';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response of the agent's origin. */
export const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The page's URL may carry the token: never send it to another site as a Referer.
  'Referrer-Policy': 'no-referrer',
  // No other site may frame the agent's page (clickjacking the buttons that load programs).
  'X-Frame-Options': 'DENY',
} as const;

/**
 * The decoded path of a raw request target, or null when it is not a plain path inside the site.
 * e.g. "/assets/index-3f2a.js?x=1" → "/assets/index-3f2a.js"; "/%2e%2e/etc/passwd", "/a%2fb", "/..\\x" → null
 */
export function safePath(rawUrl: string): string | null {
  const end = rawUrl.search(/[?#]/);
  const raw = end < 0 ? rawUrl : rawUrl.slice(0, end);
  if (!raw.startsWith('/') || /%(2f|5c|00)/i.test(raw)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  return decoded;
}

/** Resolves a decoded path inside root; null when the file (after symlinks) would lie outside it. */
export function resolveInside(root: string, decodedPath: string): string | null {
  const full = join(root, decodedPath);
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(full);
    realRoot = realpathSync(root);
  } catch {
    return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
  }
  return real === realRoot || real.startsWith(realRoot + sep) ? real : null;
}

function fileAt(path: string): number | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** index.html with `<meta name="bpflc-token" content="…">` as the first child of <head> (or first of all). */
export function withToken(html: string, token: string): string {
  const meta = `<meta name="${TOKEN_META_NAME}" content="${token}">`;
  const m = /<head(\s[^>]*)?>/i.exec(html);
  return m ? `${html.slice(0, m.index + m[0].length)}${meta}${html.slice(m.index + m[0].length)}` : `${meta}${html}`;
}

export interface StaticOptions {
  /** Put into index.html when set (see serve.ts for when). */
  pageToken?: string;
  /** Told when a path is refused (for the agent's refusal log). */
  onRefused?: (why: string, status: number) => void;
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, opts: StaticOptions = {}): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    opts.onRefused?.(`${req.method ?? '?'} on the app's files (only GET and HEAD)`, 405);
    res.writeHead(405, { ...COMMON_HEADERS, Allow: 'GET, HEAD' }).end();
    return;
  }
  const decoded = safePath(req.url ?? '/');
  let path = decoded === null ? null : resolveInside(root, decoded === '/' ? '/index.html' : decoded);
  if (path === null) {
    opts.onRefused?.(decoded === null ? 'path leaves the app' : 'path resolves (through a symlink) outside the app', 400);
    res.writeHead(400, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad path.\n');
    return;
  }
  let size = fileAt(path);
  // Single-page app: unknown paths without an extension get index.html (deep links).
  if (size === null && extname(path) === '') {
    path = join(root, 'index.html');
    size = fileAt(path);
  }
  if (size === null) {
    res.writeHead(404, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
    return;
  }
  if (path === join(root, 'index.html')) {
    const html = readFileSync(path, 'utf8');
    const body = Buffer.from(opts.pageToken === undefined ? html : withToken(html, opts.pageToken));
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': MIME['.html'], 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const hashed = (decoded ?? '').startsWith('/assets/');
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
}
