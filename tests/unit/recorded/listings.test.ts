// The JIT pane's alignment of sent vs xlated instructions and the Verify pane's log classification, on the
// committed real recordings: every rewrite the kernel made is found and explained, nothing unchanged is flagged.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alignXlated, decodeSlots, hexDump } from '../../../app/src/panes/kernel/xlated.ts';
import { classifyLog } from '../../../app/src/panes/kernel/log-lines.ts';
import type { AgentRecording } from '../../../app/src/content/recording-types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLES = path.join(ROOT, 'content/examples');
const rec = (slug: string): AgentRecording => JSON.parse(readFileSync(path.join(EXAMPLES, slug, 'recorded/agent.json'), 'utf8')) as AgentRecording;
const slugs = readdirSync(EXAMPLES).filter((s) => existsSync(path.join(EXAMPLES, s, 'recorded/agent.json'))).sort();

describe('alignXlated', () => {
  it('minimal: the two map-value ld_imm64 and the two helper calls are the rewrites', () => {
    const p = rec('minimal').programs[0]!;
    const { sent, xlated } = alignXlated(p.insns, p.xlated, { byFd: new Map() });
    expect(xlated.filter((r) => r.change).map((r) => r.slot)).toEqual([0, 2, 6, 10]);
    expect(sent.filter((r) => r.change).map((r) => r.slot)).toEqual([0, 2, 6, 10]);
    expect(xlated[0]!.text).toMatch(/^\(85\) call bpf_get_current_pid_tgid#-?\d+$/);
    expect(xlated[2]!.text).toMatch(/^\(18\) r1 = map\[id:\d+\]\[0\]\+0$/);
    expect(xlated[2]!.change).toContain('map value');
    expect(sent[2]!.text).toMatch(/^\(18\) r1 = map\[fd:\d+\]\[0\]\+0$/);
  });

  it('xdp-count: context loads rewritten, an inlined map lookup shows as inserted instructions', () => {
    const p = rec('xdp-count').programs[0]!;
    expect(p.xlated.length).toBeGreaterThan(p.insns.length);
    const { xlated } = alignXlated(p.insns, p.xlated);
    const changes = xlated.map((r) => r.change ?? '');
    expect(changes.some((c) => c.startsWith('context access rewritten'))).toBe(true);
    expect(changes.some((c) => c.startsWith('inserted by the verifier'))).toBe(true);
    expect(changes.some((c) => c.includes('bpf_map_lookup_elem#1 inlined'))).toBe(true);
  });

  for (const slug of slugs) {
    it(`${slug}: one row per xlated instruction, every unchanged row equal to a sent instruction`, () => {
      for (const p of rec(slug).programs.filter((x) => x.verdict === 'accepted')) {
        const got = decodeSlots(p.xlated);
        const { sent, xlated } = alignXlated(p.insns, p.xlated);
        expect(xlated.map((r) => r.slot)).toEqual(got.map((i) => i.slot));
        const sentTexts = new Set(sent.map((r) => r.text));
        for (const r of xlated.filter((x) => !x.change)) expect(sentTexts.has(r.text), `${slug}/${p.name} slot ${r.slot}: ${r.text}`).toBe(true);
      }
    });
  }
});

describe('classifyLog', () => {
  it('rejected: the reason line and the instruction before it are marked', () => {
    const p = rec('rejected').programs[0]!;
    const lines = classifyLog(p.log, p.reason);
    const reason = lines.findIndex((l) => l.kind === 'reason');
    expect(lines[reason]!.text).toBe("R0 invalid mem access 'map_value_or_null'");
    expect(lines.filter((l) => l.kind === 'fail-insn').map((l) => l.text)).toEqual(['8: (79) r1 = *(u64 *)(r0 +0)']);
    expect(lines.at(-1)!.kind).toBe('summary');
  });

  it('accepted logs mark source lines and no reason', () => {
    const lines = classifyLog(rec('minimal').programs[0]!.log);
    expect(lines.some((l) => l.kind === 'src' && l.text.includes('minimal.bpf.c'))).toBe(true);
    expect(lines.some((l) => l.kind === 'reason')).toBe(false);
  });
});

describe('hexDump', () => {
  it('prints 16 bytes a line with offsets', () => {
    const hex = rec('minimal').programs[0]!.jited;
    const lines = hexDump(hex).split('\n');
    expect(lines).toHaveLength(Math.ceil(hex.length / 32));
    expect(lines[0]).toMatch(/^00000000 {2}([0-9a-f]{2} ){7}[0-9a-f]{2} {2}([0-9a-f]{2} ){7}[0-9a-f]{2}$/);
  });
});
