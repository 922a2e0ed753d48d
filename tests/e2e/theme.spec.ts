// The dark theme (this spec runs in the chromium-dark project, prefers-color-scheme: dark): screenshots of the
// main views, and a check that the page really switched palettes.
import { expect, test } from '@playwright/test';
import { shot, waitForEditor } from './helpers.ts';

test('dark theme follows prefers-color-scheme', async ({ page }) => {
  await page.goto('./?example=minimal&stage=compile');
  await waitForEditor(page, 'bpf_printk');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 18, 22)');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/);
  await shot(page, 'dark-01-compile-source');

  await page.goto('./?example=minimal&stage=compile&view=commands');
  await page.getByTestId('step-bpf-compile').waitFor();
  await shot(page, 'dark-02-compile-commands');

  await page.goto('./?example=minimal&stage=inspect&view=sections');
  await page.getByTestId('sections-table').waitFor();
  await shot(page, 'dark-05-inspect-sections');

  await page.goto('./?example=minimal&stage=attach');
  await page.getByTestId('attach-card').first().waitFor();
  await shot(page, 'dark-50-attach');
  await page.goto('./?example=minimal&stage=run');
  await page.getByTestId('printk-table').waitFor();
  await shot(page, 'dark-52-run');
});

test('dark theme: bytecode and link views', async ({ page }) => {
  await page.goto('./?example=minimal&stage=inspect&view=bytecode');
  await page.getByTestId('insn-count').waitFor();
  await page.locator('[data-testid="bytecode-rows"] [data-insn]').nth(2).hover();
  await shot(page, 'dark-08-bytecode');
  await page.goto('./?example=minimal&stage=link');
  await page.getByTestId('link-diff').waitFor();
  await shot(page, 'dark-03-link');
});
