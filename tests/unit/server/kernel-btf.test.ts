// GET /api/kernel-btf: the running kernel's BTF as bytes for the app's type browser, behind the same token
// check as every /api route; a kernel without BTF gets a 404 that says why and what to do.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexBtf } from '@bpflc/sim';
import { startTestAgent, type TestAgent } from './helpers.ts';

const VMLINUX = '/sys/kernel/btf/vmlinux';

describe('GET /api/kernel-btf', () => {
  let t: TestAgent;
  let missing: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
    missing = await startTestAgent({ kernelBtfPath: '/nonexistent/vmlinux' });
  });
  afterAll(async () => {
    await t.close();
    await missing.close();
  });
  const get = (a: TestAgent, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${a.agent.port}/api/kernel-btf`, { ...init, headers: { Authorization: `Bearer ${a.agent.token}`, ...init.headers } });

  it.runIf(existsSync(VMLINUX))('serves /sys/kernel/btf/vmlinux byte for byte, and it indexes', async () => {
    const res = await get(t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.compare(body, readFileSync(VMLINUX))).toBe(0);
    const ix = indexBtf(body);
    expect(ix.ok && ix.value.count).toBeGreaterThan(10_000);
  });

  it('wants the token and a GET', async () => {
    const noToken = await fetch(`http://127.0.0.1:${t.agent.port}/api/kernel-btf`);
    expect(noToken.status).toBe(401);
    const post = await get(t, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('says why when the kernel has no BTF file', async () => {
    const res = await get(missing);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/^\/nonexistent\/vmlinux does not exist: this kernel was built without CONFIG_DEBUG_INFO_BTF/);
  });
});
