// The in-browser measurement: Debian's Chromium driven by Playwright, a page and its files served by
// page.route on a made-up origin (no server), and btf-worker.ts bundled with esbuild and started as a fresh
// dedicated Worker for every measurement ('browse' and 'decode' alternate).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import type { WorkerTiming } from './btf-worker.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'http://bpflc-bench.test';
const PAGE = `<!doctype html><meta charset="utf-8"><title>bpflc btf bench</title><script>
window.runWorker = (mode) => new Promise((resolve, reject) => {
  const w = new Worker('/btf-worker.js');
  w.onmessage = (e) => { w.terminate(); e.data.error ? reject(new Error(e.data.error)) : resolve(e.data); };
  w.onerror = (e) => { w.terminate(); reject(new Error(e.message)); };
  w.postMessage(mode);
});
</script>`;

export interface ChromiumTimings { browser: string; browse: WorkerTiming[]; decode: WorkerTiming[] }

async function bundleWorker(): Promise<string> {
  const r = await build({
    entryPoints: [fileURLToPath(new URL('./btf-worker.ts', import.meta.url))],
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'warning',
  });
  return r.outputFiles[0]!.text;
}

/** `reps` fresh workers of each mode, or one sentence saying why the part is skipped. */
export async function timeInChromium(btfPath: string, reps: number): Promise<ChromiumTimings | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed: the in-worker part is skipped.`;
  const worker = await bundleWorker();
  const btf = readFileSync(btfPath);
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      if (path === '/btf-worker.js') return route.fulfill({ contentType: 'text/javascript', body: worker });
      if (path === '/vmlinux') return route.fulfill({ contentType: 'application/octet-stream', body: btf });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${ORIGIN}/`);
    const out: ChromiumTimings = { browser: `Chromium ${browser.version()}`, browse: [], decode: [] };
    for (let i = 0; i < reps; i++) {
      // A string, not a function: tsx may wrap functions in helpers the page does not have.
      out.browse.push((await page.evaluate('runWorker("browse")')) as WorkerTiming);
      out.decode.push((await page.evaluate('runWorker("decode")')) as WorkerTiming);
    }
    return out;
  } finally {
    await browser.close();
  }
}
