// The checks every request passes before anything is served, and the one-line log of each refusal.
//
// - Host: only the loopback names with our port. A page on evil.example whose DNS name is re-pointed at 127.0.0.1
//   (DNS rebinding) sends "Host: evil.example:PORT" and gets 421, so it never becomes same-origin with the agent.
// - Origin (on /api and the WebSocket upgrade): absent (curl, a same-origin GET) or our own origin. Browsers
//   always send it on WebSocket upgrades and cross-origin requests, so a foreign page gets 403 even before the
//   token matters.
// - Token (on /api): the per-start secret, as `Authorization: Bearer` or `?token=`.
import type { IncomingMessage } from 'node:http';
import { presentedToken, tokenMatches } from './token.ts';

/** The names a browser on this machine may use for the agent (with our port). */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const h = hostHeader.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}`);
}

/** No Origin header is fine (non-browser clients, same-origin GETs); otherwise it must be one of our origins. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return LOOPBACK_NAMES.some((name) => o === `http://${name}:${port}`);
}

export interface Refusal {
  status: number;
  /** Short reason for the log and the JSON body, e.g. "missing token". */
  why: string;
}

/** Origin and token checks of an /api request or WebSocket upgrade (Host is checked before, for every request). */
export function checkApiAccess(req: IncomingMessage, port: number, token: string): Refusal | null {
  if (!originAllowed(req.headers.origin, port)) {
    return { status: 403, why: `Origin ${quote(req.headers.origin)} is not this agent's origin (cross-site request)` };
  }
  const given = presentedToken(req);
  if (given === undefined) return { status: 401, why: 'missing token (send Authorization: Bearer <token> or ?token=<token>, from the URL the agent printed)' };
  if (!tokenMatches(token, given)) return { status: 401, why: 'wrong token (the agent makes a new one at every start: use the URL it printed)' };
  return null;
}

export function hostRefusal(req: IncomingMessage): Refusal {
  return { status: 421, why: `Host ${quote(req.headers.host)} is not a loopback name with this agent's port (DNS rebinding?)` };
}

/** A header value for a log line: quoted, control characters escaped, at most 120 characters. */
export function quote(v: string | undefined): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v.length > 120 ? `${v.slice(0, 120)}…` : v);
  return s;
}

/** The request path without its query (which may carry the token): never log the secret. */
export function pathForLog(rawUrl: string | undefined): string {
  const u = rawUrl ?? '';
  const q = u.search(/[?#]/);
  const p = q < 0 ? u : u.slice(0, q);
  return JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p).slice(1, -1);
}

export function remoteOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '?';
  return `${a.includes(':') ? `[${a}]` : a}:${req.socket.remotePort ?? '?'}`;
}

/** e.g. "bpflc serve: refused 401 GET /api/status from 127.0.0.1:53122: missing token (…)" */
export function refusalLine(req: IncomingMessage, r: Refusal): string {
  return `bpflc serve: refused ${r.status} ${req.method ?? '?'} ${pathForLog(req.url)} from ${remoteOf(req)}: ${r.why}`;
}
