// Real kernel: the agent's CO-RE relocations against libbpf's. For each object with CO-RE relocations, libbpf
// 1.1 (inside bpftool 7.1, `bpftool -d prog loadall`, debug output) and the agent resolve them against the same
// /sys/kernel/btf/vmlinux; every relocation must end the same way: the same value patched into the same
// instruction, or the same instruction poisoned.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { unload } from '../../../real-backend/src/loader/index.ts';
import { bpftoolSkipReason, needBpf, vmlinuxBtfSkipReason } from '../helpers/privilege.ts';
import { exampleObjects, load, programObject, type Load } from './helpers.ts';

const PIN_DIR = `/sys/fs/bpf/bpflc-loader-core-${process.pid}`;
const loads: Load[] = [];
afterAll(() => {
  for (const l of loads) unload(l.s, l.loaded);
  rmSync(PIN_DIR, { recursive: true, force: true });
});

function bpffsSkipReason(): string | undefined {
  const mounts = readFileSync('/proc/mounts', 'utf8');
  return /^\S+ \/sys\/fs\/bpf bpf /m.test(mounts) ? undefined : 'skipped: no bpffs at /sys/fs/bpf for bpftool prog loadall to pin into';
}

/**
 * libbpf's decisions, from its debug log, e.g.
 *   "libbpf: prog 'core_reads': relo #0: patched insn #2 (ALU/ALU64) imm 4 -> 1264"
 *   "libbpf: prog 'core_reads': relo #8: substituting insn #68 w/ invalid insn"
 */
function libbpfCore(path: string): string[] {
  rmSync(PIN_DIR, { recursive: true, force: true });
  const r = spawnSync('bpftool', ['-d', 'prog', 'loadall', path, PIN_DIR], { encoding: 'utf8' });
  rmSync(PIN_DIR, { recursive: true, force: true });
  const out: string[] = [];
  for (const line of r.stderr.split('\n')) {
    const p = /prog '([^']+)': relo #\d+: patched insn #(\d+) \([^)]*\) (?:imm64|imm|off) (\d+) -> (\d+)/.exec(line);
    if (p) out.push(`${p[1]} insn ${p[2]}: ${p[3]} -> ${p[4]}`);
    const x = /prog '([^']+)': relo #\d+: substituting insn #(\d+) w\/ invalid insn/.exec(line);
    if (x) out.push(`${x[1]} insn ${x[2]}: poisoned`);
  }
  return out;
}

const objects = [
  ...exampleObjects().filter((e) => ['ringbuf', 'raw-tp', 'hello-kprobe'].includes(e.slug)).map((e) => e.path),
  programObject('core'),
  programObject('good-and-bad'),
];

describe('agent CO-RE vs libbpf 1.1 (bpftool -d prog loadall)', () => {
  for (const path of objects) {
    it(path.slice(path.lastIndexOf('/') + 1), async (ctx) => {
      needBpf(ctx);
      const why = vmlinuxBtfSkipReason() ?? bpftoolSkipReason() ?? bpffsSkipReason();
      if (why) ctx.skip(why);
      const theirs = libbpfCore(path);
      expect(theirs.length).toBeGreaterThan(0);
      const l = await load(path);
      loads.push(l);
      const ours = l.s.events.flatMap((e) => {
        if (e.kind !== 'step' || e.name !== 'core' || !e.data) return [];
        const d = e.data;
        return [d.result === 'poisoned' ? `${String(d.program)} insn ${String(d.insn)}: poisoned` : `${String(d.program)} insn ${String(d.insn)}: ${String(d.orig)} -> ${String(d.new)}`];
      });
      expect(ours).toEqual(theirs);
    });
  }
});
