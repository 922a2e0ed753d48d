// content/examples/*/recorded/agent.json: every example has a recording of a real load of exactly the committed
// object (a rebuilt object without a re-recording fails here), whose verdicts are what meta.json promises, and
// whose events and instruction images are the shape the app reads.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTraceEvent, isStageId } from '@bpflc/sim';
import type { AgentRecording } from '../../../app/src/content/recording-types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLES = path.join(ROOT, 'content/examples');
const slugs = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(path.join(EXAMPLES, e.name, 'meta.json'))).map((e) => e.name).sort();
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const rerecord = (slug: string): string => `run scripts/record-runs.ts ${slug} (as root: node --import tsx scripts/record-runs.ts ${slug})`;

interface Meta {
  name: string;
  expectedVerdict: 'accepted' | 'rejected';
  rejectionReason?: string;
  programs: { name: string; section: string }[];
}

describe('recorded runs', () => {
  it('found the examples', () => expect(slugs.length).toBeGreaterThanOrEqual(5));

  for (const slug of slugs) {
    describe(slug, () => {
      const dir = path.join(EXAMPLES, slug);
      const meta = readJson<Meta>(path.join(dir, 'meta.json'));
      const file = path.join(dir, 'recorded/agent.json');

      it('has a recording of the committed object', () => {
        expect(existsSync(file), `${slug} has no recorded/agent.json: ${rerecord(slug)}`).toBe(true);
        const rec = readJson<AgentRecording>(file);
        const obj = readFileSync(path.join(dir, 'build', `${meta.name}.bpf.o`));
        const sha = createHash('sha256').update(obj).digest('hex');
        expect(rec.object.sha256, `build/${meta.name}.bpf.o changed since it was recorded: ${rerecord(slug)}`).toBe(sha);
        expect(rec.source).toBe('real');
        expect(rec.loader).toBe('agent');
        expect(rec.recordedOn.loader).toBe('agent');
        expect(rec.recordedOn.kernel).toBe(rec.kernel);
        expect(rec.recordedOn.date).toMatch(/^\d{4}-\d\d-\d\d$/);
        expect(rec.recordedOn.tools.bpftool).toMatch(/^bpftool v\d/);
      });

      it('has the verdicts meta.json expects', () => {
        const rec = readJson<AgentRecording>(file);
        expect(rec.programs.map((p) => p.name).sort()).toEqual(meta.programs.map((p) => p.name).sort());
        for (const p of rec.programs) {
          expect(p.verdict, `${slug}/${p.name}`).toBe(meta.expectedVerdict);
          expect(rec.levelOne[p.name]?.verdict, `${slug}/${p.name} at log level 1`).toBe(meta.expectedVerdict);
          expect(p.logLevel).toBe(2);
          if (p.verdict === 'rejected') {
            expect(p.reason, `${slug}/${p.name}: reason line`).toBeTruthy();
            if (meta.rejectionReason) expect(p.reason).toBe(meta.rejectionReason);
            expect(p.log).toContain(p.reason!);
            expect(p.xlated).toEqual([]);
          } else {
            // The kernel hands back the image it ran: never fewer slots than sent, plus jited bytes.
            expect(p.xlated.length, `${slug}/${p.name} xlated`).toBeGreaterThan(0);
            expect(p.jited).toMatch(/^([0-9a-f]{2})+$/);
            expect(p.log).toContain('processed ');
          }
          for (const slot of [...p.insns, ...p.xlated]) expect(slot).toMatch(/^[0-9a-f]{16}$/);
        }
      });

      it('has a trace the app can draw', () => {
        const rec = readJson<AgentRecording>(file);
        expect(rec.trace.length).toBeGreaterThan(0);
        rec.trace.forEach((e, i) => {
          expect(isTraceEvent(e), `event ${i}`).toBe(true);
          expect(e.seq).toBe(i);
          expect(isStageId(e.stage)).toBe(true);
        });
        const creates = rec.trace.filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_MAP_CREATE');
        expect(creates.length).toBe(rec.maps.length);
        const loads = rec.trace.filter((e) => e.kind === 'syscall' && e.cmd === 'BPF_PROG_LOAD');
        expect(loads.length).toBeGreaterThanOrEqual(rec.programs.length);
        expect(JSON.stringify(rec).length, 'recording stays modest').toBeLessThan(1024 * 1024);
      });
    });
  }
});
