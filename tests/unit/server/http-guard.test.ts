// The agent's HTTP side on a real socket (127.0.0.1, random port): Host, Origin and token checks, body, head and
// time limits, path escapes, the token in index.html only when the page request carried it, and one log line
// per refusal saying what, from where and why.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../../real-backend/src/server/serve.ts';
import { SECRET, head, makeTestApp, rawRequest, startTestAgent, type TestAgent } from './helpers.ts';

let t: TestAgent;
let port: number;
let token: string;
beforeAll(async () => {
  t = await startTestAgent();
  port = t.agent.port;
  token = t.agent.token;
});
afterAll(() => t.close());

const lastLog = () => t.logs.at(-1) ?? '';

describe('token', () => {
  it('is 32 random bytes in hex, new at every start, and the printed URL carries it', async () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(t.agent.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    const other = await startTestAgent();
    expect(other.agent.token).not.toBe(token);
    await other.close();
  });

  it('guards /api: none → 401, wrong → 401 (Bearer or query), right → 200 (Bearer or query)', async () => {
    const none = await rawRequest(port, head('GET', '/api/status', port));
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="bpflc"');
    expect(JSON.parse(none.body)).toMatchObject({ status: 401, error: expect.stringMatching(/^missing token/) });
    expect(lastLog()).toMatch(new RegExp(`^bpflc serve: refused 401 GET /api/status from 127\\.0\\.0\\.1:\\d+: missing token`));

    // One hex digit changed (never to itself: a token ending in 0 once made this the right token).
    const wrongToken = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
    const wrongBearer = await rawRequest(port, head('GET', '/api/status', port, [`Authorization: Bearer ${wrongToken}`]));
    expect(wrongBearer.status).toBe(401);
    expect(lastLog()).toMatch(/refused 401 GET \/api\/status .*: wrong token/);
    const wrongQuery = await rawRequest(port, head('GET', `/api/status?token=${'0'.repeat(64)}`, port));
    expect(wrongQuery.status).toBe(401);
    // The log never carries what was in the query string (a token, right or wrong).
    expect(t.logs.join('\n')).not.toContain('0'.repeat(64));
    const short = await rawRequest(port, head('GET', '/api/status?token=ab', port));
    expect(short.status).toBe(401);
    const basic = await rawRequest(port, head('GET', '/api/status', port, [`Authorization: Basic ${token}`]));
    expect(basic.status).toBe(401);

    expect((await rawRequest(port, head('GET', '/api/status', port, [`Authorization: Bearer ${token}`]))).status).toBe(200);
    expect((await rawRequest(port, head('GET', `/api/status?token=${token}`, port))).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('unknown /api paths are 404 JSON, /api/ws without an upgrade is 426, a POST to /api/status is 405', async () => {
    const auth = [`Authorization: Bearer ${token}`];
    const nf = await rawRequest(port, head('GET', '/api/nothing', port, auth));
    expect(nf.status).toBe(404);
    expect(nf.headers['content-type']).toMatch(/^application\/json/);
    expect((await rawRequest(port, head('GET', '/api/ws', port, auth))).status).toBe(426);
    expect((await rawRequest(port, head('POST', '/api/status', port, [...auth, 'Content-Length: 2']), '{}')).status).toBe(405);
    // Without the token, even the shape of /api is not revealed.
    expect((await rawRequest(port, head('GET', '/api/nothing', port))).status).toBe(401);
  });
});

describe('Host and Origin', () => {
  it('a foreign Host gets 421 everywhere (DNS rebinding), loopback names with our port pass', async () => {
    for (const h of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.1.nip.io:${port}`, `0.0.0.0:${port}`]) {
      const page = await rawRequest(port, head('GET', '/', port, [`Host: ${h}`]));
      expect(page.status, h).toBe(421);
      const api = await rawRequest(port, head('GET', `/api/status?token=${token}`, port, [`Host: ${h}`]));
      expect(api.status, h).toBe(421);
      expect(lastLog()).toContain(`refused 421 GET /api/status from 127.0.0.1:`);
      expect(lastLog()).toContain(`Host ${JSON.stringify(h)} is not a loopback name`);
    }
    for (const h of [`localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest(port, head('GET', '/', port, [`Host: ${h}`]))).status, h).toBe(200);
    }
  });

  it('a foreign Origin on /api gets 403 even with the token; our own origins and no Origin pass', async () => {
    for (const o of ['http://evil.example', `http://evil.example:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'null']) {
      const r = await rawRequest(port, head('GET', `/api/status?token=${token}`, port, [`Origin: ${o}`]));
      expect(r.status, o).toBe(403);
      expect(lastLog()).toMatch(/refused 403 GET \/api\/status from 127\.0\.0\.1:\d+: Origin .* is not this agent's origin/);
    }
    for (const o of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      expect((await rawRequest(port, head('GET', `/api/status?token=${token}`, port, [`Origin: ${o}`]))).status, o).toBe(200);
    }
    // No CORS header is ever sent: a cross-site page cannot read a response even if one were served.
    const ok = await rawRequest(port, head('GET', `/api/status?token=${token}`, port));
    expect(Object.keys(ok.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('binds loopback only', async () => {
    const app = makeTestApp();
    await expect(startAgent({ appDir: app.appDir, host: '0.0.0.0', port: 0, log: () => {} })).rejects.toThrow(/binds loopback only/);
    app.remove();
  });
});

describe('size and time limits', () => {
  it('a declared body over the limit gets 413 before a byte of it is sent (api and static)', async () => {
    const big = ['Content-Length: 10000000', 'Content-Type: application/json'];
    const api = await rawRequest(port, head('POST', '/api/status', port, [`Authorization: Bearer ${token}`, ...big]));
    expect(api.status).toBe(413);
    expect(api.headers.connection).toBe('close');
    expect(lastLog()).toMatch(/refused 413 POST \/api\/status from 127\.0\.0\.1:\d+: request body over the limit of 65536 bytes/);
    const page = await rawRequest(port, head('GET', '/', port, big));
    expect(page.status).toBe(413);
  });

  it('a chunked body is cut off at the limit with 413', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    const body = `${`${(chunk.length).toString(16)}\r\n${chunk}\r\n`.repeat(5)}0\r\n\r\n`;
    const r = await rawRequest(port, head('POST', '/api/status', port, [`Authorization: Bearer ${token}`, 'Transfer-Encoding: chunked']), body);
    expect(r.status).toBe(413);
  });

  it('a request head over the limit gets 431', async () => {
    const r = await rawRequest(port, head('GET', '/', port, [`X-Pad: ${'a'.repeat(20_000)}`]));
    expect(r.status).toBe(431);
    expect(lastLog()).toMatch(/refused 431 from 127\.0\.0\.1:\d+: request head over the limit of 16384 bytes/);
  });

  it('a slow request (head never finished) gets 408 after the time limit', async () => {
    const slow = await startTestAgent({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 300 } });
    const t0 = performance.now();
    const res = await new Promise<string>((resolve) => {
      const s = connect(slow.agent.port, '127.0.0.1');
      let got = '';
      s.setEncoding('utf8');
      s.on('data', (d: string) => (got += d));
      s.on('close', () => resolve(got));
      s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${slow.agent.port}\r\nX-Slow: `);
    });
    const ms = performance.now() - t0;
    expect(res).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(3_000);
    expect(slow.logs.at(-1)).toMatch(/refused 408 from 127\.0\.0\.1:\d+: request not received within 300 ms/);
    await slow.close();
  });
});

