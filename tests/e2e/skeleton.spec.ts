// The Skeleton pane explains the header: member ↔ ELF section ↔ BTF, function ↔ lifecycle stages, and sim's
// regenerated header compared with the committed bpftool output. Expected values come from sim run here.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateSkeleton } from '../../sim/src/index.ts';
import { shot, waitForEditor } from './helpers.ts';

const DIR = 'content/examples/minimal/build';

function simSkeleton() {
  const r = generateSkeleton(new Uint8Array(readFileSync(`${DIR}/minimal.bpf.o`)), { name: 'minimal_bpf', path: 'minimal.bpf.o' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

test('minimal: bindings table, identical chip, function → stage chips, BTF jump', async ({ page }) => {
  const sk = simSkeleton();
  const myPid = sk.description.bindings.find((b) => b.path === 'skel->bss->my_pid');
  expect(myPid?.btf).toBeDefined();
  const bss = sk.description.bindings.find((b) => b.path === 'skel->bss')!;
  expect(bss.btf?.kind).toBe('DATASEC');

  await page.goto('./?example=minimal&stage=skeleton');
  await waitForEditor(page, 'bpf_object_skeleton');
  const table = page.getByTestId('skel-bindings');
  await expect(table.locator('tbody tr')).toHaveCount(sk.description.bindings.length);

  const row = table.locator('tr[data-path="skel->bss->my_pid"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('skel-section')).toHaveText('.bss');
  // skel->bss->my_pid ← .bss ← VAR in DATASEC, both ids as sim computes them.
  await expect(row.getByTestId('skel-btf')).toHaveText(`VAR [${myPid!.btf!.id}] in DATASEC [${bss.btf!.id}]`);
  await expect(table.locator('tr[data-path="skel->bss"]').getByTestId('skel-btf')).toHaveText(`DATASEC [${bss.btf!.id}]`);

  // sim's header is byte-identical to bpftool's (the golden test checks the same bytes; here the page says so).
  expect(sk.text).toBe(readFileSync(`${DIR}/minimal.skel.h`, 'utf8'));
  await expect(page.getByTestId('skel-identical')).toHaveAttribute('data-same', 'yes');
  await expect(page.getByTestId('skel-identical')).toContainText('identical');

  // Hovering the row highlights `int my_pid;` in the header.
  const text = sk.text.split('\n');
  const want = text.findIndex((l) => l.trim() === 'int my_pid;') + 1;
  expect(want).toBeGreaterThan(0);
  await expect(row).toHaveAttribute('data-line', String(want));
  await row.hover();
  await expect(page.getByTestId('code-view')).toHaveAttribute('data-line', String(want));
  await expect(page.locator('.code-line-hl')).toHaveCount(1);
  await shot(page, '50-skeleton-bindings');

  // Every function of SKEL_FUNCTIONS is in the strip with its libbpf call.
  const fns = page.getByTestId('skel-functions');
  for (const f of sk.description.functions) {
    await expect(fns.locator(`[data-fn="${f.suffix}"]`)).toContainText(f.libbpf);
    await expect(fns.locator(`[data-fn="${f.suffix}"] .skel-stage`)).toHaveCount(f.stages.length);
  }
  await fns.locator('[data-fn="__load"]').hover();
  await shot(page, '51-skeleton-functions');
  await fns.locator('[data-fn="__load"] .skel-stage[data-stage="prog_load"]').click();
  await expect(page).toHaveURL(/[?&]stage=prog_load(&|$)/);
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'prog_load');
  await expect(page.locator('.stage-node[data-stage="prog_load"]')).toHaveClass(/is-selected/);

  // The BTF id opens Inspect › BTF at that type.
  await page.goBack();
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'skeleton');
  await table.locator('tr[data-path="skel->bss->my_pid"]').getByTestId('skel-btf').locator(`[data-btf-id="${myPid!.btf!.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]stage=inspect&view=btf%2F${myPid!.btf!.id}(&|$)`));
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'inspect');
  await shot(page, '52-skeleton-btf-jump');

  // The section opens Inspect › Sections.
  await page.goBack();
  await table.locator('tr[data-path="skel->bss->my_pid"]').getByTestId('skel-section').getByRole('button').click();
  await expect(page).toHaveURL(/[?&]stage=inspect&view=sections(&|$)/);
  await expect(page.getByTestId('sections-table')).toBeVisible();
});
