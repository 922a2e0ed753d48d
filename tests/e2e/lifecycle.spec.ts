// The first lifecycle screen in a real browser: keyboard stepping, URL state, panes checked against the object.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { describeFile, disassembleObject, readElf, STAGES } from '../../sim/src/index.ts';
import { readObject, shot, waitForEditor } from './helpers.ts';

const MINIMAL = 'content/examples/minimal/build/minimal.bpf.o';

test('steps through every stage with the keyboard; the URL follows, back/forward work', async ({ page }) => {
  await page.goto('./?example=minimal&stage=compile');
  const pane = page.getByTestId('stage-pane');
  await expect(pane).toHaveAttribute('data-stage', 'compile');
  await waitForEditor(page, 'bpf_printk');
  await shot(page, '01-compile-source');
  await page.getByRole('tab', { name: /minimal\.c\b.*loader/ }).click();
  await expect(page).toHaveURL(/view=source%2Fminimal\.c/);
  await waitForEditor(page, 'print_libbpf_log');
  await shot(page, '01-compile-source-loader');

  for (const [i, s] of STAGES.entries()) {
    if (i > 0) await page.keyboard.press('ArrowRight');
    await expect(pane).toHaveAttribute('data-stage', s.id);
    await expect(page).toHaveURL(new RegExp(`[?&]stage=${s.id}(&|$)`));
    await expect(page.locator(`.stage-node[data-stage="${s.id}"]`)).toHaveClass(/is-selected/);
  }
  // Past the last stage nothing moves.
  await page.keyboard.press('ArrowRight');
  await expect(pane).toHaveAttribute('data-stage', STAGES[STAGES.length - 1]!.id);
  await expect(page.getByTestId('coming-later')).toHaveCount(0);
  // With the recordings, every stage has a pane: none is muted as "coming later" in the graph.
  await expect(page.locator('.stage-node.is-later')).toHaveCount(0);
  await expect(page.locator('.stage-node')).toHaveCount(STAGES.length);
  await shot(page, '09-last-stage');

  await page.goBack();
  await expect(pane).toHaveAttribute('data-stage', STAGES[STAGES.length - 2]!.id);
  await page.goForward();
  await expect(pane).toHaveAttribute('data-stage', STAGES[STAGES.length - 1]!.id);

  await page.keyboard.press('Home');
  await expect(pane).toHaveAttribute('data-stage', 'compile');
  await page.keyboard.press('ArrowLeft');
  await expect(pane).toHaveAttribute('data-stage', 'compile');
});

test('a deep link opens the stage; clicking a node selects it', async ({ page }) => {
  await page.goto('./?example=minimal&stage=skeleton');
  await expect(page.getByTestId('stage-pane')).toHaveAttribute('data-stage', 'skeleton');
  await waitForEditor(page, 'bpf_object_skeleton');
  await shot(page, '04-skeleton');
  await page.locator('.stage-node[data-stage="link"]').click();
  await expect(page).toHaveURL(/stage=link/);
  await expect(page.getByTestId('link-diff')).toBeVisible();
  await shot(page, '03-link');
});

test('compile commands: every flag explained, tool version, duration, outputs', async ({ page }) => {
  await page.goto('./?example=minimal&stage=compile&view=commands');
  const manifest = JSON.parse(readFileSync('content/examples/minimal/build/manifest.json', 'utf8')) as {
    tools: Record<string, string>;
    steps: { id: string; argv: string[] }[];
  };
  const argv = manifest.steps.find((s) => s.id === 'bpf-compile')!.argv;
  const clang = page.getByTestId('step-bpf-compile');
  await expect(clang).toContainText(manifest.tools.clang!);
  // Every word of the recorded command is in the explanation table, and every row has a sentence.
  const rows = clang.locator('.cmd__explain tr');
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!, tr.querySelector('td')!.textContent!]));
  expect(cells.flatMap(([w]) => w!.split(' '))).toEqual(argv);
  for (const [w, why] of cells) expect(why!.length, `explanation of ${w}`).toBeGreaterThan(20);
  await expect(clang.locator('.cmd__explain')).toContainText('-target bpf');
  await expect(clang.locator('.cmd__explain')).toContainText('BTF');
  await expect(clang).toContainText('build/minimal.tmp.bpf.o');
  await expect(page.getByTestId('step-loader-link')).toContainText('-lbpf');
  await shot(page, '02-compile-commands');
});

