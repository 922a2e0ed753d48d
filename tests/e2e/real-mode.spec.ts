// The app's Live mode against a real agent: this spec starts its own `bpflc serve --port 0` (the built app the
// webServer made, this machine's kernel) and opens the URL it prints, token included. Real loads of `minimal`
// run in the kernel here (root with CAP_BPF). Also: a page without the token shows recordings only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { formatRawRecord, formatTypeC, indexBtf, readBtfFromElf, typeNameAt } from '../../sim/src/index.ts';
import { readObject, shot } from './helpers.ts';

let agent: ChildProcess | undefined;
let agentUrl = '';
let agentLog = '';

test.beforeAll(async () => {
  agent = spawn(process.execPath, ['real-backend/bin/bpflc.mjs', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  agent.stderr?.on('data', (d: Buffer) => (agentLog += d.toString()));
  agentUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`bpflc serve printed no URL within 20 s: ${out} ${agentLog}`)), 20_000);
    agent?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    agent?.once('exit', (code) => reject(new Error(`bpflc serve exited (${code}): ${agentLog}`)));
  });
});

test.afterAll(() => {
  agent?.kill('SIGTERM');
});

/** The agent's page at one example and stage, token in the URL (index.html then carries it). */
function pageUrl(stage: string): string {
  const u = new URL(agentUrl);
  u.searchParams.set('example', 'minimal');
  u.searchParams.set('stage', stage);
  return u.href;
}

async function openLive(page: Page, stage: string): Promise<void> {
  await page.goto(pageUrl(stage));
  const badge = page.getByTestId('agent-badge');
  await expect(badge).toHaveAttribute('data-tone', 'ok');
  await expect(badge).toContainText(/agent: real kernel \d+\.\d+/);
  await page.getByRole('radio', { name: 'Live' }).click();
  await expect(page.getByTestId('live-bar')).toBeVisible();
}

test('the badge names the real kernel and lists what the agent checked', async ({ page }) => {
  await page.goto(pageUrl('open'));
  const badge = page.getByTestId('agent-badge');
  await expect(badge).toHaveAttribute('data-tone', 'ok');
  const kernel = (await badge.textContent())?.replace('agent: real kernel ', '').trim() ?? '';
  expect(kernel).toMatch(/^\d+\.\d+/);
  await badge.click();
  const pop = page.getByTestId('agent-popover');
  await expect(pop).toContainText(`Linux ${kernel}`);
  await expect(pop.locator('.agent-pop__items li').first()).toBeVisible();
  await shot(page, '40-agent-status');
  await pop.getByRole('button', { name: 'Close' }).click();
  // Reload without ?token=: the token kept in sessionStorage still connects.
  await page.goto(new URL(agentUrl).origin + '/?example=minimal&stage=open');
  await expect(page.getByTestId('agent-badge')).toHaveAttribute('data-tone', 'ok');
});

test('a live load of minimal: events arrive, the verifier accepts it, the JIT shows the result', async ({ page }) => {
  await openLive(page, 'map_create');
  // Recorded until the first load: the recorded banner is still there.
  await expect(page.getByTestId('recorded-banner')).toBeVisible();
  await page.getByTestId('live-load').click();
  const banner = page.getByTestId('live-banner');
  await expect(banner).toContainText(/Live run on Linux \d+\.\d+.*just now/);
  await expect(page.getByTestId('recorded-banner')).toHaveCount(0);
  const creates = page.locator('[data-testid="sequence-diagram"] [data-cmd="BPF_MAP_CREATE"]');
  expect(await creates.count()).toBeGreaterThan(0);
  await shot(page, '41-live-map_create');
  await page.keyboard.press('ArrowRight'); // relocate
  await page.keyboard.press('ArrowRight'); // prog_load
  await expect(page.locator('[data-testid="sequence-diagram"] [data-cmd="BPF_PROG_LOAD"]').first()).toBeVisible();
  await page.keyboard.press('ArrowRight'); // verify
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'verify');
  await expect(page.getByTestId('live-banner')).toBeVisible();
  const card = page.getByTestId('verdict-card').first();
  await expect(card).toHaveAttribute('data-verdict', 'accepted');
  await expect(page.getByTestId('verified-insns').first()).toHaveText(/^\d+$/);
  await shot(page, '42-live-verify');
  await page.keyboard.press('ArrowRight'); // jit
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'jit');
  await expect(page.getByTestId('live-banner')).toBeVisible();
  const jit = page.locator('[data-testid="jit-card"][data-program="handle_tp"]');
  await expect(jit.getByTestId('jited-len')).toHaveText(/^[1-9]\d*$/);
  // Back to Recorded: the recording comes back.
  await page.getByRole('radio', { name: 'Recorded' }).click();
  await expect(page.getByTestId('recorded-banner')).toBeVisible();
  await expect(page.getByTestId('live-banner')).toHaveCount(0);
});

