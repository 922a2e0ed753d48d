// The C test programs (tests/programs/c) and their objects (tests/programs/build/c-*.bpf.o): in step with
// their sources, and together covering every instruction form the project must decode and simulate.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readElf, sectionByName, sectionData } from '../../../sim/src/elf/index.ts';
import { buildTestPrograms, parseCflags, type TestProgramsManifest } from '../../../scripts/build-content.ts';
import { findOnPath, toolVersion } from '../../../scripts/build-content/toolchain.ts';
import { allFeatures, censusObject } from './opcode-census.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DIR = path.join(ROOT, 'tests/programs');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const sources = readdirSync(path.join(DIR, 'c')).filter((f) => f.endsWith('.bpf.c')).sort();
const manifestPath = path.join(DIR, 'build/c-manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TestProgramsManifest;
const REBUILD = 'run npm run build-content -- --programs';

function readObject(name: string) {
  const r = readElf(new Uint8Array(readFileSync(path.join(DIR, `build/c-${name}.bpf.o`))));
  if (!r.ok) throw new Error(`c-${name}.bpf.o: ${r.error.message} at byte ${r.error.offset}`);
  return r.value;
}

describe('tests/programs/c', () => {
  it('has at least 12 programs, each built and listed in c-manifest.json', () => {
    expect(sources.length).toBeGreaterThanOrEqual(12);
    const names = sources.map((f) => f.slice(0, -'.bpf.c'.length)).sort();
    expect(manifest.programs.map((p) => p.name).sort(), REBUILD).toEqual(names);
    for (const n of names) expect(existsSync(path.join(DIR, `build/c-${n}.bpf.o`)), `c-${n}.bpf.o missing: ${REBUILD}`).toBe(true);
  });

  it('manifest inputs equal the sources, outputs equal the committed objects', () => {
    for (const p of manifest.programs) {
      for (const [file, hash] of Object.entries(p.inputs)) {
        expect(sha256(path.join(DIR, file)), `${file} changed since the last build: ${REBUILD}`).toBe(hash);
      }
      expect(p.cflags).toEqual(parseCflags(readFileSync(path.join(DIR, p.source), 'utf8'), p.source));
      expect(p.step.exitCode).toBe(0);
      expect(p.step.stderr, `${p.source} compiles with warnings`).toBe('');
      for (const o of p.step.outputs) {
        expect(sha256(path.join(DIR, o.path)), `${o.path} differs from its manifest: ${REBUILD}`).toBe(o.sha256);
      }
    }
  });

  it('together they contain every instruction form (opcode census)', () => {
    const seen = new Map<string, string>();
    for (const p of manifest.programs) censusObject(readObject(p.name), `c-${p.name}`, seen);
    const missing = allFeatures().filter((f) => !seen.has(f));
    expect(missing).toEqual([]);
  });

  it('core.bpf.c carries CO-RE relocations; calls.bpf.c a global function', () => {
    const core = readObject('core');
    const ext = sectionByName(core, '.BTF.ext');
    expect(ext).toBeDefined();
    // struct btf_ext_header: magic u16, version u8, flags u8, hdr_len u32, func_info_off/len, line_info_off/len,
    // core_relo_off u32 (offset 24), core_relo_len u32 (offset 28).
    const bytes = sectionData(core, ext!);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint16(0, true)).toBe(0xeb9f);
    expect(view.getUint32(4, true)).toBeGreaterThanOrEqual(32);
    expect(view.getUint32(28, true)).toBeGreaterThan(0);

    const calls = readObject('calls');
    const globalFn = calls.symbols.find((s) => s.name === 'clamp_global');
    expect(globalFn?.bindName).toBe('STB_GLOBAL');
    expect(globalFn?.sectionName).toBe('.text');
  });

  it('multi-section.bpf.c holds many programs in many sections', () => {
    const elf = readObject('multi-section');
    const progSections = elf.sections.filter((s) => s.flagLetters.includes('X') && s.name !== '.text');
    expect(progSections.length).toBeGreaterThanOrEqual(15);
  });
});

const clangReady = findOnPath('clang') !== null && toolVersion('clang') === manifest.tools.clang;

describe('tests/programs rebuild', () => {
  it.skipIf(!clangReady)(`rebuilding in another folder gives byte-identical objects (${manifest.tools.clang})`, async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'bpflc-programs-'));
    try {
      await cp(path.join(DIR, 'c'), path.join(tmp, 'tests/programs/c'), { recursive: true });
      const rebuilt = await buildTestPrograms(tmp, () => {});
      const differing = rebuilt.programs.filter((p) => {
        const committed = manifest.programs.find((c) => c.name === p.name);
        return committed?.step.outputs[0]?.sha256 !== p.step.outputs[0]?.sha256;
      });
      expect(differing.map((p) => p.name), `objects differ from a fresh build: ${REBUILD}`).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
