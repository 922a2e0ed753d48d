// Shared helpers for the e2e specs: screenshots into test-results/screenshots/, and reading objects with sim.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readElf, type ElfFile } from '../../sim/src/index.ts';

export const SHOTS = 'test-results/screenshots';

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

export function readObject(path: string): ElfFile {
  const r = readElf(new Uint8Array(readFileSync(path)));
  if (!r.ok) throw new Error(`${path}: ${r.error.message} at ${r.error.offset}`);
  return r.value;
}

/** Waits until Monaco has painted the text (its view lines use NBSP for spaces, so match a token). */
export async function waitForEditor(page: Page, token: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').filter({ hasText: token }).first().waitFor();
}
