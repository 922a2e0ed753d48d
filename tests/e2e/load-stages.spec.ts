// The recorded-run stages (open → jit) in a real browser, stepped with the keyboard for `minimal` and `rejected`;
// what they show is checked against the recording the test reads itself (content/examples/*/recorded/agent.json).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { AgentRecording } from '../../app/src/content/recording-types.ts';
import { shot } from './helpers.ts';

const recording = (slug: string): AgentRecording => JSON.parse(readFileSync(`content/examples/${slug}/recorded/agent.json`, 'utf8')) as AgentRecording;
const LOAD = ['open', 'btf_load', 'map_create', 'relocate', 'prog_load'] as const;

async function checkLoadStage(page: Page, rec: AgentRecording, stage: (typeof LOAD)[number]) {
  const pane = page.getByTestId('stage-pane');
  await expect(pane).toHaveAttribute('data-stage', stage);
  await expect(page).toHaveURL(new RegExp(`[?&]stage=${stage}(&|$)`));
  await expect(page.getByTestId('recorded-banner')).toContainText(`Recorded on Linux ${rec.recordedOn.kernel} by the agent's loader, ${rec.recordedOn.date}`);
  const events = rec.trace.filter((e) => e.stage === stage);
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram.locator('[data-kind="syscall"]')).toHaveCount(events.filter((e) => e.kind === 'syscall').length);
  await expect(diagram.locator('[data-kind="step"]')).toHaveCount(events.filter((e) => e.kind === 'step').length);
  // The strace text has one line per event.
  const text = (await page.getByTestId('strace-text').textContent()) ?? '';
  expect(text.trim().split('\n')).toHaveLength(events.length);
}

for (const slug of ['minimal', 'rejected'] as const) {
  test(`${slug}: open → jit from the recorded run, with the keyboard`, async ({ page }) => {
    const rec = recording(slug);
    const n = slug === 'minimal' ? 3 : 4;
    await page.goto(`./?example=${slug}&stage=inspect`);
    await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'inspect');
    // The recorded stages are no longer "coming later" in the graph.
    for (const s of [...LOAD, 'verify', 'jit']) await expect(page.locator(`.stage-node[data-stage="${s}"]`)).not.toHaveClass(/is-later/);

    for (const stage of LOAD) {
      await page.keyboard.press('ArrowRight');
      await checkLoadStage(page, rec, stage);
      if (stage === 'map_create') {
        const creates = rec.trace.filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_MAP_CREATE');
        await expect(page.locator('[data-cmd="BPF_MAP_CREATE"]')).toHaveCount(creates.length);
        await expect(page.getByTestId('maps-table').locator('tbody tr')).toHaveCount(rec.maps.length);
        // Clicking an arrow shows every argument of that call.
        const first = creates[0]!;
        await page.locator(`[data-seq="${first.seq}"]`).click();
        const details = page.getByTestId('event-details');
        await expect(details).toHaveAttribute('data-seq', String(first.seq));
        if (first.kind === 'syscall') for (const k of Object.keys(first.args)) await expect(details.locator('td', { hasText: new RegExp(`^${k}$`) })).toHaveCount(1);
      }
      if (stage === 'relocate') {
        const relos = rec.trace.filter((e) => e.kind === 'step' && e.name === 'relocate');
        await expect(page.getByTestId('relocations-table').locator('tbody tr')).toHaveCount(relos.length);
      }
      if (stage === 'prog_load') {
        const load = rec.trace.find((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD')!;
        if (load.kind !== 'syscall') throw new Error('no BPF_PROG_LOAD');
        const ret = page.locator(`[data-seq="${load.seq}"] [data-testid="seq-ret"]`);
        await expect(ret).toContainText(load.ret < 0 ? `= -1 ${load.errno}` : `= ${load.ret}`);
      }
      await shot(page, `3${n}-${slug}-${stage}`);
    }

    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'verify');
    for (const p of rec.programs) {
      const card = page.locator(`[data-testid="verdict-card"][data-program="${p.name}"]`);
      await expect(card.getByTestId('verdict')).toHaveText(p.verdict);
      if (p.verdict === 'rejected') {
        await expect(card.getByTestId('reason-line')).toHaveText(p.reason!);
        // The reason line is highlighted in the log (level 1 is shown first for a rejection).
        await expect(card.locator('[data-kind="reason"]')).toHaveText(new RegExp(p.reason!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        await expect(card.locator('[data-kind="fail-insn"]')).toHaveCount(1);
      } else {
        await expect(card.getByTestId('verified-insns')).toHaveText(String(p.verifiedInsns));
        // Level 2 shows register states.
        await expect(card.getByTestId('verifier-log')).toContainText('R1=');
      }
    }
    await shot(page, `3${n}-${slug}-verify`);
    if (slug === 'rejected') {
      await page.locator('[data-level="2"]').first().click();
      await expect(page.locator('[data-kind="reason"]').first()).toBeVisible();
      await shot(page, `3${n}-${slug}-verify-level2`);
    }

    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'jit');
    for (const p of rec.programs) {
      const card = page.locator(`[data-testid="jit-card"][data-program="${p.name}"]`);
      if (p.verdict === 'accepted') {
        await expect(card.getByTestId('insns-sent')).toHaveAttribute('data-count', String(p.insns.length - p.insns.filter((s) => s.startsWith('18')).length));
        const xlatedRows = card.getByTestId('insns-xlated').locator('[data-slot]');
        await expect(xlatedRows).toHaveCount(p.xlated.length - p.xlated.filter((s) => s.startsWith('18')).length);
        await expect(card.getByTestId('jit-summary')).toContainText(`${p.xlated.length} slots xlated`);
        await expect(card.getByTestId('jited-len')).toHaveText(String(p.jited.length / 2));
        // ld_imm64 of a map value is rewritten: highlighted.
        await expect(card.locator('[data-testid="insns-xlated"] .is-changed').first()).toBeVisible();
      } else {
        await expect(card.getByTestId('jit-none')).toBeVisible();
      }
    }
    await shot(page, `3${n}-${slug}-jit`);
  });
}