test('load + attach (a): the run pane shows the printk lines of the live run, then attach and detach', async ({ page }) => {
  await openLive(page, 'run');
  await expect(page.getByTestId('recorded-banner')).toBeVisible();
  await expect(page.getByTestId('live-load-attach')).toBeEnabled();
  await page.keyboard.press('a');
  await expect(page.getByTestId('attach-pending')).toBeVisible();
  // printk lines stream in while the program is still attached (the run lasts 2 s), before the result.
  await expect(page.getByTestId('run-streaming').getByTestId('printk-row').first()).toContainText(`BPF triggered from PID ${agent?.pid}`);
  await shot(page, '56-live-run-streaming');
  await expect(page.getByTestId('live-banner')).toContainText(/Live run on Linux/, { timeout: 30_000 });
  // minimal.c prints only for its own pid (my_pid), which the agent sets to its own: the `bpflc serve` process.
  const rows = page.getByTestId('printk-row');
  await expect(rows.first()).toContainText(`BPF triggered from PID ${agent?.pid}`);
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('run-triggered')).toContainText('write(2)');
  await shot(page, '56-live-run');
  await page.keyboard.press('ArrowLeft');
  const card = page.locator('[data-testid="attach-card"][data-program="handle_tp"]');
  await expect(card).toHaveAttribute('data-via', 'link');
  await expect(card.getByTestId('attach-target')).toHaveText('syscalls:sys_enter_write');
  await expect(card.getByTestId('attach-link-id')).toHaveText(/^\d+$/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'detach');
  await expect(page.locator('[data-testid="detach-line"][data-kind="link"]')).toHaveCount(1);
  await shot(page, '57-live-detach');
});

test('step mode: the pending call is shown, g goes on, the graph follows the stage', async ({ page }) => {
  await openLive(page, 'open');
  await page.getByTestId('live-step').check();
  await page.keyboard.press('l');
  const pending = page.getByTestId('live-pending');
  await expect(pending).toBeVisible();
  await expect(pending).toContainText('next:');
  const stagesSeen = new Set<string>();
  let lastSeq = -1;
  let steps = 0;
  for (; steps < 400; steps++) {
    const done = page.getByTestId('live-banner');
    // Wait for either a new pause or the end.
    await expect(async () => {
      const fin = await done.count();
      const seq = (await pending.count()) > 0 ? Number(await pending.getAttribute('data-seq')) : -1;
      expect(fin > 0 || seq > lastSeq).toBe(true);
    }).toPass({ timeout: 15_000 });
    if ((await done.count()) > 0) break;
    const seq = Number(await pending.getAttribute('data-seq'));
    const stage = (await pending.getAttribute('data-stage')) ?? '';
    lastSeq = seq;
    // The selection (graph and pane) moved to the pending call's stage.
    await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', stage);
    await expect(page.locator(`.stage-node[data-stage="${stage}"]`)).toHaveAttribute('aria-current', 'step');
    if (['open', 'btf_load', 'map_create', 'relocate', 'prog_load'].includes(stage)) {
      await expect(page.getByTestId('pending-call')).toHaveAttribute('data-seq', String(seq));
    }
    if (!stagesSeen.has(stage)) {
      stagesSeen.add(stage);
      await shot(page, `43-step-${String(stagesSeen.size).padStart(2, '0')}-${stage}`);
    }
    await page.keyboard.press('g');
  }
  expect(steps).toBeGreaterThan(3);
  expect([...stagesSeen]).toEqual(expect.arrayContaining(['btf_load', 'map_create', 'prog_load']));
  await expect(page.getByTestId('live-banner')).toContainText('step by step');
  await page.getByTestId('live-banner').waitFor();
  await shot(page, '44-step-done');
});

test('step mode: Cancel stops the load and says so', async ({ page }) => {
  await openLive(page, 'open');
  await page.getByTestId('live-step').check();
  await page.getByTestId('live-load').click();
  await expect(page.getByTestId('live-pending')).toBeVisible();
  await page.keyboard.press('g');
  await expect(page.getByTestId('live-pending')).toBeVisible();
  await page.getByTestId('live-cancel').click();
  const failed = page.getByTestId('live-failed');
  await expect(failed).toHaveAttribute('data-code', 'cancelled');
  await expect(failed).toContainText('cancelled');
  await shot(page, '45-step-cancelled');
});

