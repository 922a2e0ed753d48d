// The attach, run and detach panes from the recorded runs (content/examples/*/recorded/agent.json): every check
// reads the recording itself and compares the page with it. The live "Load + attach" run is in real-mode.spec.ts
// (it needs the agent that spec starts).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { AgentRecording } from '../../app/src/content/recording-types.ts';
import { shot } from './helpers.ts';

const recording = (slug: string): AgentRecording => JSON.parse(readFileSync(`content/examples/${slug}/recorded/agent.json`, 'utf8')) as AgentRecording;

function attachOf(rec: AgentRecording) {
  if (!rec.attach || !rec.run) throw new Error('the recording has no attach/run: re-record it');
  return { attach: rec.attach, run: rec.run };
}

test('the attach, run and detach stages are panes, not "coming later"', async ({ page }) => {
  await page.goto('./?example=minimal&stage=jit');
  for (const s of ['attach', 'run', 'detach']) {
    const node = page.locator(`.stage-node[data-stage="${s}"]`);
    await expect(node).toHaveClass(/is-available/);
    await expect(node).not.toContainText('coming later');
  }
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'attach');
  await expect(page.getByTestId('coming-later')).toHaveCount(0);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('load, attach and run');
});

test('minimal: the attach card names the tracepoint and BPF_LINK_CREATE; the stage events match', async ({ page }) => {
  const rec = recording('minimal');
  const { attach } = attachOf(rec);
  const a = attach[0]!;
  expect(a.via).toBe('link');
  await page.goto('./?example=minimal&stage=attach');
  const card = page.locator(`[data-testid="attach-card"][data-program="${a.program}"]`);
  await expect(card).toHaveAttribute('data-via', a.via!);
  await expect(card.getByTestId('attach-target')).toHaveText(a.target!);
  await expect(card.getByTestId('attach-calls')).toContainText('BPF_LINK_CREATE');
  await expect(card).toContainText('BPF_LINK_CREATE');
  await expect(card.getByTestId('attach-link-id')).toHaveText(String(a.linkId));
  await expect(page.getByTestId('attach-card')).toHaveCount(attach.length);
  // The sequence diagram: one arrow per attach-stage syscall, in order, the link create among them.
  const events = rec.trace.filter((e) => e.stage === 'attach');
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram.locator('[data-kind="syscall"]')).toHaveCount(events.filter((e) => e.kind === 'syscall').length);
  await expect(diagram.locator('[data-kind="step"]')).toHaveCount(events.filter((e) => e.kind === 'step').length);
  const link = events.find((e) => e.kind === 'syscall' && e.cmd === 'BPF_LINK_CREATE')!;
  await diagram.locator(`[data-seq="${link.seq}"]`).click();
  await expect(page.getByTestId('event-details')).toHaveAttribute('data-seq', String(link.seq));
  if (link.kind === 'syscall') for (const k of Object.keys(link.args)) await expect(page.getByTestId('event-details').locator('td', { hasText: new RegExp(`^${k.replace('.', '\\.')}$`) })).toHaveCount(1);
  const text = (await page.getByTestId('strace-text').textContent()) ?? '';
  expect(text.trim().split('\n')).toHaveLength(events.length);
  await shot(page, '50-attach-minimal');
});

test('hello-kprobe: the card shows the refusal sentence; the run pane says nothing ran and why', async ({ page }) => {
  const rec = recording('hello-kprobe');
  const { attach } = attachOf(rec);
  const a = attach[0]!;
  expect(a.error).toBeTruthy();
  await page.goto('./?example=hello-kprobe&stage=attach');
  const card = page.locator(`[data-testid="attach-card"][data-program="${a.program}"]`);
  await expect(card).toHaveAttribute('data-refused', 'true');
  await expect(card.getByTestId('attach-refusal')).toContainText(a.error!);
  await expect(card).toContainText('What would make it work');
  await shot(page, '51-attach-refused-kprobe');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'run');
  await expect(page.getByTestId('run-nothing')).toContainText(a.program);
  await expect(page.getByTestId('printk-row')).toHaveCount(0);
  await shot(page, '53-run-nothing-kprobe');
});

test('xdp-count: not attached by the agent, with the sentence why', async ({ page }) => {
  const a = attachOf(recording('xdp-count')).attach[0]!;
  await page.goto('./?example=xdp-count&stage=attach');
  await expect(page.locator(`[data-testid="attach-card"][data-program="${a.program}"] [data-testid="attach-refusal"]`)).toContainText(a.error!);
  await shot(page, '51-attach-manual-xdp');
  // Its run: nothing ran, and the per-CPU map is shown one value per CPU, as the load left it.
  const { run } = attachOf(recording('xdp-count'));
  await page.goto('./?example=xdp-count&stage=run');
  await expect(page.getByTestId('run-nothing')).toContainText(a.program);
  const m = run.maps[0]!;
  await expect(page.locator(`[data-testid="run-map"][data-map="${m.name}"] tbody tr`)).toHaveCount(m.entries.length);
  await shot(page, '53-run-xdp-percpu');
});

