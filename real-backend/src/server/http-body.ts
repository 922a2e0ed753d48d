// Request bodies under a size limit: a declared Content-Length over it is refused before a byte is read; a
// chunked body is counted as it arrives and refused the moment it passes the limit.
import type { IncomingMessage } from 'node:http';
import { err, ok, type Result } from '@bpflc/sim/result';

export type BodyError = { kind: 'too_large'; limit: number } | { kind: 'aborted' };

export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const len = req.headers['content-length'];
  return len !== undefined && !(/^\d+$/.test(len) && Number(len) <= limit);
}

/** The whole body (empty for a GET without one), or an error value when it is too large or cut off. */
export function readBody(req: IncomingMessage, limit: number): Promise<Result<Buffer, BodyError>> {
  return new Promise((resolve) => {
    if (declaredTooLarge(req, limit)) {
      resolve(err({ kind: 'too_large', limit }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: Result<Buffer, BodyError>) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        finish(err({ kind: 'too_large', limit }));
      } else chunks.push(c);
    });
    req.on('end', () => finish(ok(Buffer.concat(chunks))));
    req.on('aborted', () => finish(err({ kind: 'aborted' })));
    req.on('error', () => finish(err({ kind: 'aborted' })));
  });
}

/** For requests whose body nobody reads (static files): drain it, but drop the connection past the limit. */
export function discardBody(req: IncomingMessage, limit: number, onTooLarge: () => void): void {
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > limit) {
      req.removeAllListeners('data');
      onTooLarge();
    }
  });
}