test("Kernel BTF: the agent sends this kernel's BTF, the worker indexes it, task_struct opens", async ({ page }) => {
  test.skip(!existsSync('/sys/kernel/btf/vmlinux'), 'this kernel has no /sys/kernel/btf/vmlinux');
  const ix = indexBtf(new Uint8Array(readFileSync('/sys/kernel/btf/vmlinux')));
  if (!ix.ok) throw new Error(ix.error.message);
  const task = Array.from({ length: ix.value.count }, (_, id) => id).find((id) => ix.value.kinds[id] === 4 && typeNameAt(ix.value, id) === 'task_struct')!;
  await page.goto(pageUrl('inspect').replace('stage=inspect', 'stage=inspect&view=btf%2Fkernel'));
  await expect(page.getByTestId('agent-badge')).toContainText(/real kernel/i, { timeout: 15_000 });
  await page.getByTestId('kbtf-load').click();
  await expect(page.getByTestId('btf-count')).toHaveText(`${(ix.value.count - 1).toLocaleString('en-US')} types`, { timeout: 20_000 });
  await expect(page.getByTestId('kbtf-source')).toContainText(/\/sys\/kernel\/btf\/vmlinux · 5\.\d MB · indexed in \d+ ms in the worker/);
  await page.getByTestId('btf-search').fill('task_struct');
  const row = page.locator(`[data-testid="btf-type-list"] [data-type-id="${task}"]`);
  await row.click();
  await expect(page).toHaveURL(new RegExp(`view=btf%2Fkernel%2F${task}(&|$)`));
  const detail = page.getByTestId('btf-detail');
  await expect(detail).toContainText(`type [${task}] · STRUCT`);
  await expect(detail.getByTestId('btf-detail-raw')).toHaveText(formatRawRecord(ix.value, task).trimEnd());
  const c = formatTypeC(ix.value, task);
  if (!c.ok) throw new Error(c.error.message);
  await expect(detail.getByTestId('btf-detail-c')).toHaveText(c.value.trimEnd());
  await expect(detail.getByTestId('btf-detail-c')).toContainText('struct task_struct {');
  await expect(detail.locator('th', { hasText: /^pid$/ })).toHaveCount(1);
  await shot(page, '47-kernel-btf');
});

test("CO-RE: a relocation's root type is found in this kernel's BTF, as libbpf's candidates", async ({ page }) => {
  test.skip(!existsSync('/sys/kernel/btf/vmlinux'), 'this kernel has no /sys/kernel/btf/vmlinux');
  const src = readBtfFromElf(readObject('content/examples/ringbuf/build/ringbuf.bpf.o'));
  if (!src.ok || !src.value.ext) throw new Error('ringbuf has no BTF.ext');
  const relo = src.value.ext.coreRelos[0]!.records[0]!;
  const local = src.value.btf.types[relo.typeId]!;
  const ix = indexBtf(new Uint8Array(readFileSync('/sys/kernel/btf/vmlinux')));
  if (!ix.ok) throw new Error(ix.error.message);
  // libbpf's candidates: same kind, same name without a ___flavour suffix.
  const localKind = src.value.btf.index.kinds[relo.typeId];
  const want = Array.from({ length: ix.value.count }, (_, id) => id).filter((id) => ix.value.kinds[id] === localKind && typeNameAt(ix.value, id) === local.name.replace(/___.*$/, ''));
  expect(want.length).toBeGreaterThan(0);
  const u = new URL(pageUrl('inspect'));
  u.searchParams.set('example', 'ringbuf');
  u.searchParams.set('view', 'btf/ext');
  await page.goto(u.href);
  await expect(page.getByTestId('agent-badge')).toContainText(/real kernel/i, { timeout: 15_000 });
  await page.getByTestId('core-kernel').first().getByRole('button').click();
  await page.getByTestId('kbtf-load').click();
  await expect(page).toHaveURL(new RegExp(`view=btf%2Fkernel%2F${want[0]}(&|$)`), { timeout: 20_000 });
  await expect(page.getByTestId('btf-detail')).toContainText(local.name.replace(/___.*$/, ''));
  await page.getByRole('tab', { name: 'BTF.ext' }).click();
  await expect(page.getByTestId('core-kernel').first()).toHaveText(want.map((id) => `[${id}] ${local.name}`).join(''));
  await page.getByTestId('core-relos').scrollIntoViewIfNeeded();
  await shot(page, '48-core-in-kernel');
});

test('without the token: no agent, recordings only', async ({ page, baseURL }) => {
  await page.goto(`${baseURL}?example=minimal&stage=map_create`);
  const badge = page.getByTestId('agent-badge');
  await expect(badge).toHaveText('no agent — showing recordings');
  await expect(page.getByRole('radio', { name: 'Live' })).toBeDisabled();
  await expect(page.getByTestId('recorded-banner')).toBeVisible();
  await expect(page.getByTestId('live-bar')).toHaveCount(0);
  await shot(page, '46-no-agent');
});

test('a token the agent no longer accepts: no agent, and the popover says why', async ({ page, baseURL }) => {
  await page.addInitScript(() => sessionStorage.setItem('bpflc-token', 'a-token-from-an-earlier-start'));
  await page.goto(`${baseURL}?example=minimal&stage=open`);
  const badge = page.getByTestId('agent-badge');
  await expect(badge).toHaveText('no agent — showing recordings', { timeout: 15_000 });
  await badge.click();
  await expect(page.getByTestId('agent-popover')).toContainText('refused the token');
  await expect(page.getByTestId('recorded-banner')).toBeVisible();
});