describe('static files', () => {
  const escapes = [
    '/../../etc/passwd',
    '/../outside/secret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2e%2e/outside/secret.txt',
    '/%2E%2E/outside/secret.txt',
    '/..%2f..%2fetc%2fpasswd',
    '/assets/..%2f..%2foutside%2fsecret.txt',
    '/assets%2f..%2f..%2foutside%2fsecret.txt',
    '/..%5coutside%5csecret.txt',
    '/..\\outside\\secret.txt',
    '/./index.html',
    '/assets/%2e/app-1234.js',
    '/index.html%00.js',
    '/%252e%252e/outside/secret.txt',
  ];
  it.each(escapes)('refuses %s and logs it', async (target) => {
    const before = t.logs.length;
    const r = await rawRequest(port, head('GET', target, port));
    expect(r.status).not.toBe(200);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toMatch(/root:.*:0:0:/);
    if (r.status === 400) expect(t.logs.slice(before).join('\n')).toMatch(/refused 400 GET .* from 127\.0\.0\.1:\d+: path leaves the app/);
  });

  it('a symlink inside the app that points outside it is not followed', async () => {
    const r = await rawRequest(port, head('GET', '/link-out.txt', port));
    expect(r.status).toBe(400);
    expect(r.body).not.toContain(SECRET);
    expect(lastLog()).toMatch(/refused 400 GET \/link-out\.txt from 127\.0\.0\.1:\d+: path resolves \(through a symlink\) outside the app/);
  });

  it('serves the app: files, deep links to index.html, 404 for missing files with an extension', async () => {
    const js = await rawRequest(port, head('GET', '/assets/app-1234.js', port));
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toMatch(/immutable/);
    expect(js.body).toBe('console.log("app");\n');
    const deep = await rawRequest(port, head('GET', '/lessons/verifier', port));
    expect(deep.status).toBe(200);
    expect(deep.body).toContain('<title>bpflc test app</title>');
    expect((await rawRequest(port, head('GET', '/missing.js', port))).status).toBe(404);
    expect((await rawRequest(port, head('DELETE', '/index.html', port))).status).toBe(405);
    expect(lastLog()).toMatch(/refused 405 DELETE \/index\.html from 127\.0\.0\.1:\d+: DELETE on the app's files/);
  });

  it('index.html carries the token only when the page request carried the right one', async () => {
    const meta = `<meta name="bpflc-token" content="${token}">`;
    const bare = await rawRequest(port, head('GET', '/', port));
    expect(bare.status).toBe(200);
    expect(bare.body).not.toContain('bpflc-token');
    expect(bare.body).not.toContain(token);

    const page = await rawRequest(port, head('GET', `/?token=${token}`, port));
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<head>${meta}<meta charset="utf-8">`);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.body));

    const deep = await rawRequest(port, head('GET', `/lessons/verifier?token=${token}`, port));
    expect(deep.body).toContain(meta);

    const wrong = await rawRequest(port, head('GET', `/?token=${'f'.repeat(64)}`, port));
    expect(wrong.status).toBe(200);
    expect(wrong.body).not.toContain('bpflc-token');
    expect(lastLog()).toMatch(/GET \/ from 127\.0\.0\.1:\d+: page asked with a wrong token: served without one/);
  });
});