test('the Object pane lists the sections readElf finds', async ({ page }) => {
  const elf = readObject(MINIMAL);
  await page.goto('./?example=minimal&stage=inspect&view=sections');
  await expect(page.getByTestId('file-line')).toContainText(`minimal.bpf.o: ${describeFile(elf)}`);
  const rows = page.locator('[data-testid="sections-table"] tbody tr');
  await expect(rows).toHaveCount(elf.sections.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-section')))).toEqual(elf.sections.map((s) => s.name));
  await shot(page, '05-inspect-sections');

  await page.keyboard.press(']');
  await expect(page).toHaveURL(/view=symbols/);
  await expect(page.locator('[data-testid="symbols-table"] tbody tr')).toHaveCount(elf.symbols.length);
  await expect(page.getByTestId('symbols-table')).toContainText('handle_tp');
  await shot(page, '06-inspect-symbols');

  await page.keyboard.press(']');
  await expect(page).toHaveURL(/view=relocations/);
  const n = elf.relocationSections.reduce((a, r) => a + r.relocations.length, 0);
  await expect(page.locator('[data-testid="relocations"] tbody tr')).toHaveCount(n);
  await shot(page, '07-inspect-relocations');
});

test('the example picker switches example and keeps the stage', async ({ page }) => {
  await page.goto('./?example=minimal&stage=inspect&view=sections');
  await expect(page.getByTestId('sections-table')).toBeVisible();
  await page.getByTestId('example-picker').selectOption('xdp-count');
  await expect(page).toHaveURL(/example=xdp-count/);
  const elf = readObject('content/examples/xdp-count/build/xdp_count.bpf.o');
  await expect(page.locator('[data-testid="sections-table"] tbody tr')).toHaveCount(elf.sections.length);
  await expect(page.getByTestId('sections-table')).toContainText('xdp');
  await shot(page, '10-picker-xdp-count');
});

test('the help overlay lists the shortcuts', async ({ page }) => {
  await page.goto('./?example=minimal&stage=inspect');
  await page.getByTestId('file-line').waitFor();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('Next stage');
  await shot(page, '11-help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toBeHidden();
});

test('a malformed object shows the ElfError with its offset, not a blank pane', async ({ page }) => {
  // Serve the first 40 bytes of the real object in place of the whole file (no test-only code in the app).
  const bytes = readFileSync(MINIMAL);
  await page.route(/\/minimal\.bpf-[^/]*\.o$/, (route) => route.fulfill({ status: 200, body: bytes.subarray(0, 40) }));
  const want = readElf(new Uint8Array(bytes.subarray(0, 40)));
  expect(want.ok).toBe(false);
  await page.goto('./?example=minimal&stage=inspect');
  const panel = page.getByTestId('error-panel');
  await expect(panel).toBeVisible();
  if (!want.ok) {
    await expect(panel).toContainText(want.error.message);
    await expect(panel).toContainText(`at byte offset ${want.error.offset}`);
  }
  await shot(page, '12-elf-error');
});

test('the Bytecode view matches sim\'s disassembly; a relocation jumps to its instruction', async ({ page }) => {
  const elf = readObject(MINIMAL);
  const dis = disassembleObject(elf);
  if (!dis.ok) throw new Error(dis.error.message);
  const prog = dis.value.find((s) => s.name === 'tp/syscalls/sys_enter_write')!;
  const slots = prog.insns.reduce((n, i) => n + i.bytes.length / 8, 0);
  const printk = prog.insns.find((i) => i.kernel.includes('call bpf_trace_printk'))!;

  await page.goto('./?example=minimal&stage=inspect&view=bytecode');
  await expect(page.getByTestId('insn-count')).toHaveText(`${prog.insns.length} instructions · ${slots} slots · ${prog.size} bytes`);
  await expect(page.locator('[data-testid="bytecode-rows"] [data-insn]')).toHaveCount(prog.insns.length);
  const call = page.locator(`[data-testid="bytecode-rows"] [data-insn][data-slot="${printk.slot}"]`);
  await expect(call.getByTestId('insn-text')).toHaveText(printk.llvm);
  await call.hover();
  await expect(page.getByTestId('insn-inspector')).toContainText('helper id 6: bpf_trace_printk');
  await expect(page.getByTestId('insn-inspector')).toContainText('BPF_JMP | BPF_CALL');
  await shot(page, '08-bytecode-llvm');

  await page.keyboard.press('s');
  await expect(call.getByTestId('insn-text')).toHaveText(printk.kernel);
  await expect(call.getByTestId('insn-text')).toContainText('call bpf_trace_printk#6');
  await shot(page, '08-bytecode-kernel');

  // A relocation row opens the instruction it patches.
  const rel = elf.relocationSections.find((r) => r.targetName === prog.name)!.relocations[0]!;
  const slot = Number(rel.offset / 8n);
  await page.goto('./?example=minimal&stage=inspect&view=relocations');
  await page.locator(`[data-testid="relocations"] tr[data-reloc-insn="${slot}"]`).first().click();
  await expect(page).toHaveURL(/view=bytecode/);
  const target = page.locator(`[data-testid="bytecode-rows"] [data-insn][data-slot="${slot}"]`);
  await expect(target).toHaveClass(/is-focused/);
  await expect(target.getByTestId('insn-text')).toContainText(`${rel.typeName} → ${rel.symbol?.name || rel.symbol?.sectionName}`);
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('insn-inspector')).toContainText(`slot ${slot}`);
  await shot(page, '08-bytecode-from-relocation');
});

test('every example: both objects read, each code section shows sim\'s instruction count', async ({ page }) => {
  test.setTimeout(120_000);
  const metas = readdirSync('content/examples', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`content/examples/${d.name}/meta.json`))
    .map((d) => JSON.parse(readFileSync(`content/examples/${d.name}/meta.json`, 'utf8')) as { slug: string; name: string });
  expect(metas.length).toBeGreaterThan(1);
  for (const m of metas) {
    const dis = disassembleObject(readObject(`content/examples/${m.slug}/build/${m.name}.bpf.o`));
    if (!dis.ok) throw new Error(dis.error.message);
    for (const sec of dis.value) {
      await page.goto(`./?example=${m.slug}&stage=inspect&view=${encodeURIComponent(`bytecode/${sec.name}`)}`);
      await expect(page.getByTestId('insn-count'), `${m.slug} ${sec.name}`).toContainText(`${sec.insns.length} instructions`);
    }
    await shot(page, `13-bytecode-${m.slug}`);
    await page.goto(`./?example=${m.slug}&stage=link`);
    await expect(page.getByTestId('link-diff'), `${m.slug} link`).toContainText('Copied byte for byte');
  }
});
