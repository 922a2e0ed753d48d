// Relocation counts as `llvm-readelf -r` (LLVM 14 here) prints them, set against what the spec recorded:
// each .rel<code section> must be fully accounted for (typed relocations + entries libbpf skips), and
// .rel.maps by the prog-array / map-in-map slots it fills. Relocations of .BTF, .BTF.ext and DWARF are
// the linker's business, not the loader's: listed, not compared.
// e.g. "Relocation section '.reltp/syscalls/sys_enter_write' at offset 0x1e8 contains 2 entries:"
import { execFileSync } from 'node:child_process';
import type { ObjectSpec } from '@bpflc/sim';

export function readelfVersion(): string | undefined {
  try {
    return /LLVM version (\S+)/.exec(execFileSync('llvm-readelf', ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

export function readelfRelocCounts(object: string): Map<string, number> {
  const out = new Map<string, number>();
  const text = execFileSync('llvm-readelf', ['-r', object], { encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const m of text.matchAll(/Relocation section '([^']+)' at offset 0x[0-9a-f]+ contains (\d+) entr(?:y|ies):/g)) out.set(m[1]!, Number(m[2]));
  return out;
}

export interface RelocCheck {
  /** Relocation sections a loader reads, with llvm-readelf's count and the spec's. */
  compared: { section: string; readelf: number; spec: number }[];
  /** Relocation sections libbpf ignores (.rel.BTF, .rel.BTF.ext, .rel.debug_*), with their counts. */
  ignored: { section: string; readelf: number }[];
}

export function checkRelocCounts(spec: ObjectSpec, counts: Map<string, number>): RelocCheck {
  const roles = new Map(spec.sections.map((s) => [s.name, s.role]));
  const check: RelocCheck = { compared: [], ignored: [] };
  for (const [section, readelf] of counts) {
    if (roles.get(section) !== 'relocations') {
      check.ignored.push({ section, readelf });
      continue;
    }
    let n: number;
    if (section === '.rel.maps') {
      n = spec.maps.reduce((acc, m) => acc + m.initSlots.length, 0);
    } else {
      const typed = spec.relocations.filter((r) => r.kind !== 'core' && r.relocationSection === section).length;
      const skipped = spec.warnings.filter((w) => w.step === 'relocations' && w.kind === 'libbpf-skips' && w.message.startsWith(`${section} entry #`)).length;
      n = typed + skipped;
    }
    check.compared.push({ section, readelf, spec: n });
  }
  return check;
}
