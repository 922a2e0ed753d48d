// The per-start secret that guards /api: 32 random bytes as 64 hex digits, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant time in the content of `given`: both sides are hashed first, so neither the position of the first
 * differing character nor a length difference shows in the timing (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The query string's `token` parameter of a raw request target, e.g. "/api/ws?token=ab12…". */
export function queryToken(rawUrl: string | undefined): string | undefined {
  const q = (rawUrl ?? '').indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams((rawUrl ?? '').slice(q + 1)).get('token') ?? undefined;
}

/** The token a request presents: `Authorization: Bearer <token>` first, else `?token=<token>`. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? '';
  }
  return queryToken(req.url);
}