test('minimal: the run pane shows the recorded printk lines, what fired the hook and the maps', async ({ page }) => {
  const rec = recording('minimal');
  const { run } = attachOf(rec);
  expect(run.printk.length).toBeGreaterThan(0);
  await page.goto('./?example=minimal&stage=run');
  const rows = page.getByTestId('printk-row');
  await expect(rows).toHaveCount(run.printk.length);
  const first = run.printk[0]!;
  await expect(rows.first()).toContainText(first.msg);
  await expect(rows.first()).toContainText(`${first.comm}-${first.pid}`);
  await expect(rows.first()).toContainText(first.ts.toFixed(6));
  await expect(rows.first()).toContainText('BPF triggered from PID');
  if (run.triggered) await expect(page.getByTestId('run-triggered')).toContainText(run.triggered);
  if (run.produced) await expect(page.getByTestId('printk-count')).toContainText(`${run.printk.length} of ${run.produced.printk}`);
  await expect(page.getByTestId('run-map')).toHaveCount(run.maps.length);
  for (const m of run.maps) for (const e of m.entries) await expect(page.locator(`[data-testid="run-map"][data-map="${m.name}"]`)).toContainText(typeof e.value === 'string' ? e.value : e.value[0]!);
  // .bss read with its BTF DATASEC: the my_pid the agent set, as the program sees it.
  const bss = run.maps.find((m) => m.name === 'minimal.bss')!.entries[0]!;
  const pid = new DataView(Uint8Array.from((bss.value as string).match(/../g)!, (x) => parseInt(x, 16)).buffer).getUint32(0, true);
  await expect(page.locator('[data-testid="run-map"][data-map="minimal.bss"]').getByTestId('run-map-decoded')).toHaveText(`{ my_pid: ${pid} }`);
  await shot(page, '52-run-minimal');
  // The run stage's own calls, folded away until opened.
  const events = rec.trace.filter((e) => e.stage === 'run');
  await page.getByTestId('run-events').locator('summary').click();
  await expect(page.getByTestId('run-events').locator('[data-kind="syscall"]')).toHaveCount(events.filter((e) => e.kind === 'syscall').length);
  await page.getByTestId('run-events').scrollIntoViewIfNeeded();
  await shot(page, '52-run-minimal-events');
});

test('ringbuf: the ring buffer record, its size and bytes', async ({ page }) => {
  const { run } = attachOf(recording('ringbuf'));
  expect(run.records.length).toBeGreaterThan(0);
  await page.goto('./?example=ringbuf&stage=run');
  const recs = page.getByTestId('run-record');
  await expect(recs).toHaveCount(run.records.length);
  const r = run.records[0]!;
  await expect(recs.first()).toHaveAttribute('data-bytes', String(r.data.length / 2));
  await expect(recs.first()).toContainText(`${r.data.length / 2} bytes`);
  await expect(recs.first()).toContainText(r.data.slice(0, 16).replace(/(..)/g, '$1 ').trim());
  await shot(page, '54-run-ringbuf');
});

test('minimal: the detach pane lists the close() calls in order, each with what the kernel frees', async ({ page }) => {
  const rec = recording('minimal');
  const events = rec.trace.filter((e) => e.stage === 'detach');
  const closes = events.filter((e) => e.kind === 'syscall' && e.name === 'close');
  expect(closes.length).toBeGreaterThan(0);
  await page.goto('./?example=minimal&stage=detach');
  const lines = page.getByTestId('detach-line');
  await expect(lines).toHaveCount(closes.length);
  for (const [i, c] of closes.entries()) {
    if (c.kind !== 'syscall') continue;
    await expect(lines.nth(i)).toHaveAttribute('data-seq', String(c.seq));
    await expect(lines.nth(i)).toContainText(`close(${String(c.args.fd)})`);
  }
  await expect(page.locator('[data-testid="detach-line"][data-kind="link"]')).toContainText('detaches the program');
  await expect(page.getByTestId('detach-summary')).toContainText('Nothing was pinned');
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram.locator('[data-cmd="close"]')).toHaveCount(closes.length);
  await expect(diagram.locator('[data-kind="syscall"]')).toHaveCount(events.filter((e) => e.kind === 'syscall').length);
  await shot(page, '55-detach-minimal');
});
