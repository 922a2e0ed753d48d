// The real kernel accepts what the assembler writes: `bpftool prog loadall` (libbpf 1.1) opens the object,
// creates its BTF-defined map and the .bss/.rodata maps, relocates `r1 = counts ll` / `my_pid`, and the
// verifier accepts the programs.
// Needs root (CAP_BPF) and bpftool; each test says why when it cannot run. Pins are removed afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bpfSkipReason, bpftoolSkipReason } from '../../kernel/helpers/privilege.ts';
import { mustAssemble, repoRoot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bpflc-asm-load-'));
const pins: string[] = [];
afterAll(() => {
  for (const p of pins) rmSync(p, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

const skip = process.getuid?.() !== 0 ? 'skipped: not root (bpftool prog loadall needs CAP_BPF and a bpffs mount)' : (bpfSkipReason() ?? bpftoolSkipReason());

function loadAll(fixture: string): { progs: string; maps: string } {
  const out = mustAssemble(readFileSync(join(repoRoot, 'tests', 'fixtures', 'asm', fixture), 'utf8'));
  const obj = join(tmp, fixture.replace(/\.s$/, '.o'));
  writeFileSync(obj, out.elf);
  execFileSync('sh', ['-c', 'mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf']);
  const pin = `/sys/fs/bpf/bpflc-asm-test-${process.pid}-${fixture.replace(/\W/g, '_')}`;
  rmSync(pin, { recursive: true, force: true });
  pins.push(pin);
  execFileSync('bpftool', ['prog', 'loadall', obj, pin], { stdio: ['ignore', 'pipe', 'pipe'] });
  const prog = { 'socket-zero.s': 'drop_all', 'tracepoint-map.s': 'count_writes', 'minimal-from-objdump.s': 'handle_tp', 'subprog-call.s': 'keep_small' }[fixture] ?? '';
  const progs = execFileSync('bpftool', ['prog', 'show', 'pinned', join(pin, prog)], { encoding: 'utf8' });
  const ids = /map_ids (\d+)/.exec(progs);
  const maps = ids ? execFileSync('bpftool', ['map', 'show', 'id', ids[1] as string], { encoding: 'utf8' }) : '';
  return { progs, maps };
}

describe('the kernel loads assembled programs', () => {
  it.skipIf(skip !== undefined)(`a socket filter "r0 = 0; exit" ${skip ?? ''}`, () => {
    const { progs } = loadAll('socket-zero.s');
    expect(progs).toMatch(/socket_filter\s+name drop_all\s+tag [0-9a-f]{16}\s+gpl/);
  });

  it.skipIf(skip !== undefined)(`a tracepoint that counts into a .map hash map ${skip ?? ''}`, () => {
    const { progs, maps } = loadAll('tracepoint-map.s');
    expect(progs).toMatch(/tracepoint\s+name count_writes\s+tag [0-9a-f]{16}\s+gpl/);
    expect(maps).toMatch(/hash\s+name counts\s+flags 0x0\s+key 4B\s+value 8B\s+max_entries 1024/);
  });

  it.skipIf(skip !== undefined)(`BPF-to-BPF calls into .text, static and global ${skip ?? ''}`, () => {
    const { progs } = loadAll('subprog-call.s');
    // libbpf appends the three .text functions: 5 + 5 + 3 + 3 instructions.
    expect(progs).toMatch(/socket_filter\s+name keep_small\s+tag [0-9a-f]{16}\s+gpl[\s\S]*xlated 128B/);
  });

  it.skipIf(skip !== undefined)(`minimal's llvm-objdump -d -r listing plus its data ${skip ?? ''}`, () => {
    const { progs } = loadAll('minimal-from-objdump.s');
    expect(progs).toMatch(/tracepoint\s+name handle_tp\s+tag [0-9a-f]{16}\s+gpl[\s\S]*map_ids \d+,\d+/);
  });
});
