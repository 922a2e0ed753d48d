// Shared by the assembler tests: loading objects, assembling and reading back, comparing code sections,
// and running real tools when they are installed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { assemble, isDisassembledSection, readElf, sectionData, type Assembled, type ElfFile } from '@bpflc/sim';

export { availableObjects, repoRoot, shortName } from '../elf/objects.ts';

export function loadElf(path: string): ElfFile {
  const r = readElf(new Uint8Array(readFileSync(path)));
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return r.value;
}

/** Assembles `source`; a failure throws with every diagnostic, so a test shows what went wrong. */
export function mustAssemble(source: string, littleEndian = true): Assembled & { elfFile: ElfFile } {
  const r = assemble(source, { littleEndian });
  if (!r.ok) throw new Error(r.error.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
  const back = readElf(r.value.elf);
  if (!back.ok) throw new Error(`readElf refused the assembled object: ${back.error.message}`);
  return { ...r.value, elfFile: back.value };
}

/** The sections llvm-objdump -d shows, by name, with their bytes. */
export function codeSections(elf: ElfFile): Map<string, Uint8Array> {
  return new Map(elf.sections.filter(isDisassembledSection).map((s) => [s.name, sectionData(elf, s)]));
}

export function toolVersion(cmd: string): string | undefined {
  try {
    return execFileSync(cmd, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').find((l) => /version/i.test(l))?.trim();
  } catch {
    return undefined;
  }
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
