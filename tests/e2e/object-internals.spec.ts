// The object-internals tabs of the Inspect stage (Programs & maps, BTF, Hex) and the source lines in Bytecode,
// checked against what sim computes in Node for the same objects.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { formatBtfC, readBtfFromElf, readObjectSpec, type BtfComposite, type BtfType } from '../../sim/src/index.ts';
import { readObject, shot, waitForEditor } from './helpers.ts';

const obj = (slug: string, name: string) => `content/examples/${slug}/build/${name}.bpf.o`;

function spec(path: string) {
  const r = readObjectSpec(new Uint8Array(readFileSync(path)), { path: path.split('/').pop() });
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return r.value;
}

function btfOf(path: string) {
  const r = readBtfFromElf(readObject(path));
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return r.value;
}

for (const [slug, name] of [['minimal', 'minimal'], ['hello-kprobe', 'hello_kprobe']] as const) {
  test(`Programs & maps of ${slug} match readObjectSpec`, async ({ page }) => {
    const s = spec(obj(slug, name));
    await page.goto(`./?example=${slug}&stage=inspect&view=programs`);
    const maps = page.locator('[data-testid="maps-table"] tbody tr');
    await expect(maps).toHaveCount(s.maps.length);
    expect(await maps.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-map')))).toEqual(s.maps.map((m) => m.name));
    expect(await page.getByTestId('map-type').allTextContents()).toEqual(s.maps.map((m) => m.type ?? ''));
    const progs = page.locator('[data-testid="programs-table"] tbody tr');
    expect(await progs.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-program')))).toEqual(s.programs.map((p) => p.name));
    for (const p of s.programs) await expect(progs.filter({ hasText: p.name })).toContainText(p.progType ?? '—');
    await expect(page.getByTestId('spec-license')).toHaveText(s.license ?? '(none)');
    await expect(page.locator('[data-testid="spec-relocs"] tbody tr')).toHaveCount(s.relocations.length);
    await shot(page, `20-programs-maps-${slug}`);
  });
}

test('a classified relocation opens its instruction in Bytecode', async ({ page }) => {
  const s = spec(obj('minimal', 'minimal'));
  const r = s.relocations[0]!;
  await page.goto('./?example=minimal&stage=inspect&view=programs');
  await page.locator('[data-testid="spec-relocs"] tbody tr').first().click();
  await expect(page).toHaveURL(/view=bytecode/);
  await expect(page.locator(`.insn-row.is-focused[data-slot="${r.sectionInsnIndex}"]`)).toBeVisible();
});

test('BTF: type count, search, follow a reference, C view, BTF.ext', async ({ page }) => {
  const path = obj('hello-kprobe', 'hello_kprobe');
  const { btf, ext } = btfOf(path);
  await page.goto('./?example=hello-kprobe&stage=inspect&view=btf');
  await expect(page.getByTestId('btf-count')).toContainText(`${btf.types.length - 1} types`);
  await expect(page.locator('[data-testid="btf-type-list"] [data-type-id]').first()).toBeVisible();

  // Search the first named struct by name: it is listed, and selecting it shows its members.
  const target = btf.types.find((t: BtfType): t is BtfComposite => t.kind === 'BTF_KIND_STRUCT' && t.name !== '')!;
  await page.getByTestId('btf-search').fill(target.name);
  const row = page.locator(`[data-testid="btf-type-list"] [data-type-id="${target.id}"]`);
  await expect(row).toContainText(target.name);
  await row.click();
  await expect(page).toHaveURL(new RegExp(`view=btf%2F${target.id}(&|$)`));
  const detail = page.getByTestId('btf-detail');
  await expect(detail).toContainText(`type [${target.id}] · STRUCT`);
  for (const m of target.members) await expect(detail).toContainText(m.name);
  await shot(page, '21-btf-types');

  // Follow the first member's type reference.
  const ref = target.members[0]!.type;
  await detail.locator(`.type-ref[data-ref="${ref}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`view=btf%2F${ref}(&|$)`));
  await expect(detail).toContainText(`type [${ref}]`);

  // Search by id.
  await page.getByTestId('btf-search').fill(`[${target.id}]`);
  await expect(page.locator('[data-testid="btf-type-list"] [data-type-id]').first()).toHaveAttribute('data-type-id', String(target.id));

  await page.getByRole('tab', { name: 'C view' }).click();
  await expect(page).toHaveURL(/view=btf%2Fc/);
  const c = formatBtfC(btf, { pointerSize: 8 });
  if (!c.ok) throw new Error(c.error.message);
  // The first struct the printer emits is near the top, in Monaco's first screen.
  await waitForEditor(page, /struct (\w+) \{/.exec(c.value.text)![1]!);
  await shot(page, '22-btf-c');

  await page.getByRole('tab', { name: 'BTF.ext' }).click();
  const lines = ext!.lineInfo.reduce((n, b) => n + b.records.length, 0);
  await expect(page.locator('[data-testid="line-info"] tbody tr')).toHaveCount(lines);
  const first = ext!.lineInfo[0]!.records[0]!;
  await expect(page.locator('[data-testid="line-info"] tbody tr').first()).toContainText(`:${first.lineNum}:${first.col}`);
  await shot(page, '23-btf-ext');
});

test('Hex: hovering e_machine shows EM_BPF (247); an outline entry selects its bytes', async ({ page }) => {
  const elf = readObject(obj('minimal', 'minimal'));
  expect(elf.header.machine).toBe(247);
  await page.goto('./?example=minimal&stage=inspect&view=hex');
  const grid = page.getByTestId('hex-rows');
  await expect(grid).toBeVisible();
  // e_machine is bytes 18..19 of the ELF header.
  await grid.locator('.hex-bytes [data-off="18"]').hover();
  await expect(page.getByTestId('hex-path')).toContainText('ELF header (Elf64_Ehdr) › e_machine');
  await expect(page.getByTestId('hex-value')).toHaveText(`= ${elf.header.machine} (${elf.header.machineName})`);
  await expect(grid.locator('.hex-bytes .is-field')).toHaveCount(2);
  await shot(page, '24-hex-e-machine');

  // A symbol entry's bytes: the outline selects them (24 bytes highlighted) and the grid scrolls there.
  const sym = elf.symbols.find((s) => s.name === 'handle_tp')!;
  const symtab = elf.sections.find((s) => s.name === '.symtab')!;
  const at = symtab.offset + sym.index * 24;
  await page.locator('[data-testid="hex-outline"] .outline-row', { hasText: 'section [' }).filter({ hasText: '.symtab' }).locator('button').click();
  await page.locator('[data-testid="hex-outline"] .outline-row', { hasText: `symbol [${sym.index}] handle_tp` }).click();
  await expect(grid.locator('.hex-bytes .is-sel')).toHaveCount(24);
  await expect(grid.locator('.hex-bytes .is-sel').first()).toHaveAttribute('data-off', String(at));
  await grid.locator(`.hex-bytes [data-off="${at + 8}"]`).hover();
  await expect(page.getByTestId('hex-path')).toContainText(`symbol [${sym.index}] handle_tp › st_value`);
  await shot(page, '25-hex-symbol');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, '29-hex-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // An instruction selected in the hex view opens in Bytecode.
  const code = elf.sections.find((s) => s.name === 'tp/syscalls/sys_enter_write')!;
  await grid.locator(`.hex-bytes [data-off="${code.offset + 16}"]`).click();
  await page.getByTestId('hex-outline').hover();
  await page.getByRole('button', { name: 'Open in Bytecode' }).click();
  await expect(page).toHaveURL(/view=bytecode/);
  await expect(page.locator('.insn-row.is-focused[data-slot="2"]')).toBeVisible();
});

test('Hex on the 640 KB pre-link object stays responsive', async ({ page }) => {
  const path = 'content/examples/ringbuf/build/ringbuf.tmp.bpf.o';
  const size = readFileSync(path).length;
  await page.goto('./?example=ringbuf&stage=inspect&view=hex');
  const grid = page.getByTestId('hex-rows');
  await expect(grid.locator('.hex-bytes [data-off="0"]')).toBeVisible();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'ringbuf.tmp.bpf.o' }).click();
  await expect(page).toHaveURL(/view=hex%2Ftmp/);
  await expect(page.getByText(`ranges · ${(size / 1024).toFixed(1)} KiB`)).toBeVisible({ timeout: 30_000 });
  const ready = Date.now() - t0;
  // The whole file is scrollable (virtualized: only the visible rows are in the DOM).
  const h = await grid.evaluate((el) => el.scrollHeight);
  expect(h).toBeGreaterThan((size / 16) * 20 - 100);
  expect(await grid.locator('.hex-row').count()).toBeLessThan(200);
  // Select the .BTF section in the outline: the grid scrolls 400 KB down to it.
  const btfSec = readObject(path).sections.find((s) => s.name === '.BTF')!;
  await page.locator('[data-testid="hex-outline"] .outline-row', { hasText: `section [${btfSec.index}] .BTF` }).click();
  await expect(grid.locator(`.hex-bytes [data-off="${btfSec.offset}"]`)).toHaveClass(/is-sel/);
  // Hover latency measured in the page: mousemove on a byte → the info bar names the field (next frame).
  const hoverMs = await page.evaluate(async (off) => {
    const el = document.querySelector(`[data-testid="hex-rows"] .hex-bytes [data-off="${off}"]`)!;
    const info = document.querySelector('[data-testid="hex-info"]')!;
    const t = performance.now();
    el.dispatchEvent(new MouseEvent('mousemove', { bubbles: true }));
    while (!info.textContent!.includes('hdr_len')) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t;
  }, btfSec.offset + 4);
  await expect(page.getByTestId('hex-path')).toContainText('BTF header (struct btf_header) › hdr_len');
  console.log(`ringbuf.tmp.bpf.o (${size} B): hex tab ready ${ready} ms after the click, hover → field in ${hoverMs.toFixed(1)} ms`);
  expect(hoverMs).toBeLessThan(250);
  await shot(page, '26-hex-640k');
});

test('Bytecode shows line_info source lines; clicking one opens the Source view at that line', async ({ page }) => {
  const { ext } = btfOf(obj('minimal', 'minimal'));
  const block = ext!.lineInfo.find((b) => b.secName === 'tp/syscalls/sys_enter_write')!;
  const first = block.records[0]!;
  const file = first.fileName.split('/').pop()!;
  await page.goto('./?example=minimal&stage=inspect&view=bytecode');
  const src = page.locator(`[data-testid="bytecode-rows"] [data-src-line="${first.lineNum}"]`).first();
  await expect(src).toContainText(`${file}:${first.lineNum}`);
  await expect(src).toContainText(first.line.trim());
  // One source row per change of line, as llvm-objdump -S prints them.
  let changes = 0;
  let last = '';
  for (const r of block.records) {
    const k = `${r.fileName}:${r.lineNum}`;
    if (k !== last) changes++;
    last = k;
  }
  await expect(page.locator('[data-testid="bytecode-rows"] .insn-row--src')).toHaveCount(changes);
  await shot(page, '27-bytecode-source-lines');
  // The inspector of an instruction names the line in force there (the last line_info record at or before it).
  const later = block.records[block.records.length - 1]!;
  await page.locator(`[data-testid="bytecode-rows"] .insn-row[data-slot="${later.insnIdx}"]`).hover();
  await expect(page.getByTestId('insn-source')).toHaveText(`${later.fileName.split('/').pop()}:${later.lineNum}`);
  await src.click();
  await expect(page).toHaveURL(new RegExp(`stage=compile&view=source%2F${file.replace(/\./g, '\\.')}%3A${first.lineNum}`));
  await expect(page.getByTestId('code-view')).toHaveAttribute('data-line', String(first.lineNum));
  await waitForEditor(page, 'bpf_printk');
  await expect(page.locator('.monaco-editor .code-line-hl')).toHaveCount(1);
  await shot(page, '28-source-at-line');
});

test('Kernel BTF without the agent: says why, and any BTF file opens (here an object, through its .BTF)', async ({ page }) => {
  const path = obj('ringbuf', 'ringbuf');
  const { btf } = btfOf(path);
  await page.goto('./?example=minimal&stage=inspect&view=btf%2Fkernel');
  await expect(page.getByTestId('kbtf-empty')).toContainText('/sys/kernel/btf/vmlinux');
  await expect(page.getByTestId('kbtf-load')).toBeDisabled();
  await page.getByTestId('kbtf-file').setInputFiles(path);
  await expect(page.getByTestId('btf-count')).toHaveText(`${btf.types.length - 1} types`);
  await expect(page.getByTestId('kbtf-source')).toContainText('ringbuf.bpf.o');
  const struct = btf.types.find((t: BtfType): t is BtfComposite => t.kind === 'BTF_KIND_STRUCT' && t.name !== '')!;
  // `/` puts the cursor in the search.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('/');
  await page.keyboard.type(struct.name);
  await expect(page.getByTestId('btf-search')).toHaveValue(struct.name);
  await page.locator(`[data-testid="btf-type-list"] [data-type-id="${struct.id}"]`).click();
  await expect(page.getByTestId('btf-detail')).toContainText(struct.name);
  // Its C definition, as bpftool's format c prints it in the whole dump.
  const c = formatBtfC(btf, { pointerSize: 8 });
  if (!c.ok) throw new Error(c.error.message);
  const def = await page.getByTestId('btf-detail-c').textContent();
  expect(def?.startsWith(`struct ${struct.name} {`)).toBe(true);
  expect(c.value.text).toContain(def!);
  // A file that is neither BTF nor ELF: one sentence, nothing lost.
  await page.getByTestId('btf-search').fill('');
  await page.goto('./?example=minimal&stage=inspect&view=btf%2Fkernel');
  await page.getByTestId('kbtf-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not BTF') });
  await expect(page.getByText(/notes\.txt is neither raw BTF .* nor a readable ELF object/)).toBeVisible();
  await shot(page, '30-kernel-btf-bad-file');
});

