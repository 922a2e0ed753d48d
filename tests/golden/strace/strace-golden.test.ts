// Each real strace capture in this folder parses to the events recorded next to it (<name>.events.json), and each
// capture says how it was made (<name>.meta.json: strace version and argv, kernel, tools). Regenerate the expected
// events after a parser change with `node --import tsx scripts/capture-strace.ts --events` and review the diff;
// re-capture (root, CAP_BPF) with `node --import tsx scripts/capture-strace.ts [name…]`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTraceEvent, parseStrace } from '@bpflc/sim';

const DIR = dirname(fileURLToPath(import.meta.url));
const NAMES = readdirSync(DIR).filter((f) => f.endsWith('.strace')).map((f) => f.slice(0, -'.strace'.length)).sort();

interface Meta {
  name: string;
  strace: { version: string; argv: string[] };
  command: string[];
  host: { kernel: string };
  files: { strace: string; stderr: string; events: string };
  exit: { code: number | null; signal: string | null };
}

const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');

describe('strace captures', () => {
  it('has the captures the brief asks for', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['minimal-skel-1', 'minimal-skel-2', 'bpftool-minimal-1', 'bpftool-rejected', 'bcc-kprobe']));
    expect(NAMES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(NAMES)('%s parses to its recorded events', (name) => {
    const expected = JSON.parse(read(`${name}.events.json`)) as { capture: string; events: unknown[]; issues: unknown[] };
    const got = parseStrace(read(`${name}.strace`));
    expect(expected.capture).toBe(`${name}.strace`);
    expect(got.issues).toEqual(expected.issues);
    expect(got.events).toEqual(expected.events);
    expect(got.events.every(isTraceEvent)).toBe(true);
  });

  it.each(NAMES)('%s says how it was made', (name) => {
    const meta = JSON.parse(read(`${name}.meta.json`)) as Meta;
    expect(meta.name).toBe(name);
    expect(meta.strace.version).toMatch(/^strace -- version 6\.1$/);
    expect(meta.strace.argv.slice(0, 11)).toEqual(['strace', '-f', '-T', '-v', '-X', 'abbrev', '-s', '4096', '-e', 'trace=bpf,perf_event_open,ioctl,close', '-o']);
    expect(meta.strace.argv.slice(-meta.command.length)).toEqual(meta.command);
    expect(meta.host.kernel).not.toBe('');
    expect(meta.files.strace).toBe(`${name}.strace`);
    expect(read(meta.files.stderr)).toBeTypeOf('string');
  });

  it('recorded the verifier log of the rejected load in its stderr (strace 6.1 cannot show it)', () => {
    const stderr = read('bpftool-rejected.stderr.txt');
    expect(stderr).toContain("R0 invalid mem access 'map_value_or_null'");
    expect((JSON.parse(read('bpftool-rejected.meta.json')) as Meta).exit.code).not.toBe(0);
  });
});
