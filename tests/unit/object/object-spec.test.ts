// readObjectSpec on real objects (built by clang: content/examples, tests/programs, this project's fixtures):
// the loader features each fixture exists for, then errors. The error cases start from a real object and
// change a few bytes (a section type, a symbol size, a relocation offset, a BTF string), so each step's
// failure is checked with its step name, its byte offset in the file and its sentence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BPF_MAP_FLAG, BPF_PROG_FLAG, readElf, readObjectSpec, type ExternSpec, type MapSpec, type ObjectError, type ObjectSpec,
  type ReadObjectOptions, type RelocationSpec,
} from '@bpflc/sim';
import { HERE, ROOT } from '../../golden/object/objects.ts';

const FIX = join(HERE, 'fixtures');
const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

function spec(path: string, opts: ReadObjectOptions = {}): ObjectSpec {
  const r = readObjectSpec(bytesOf(path), { path, ...opts });
  if (!r.ok) throw new Error(`${path}: ${r.error.step} @${r.error.offset}: ${r.error.message}`);
  return r.value;
}
const map = (s: ObjectSpec, name: string): MapSpec => s.maps.find((m) => m.name === name)!;
const relocs = (s: ObjectSpec, kind: RelocationSpec['kind']) => s.relocations.filter((r) => r.kind === kind);

describe('loader-features.bpf.o', () => {
  const s = spec(join(FIX, 'loader-features.bpf.o'));

  it('reads license, version and the programs in section order, subprograms first', () => {
    expect(s.license).toBe('GPL');
    expect(s.kernelVersion).toBe(0x060112);
    expect(s.programs.map((p) => [p.name, p.isSubprog])).toEqual([
      ['triple', true], ['add_index', true], ['features', false], ['probe_offset', false], ['syscall_probe', false], ['uret', false],
      ['run_from_user', false], ['xdp_multi_buffer', false],
    ]);
    const flags = Object.fromEntries(s.programs.map((p) => [p.name, p.progFlags]));
    expect(flags.run_from_user).toBe(BPF_PROG_FLAG.BPF_F_SLEEPABLE);
    expect(flags.xdp_multi_buffer).toBe(BPF_PROG_FLAG.BPF_F_XDP_HAS_FRAGS);
  });

  it('lays out the .kconfig externs as libbpf does (alignment desc, size asc, name)', () => {
    const k = s.externs.filter((e): e is Extract<ExternSpec, { kind: 'kconfig' }> => e.kind === 'kconfig');
    expect(k.map((e) => [e.name, e.dataOffset, e.size, e.kcfgType])).toEqual([
      ['CONFIG_NR_CPUS', 0, 8, 'int'], ['CONFIG_BPF_LSM', 8, 4, 'tristate'], ['CONFIG_HZ', 12, 4, 'int'],
      ['LINUX_KERNEL_VERSION', 16, 4, 'int'], ['CONFIG_BPF_JIT', 20, 1, 'bool'],
    ]);
    const kmap = map(s, 'loader_.kconfig');
    expect([kmap.kind, kmap.valueSize, kmap.flags, kmap.freezeAfterLoad]).toEqual(['kconfig', 21, BPF_MAP_FLAG.BPF_F_RDONLY_PROG | BPF_MAP_FLAG.BPF_F_MMAPABLE, true]);
    expect(s.externs.find((e) => e.kind === 'ksym')).toMatchObject({ name: 'bpf_prog_active', weak: true, isFunc: false, typeId: 0 });
  });

  it('reads the map-in-map definition and its initialiser, and rounds the ring buffer up', () => {
    const outer = map(s, 'outer');
    expect(outer.inner).toMatchObject({ name: 'outer.inner', type: 'BPF_MAP_TYPE_ARRAY', keySize: 4, valueSize: 8, maxEntries: 2 });
    expect(outer.initSlots).toEqual([{ slot: 0, kind: 'map', name: 'inner_a' }, { slot: 2, kind: 'map', name: 'inner_b' }]);
    expect([map(s, 'events').maxEntries, map(s, 'events').declaredMaxEntries]).toEqual([16384, 12288]);
    expect(map(s, 'flows').flags).toBe(BPF_MAP_FLAG.BPF_F_NO_PREALLOC);
  });

  it('does not make a section of hidden globals mmapable (libbpf 1.1.0+), unless asked for the older rule', () => {
    expect(map(s, '.data.hidden').flags).toBe(0);
    expect(map(s, 'loader_f.bss').flags).toBe(BPF_MAP_FLAG.BPF_F_MMAPABLE);
    expect(map(spec(join(FIX, 'loader-features.bpf.o'), { mmapable: 'always' }), '.data.hidden').flags).toBe(BPF_MAP_FLAG.BPF_F_MMAPABLE);
  });

  it('classifies every kind of relocation', () => {
    expect(relocs(s, 'subprog-addr')).toMatchObject([{ program: 'features', target: 'add_index' }]);
    expect(relocs(s, 'subprog-call').map((r) => [r.program, 'target' in r && r.target])).toEqual([['features', 'triple'], ['syscall_probe', 'triple']]);
    expect(relocs(s, 'extern-kconfig').map((r) => 'valueOffset' in r && r.valueOffset).sort((a, b) => Number(a) - Number(b))).toEqual([0, 8, 12, 16, 20]);
    expect(relocs(s, 'extern-ksym')).toMatchObject([{ extern: 'bpf_prog_active', isFunc: false }]);
    expect(relocs(s, 'map').map((r) => 'map' in r && r.map)).toEqual(['outer', 'events', 'flows']);
    expect(relocs(s, 'map-value').map((r) => 'map' in r && r.map)).toEqual(['.data.hidden', 'loader_f.bss']);
  });
});

describe('section-names.bpf.o, c-tail-call, c-ld-imm64, minimal', () => {
  it("strips '?' and turns autoload off; pins by name; unknown sections stay untyped with a note", () => {
    const s = spec(join(FIX, 'section-names.bpf.o'));
    expect(s.programs.find((p) => p.name === 'p_not_autoloaded')).toMatchObject({ section: 'tp/syscalls/sys_enter_getpid', autoload: false, progType: 'BPF_PROG_TYPE_TRACEPOINT' });
    expect(map(s, 'pinned_counts').pinning).toBe('by-name');
    const unknown = s.programs.filter((p) => !p.isSubprog && p.progType === undefined).map((p) => p.section);
    expect(unknown).toEqual(['tcx/ingress', 'netfilter', 'kprobex/unknown', 'xdp_devmap/legacy']);
    expect(s.warnings.filter((w) => w.step === 'programs')).toHaveLength(4);
  });

  it('fills a prog array from .rel.maps', () => {
    const s = spec(join(ROOT, 'tests/programs/build/c-tail-call.bpf.o'));
    expect(map(s, 'jump_table').initSlots).toEqual([{ slot: 0, kind: 'prog', name: 'stage_one' }, { slot: 1, kind: 'prog', name: 'stage_two' }]);
  });

  it('reads legacy maps but says libbpf 1.x refuses them; a static global is section + offset', () => {
    const s = spec(join(ROOT, 'tests/programs/build/c-ld-imm64.bpf.o'));
    expect(s.warnings.filter((w) => w.kind === 'libbpf-refuses')).toHaveLength(1);
    expect(map(s, 'legacy_counts')).toMatchObject({ kind: 'legacy', type: 'BPF_MAP_TYPE_ARRAY', keySize: 4, valueSize: 8, maxEntries: 4 });
    expect(s.relocations.find((r) => r.kind === 'map-value' && r.symbol === '.data')).toMatchObject({ map: 'c_ld_imm.data', valueOffset: 8 });
  });

  it("names global data after the object name it is given (a skeleton passes '<name>_bpf')", () => {
    const path = join(ROOT, 'content/examples/minimal/build/minimal.bpf.o');
    expect(spec(path).maps.map((m) => m.name)).toEqual(['minimal.bss', 'minimal.rodata']);
    expect(spec(path, { objectName: 'minimal_bpf' }).maps.map((m) => m.name)).toEqual(['minimal_.bss', 'minimal_.rodata']);
    const elf = readElf(bytesOf(path));
    expect(elf.ok && readObjectSpec(elf.value, { path }).ok).toBe(true);
  });
});

// ---- errors: a real object, a few bytes changed ----

function fails(bytes: Uint8Array, path = 'x.bpf.o'): ObjectError {
  const r = readObjectSpec(bytes, { path });
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

function patched(path: string, edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const b = bytesOf(path).slice();
  edit(b, new DataView(b.buffer, b.byteOffset, b.byteLength));
  return b;
}

function elfOf(path: string) {
  const r = readElf(bytesOf(path));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('errors carry their step, byte offset and a sentence', () => {
  const xdp = join(ROOT, 'content/examples/xdp-count/build/xdp_count.bpf.o');
  const features = join(FIX, 'loader-features.bpf.o');

  it('elf: a truncated file', () => {
    const e = fails(bytesOf(xdp).slice(0, 40));
    expect(e.step).toBe('elf');
    expect(e.cause?.kind).toBe('elf-error');
  });

  it('classify: no symbol table', () => {
    // An object without relocation sections, so that the ELF reader itself has nothing to object to.
    const sock = join(ROOT, 'content/examples/socket-filter/build/socket_filter.bpf.o');
    const symtab = elfOf(sock).sections.find((s) => s.name === '.symtab')!;
    const e = fails(patched(sock, (_b, v) => v.setUint32(symtab.headerOffset + 4, 1, true))); // SHT_SYMTAB → SHT_PROGBITS
    expect([e.step, e.offset]).toEqual(['classify', 0]);
    expect(e.message).toMatch(/no symbol table/);
  });

  it('license: a version section that is not 4 bytes', () => {
    const elf = elfOf(features);
    const version = elf.sections.find((s) => s.name === 'version')!;
    const e = fails(patched(features, (_b, v) => v.setBigUint64(version.headerOffset + 32, 3n, true)));
    expect([e.step, e.offset]).toEqual(['license', version.offset]);
  });

  it('btf: BTF-defined maps without a .BTF section', () => {
    const elf = elfOf(xdp);
    const btf = elf.sections.find((s) => s.name === '.BTF')!;
    const strtab = elf.sections[elf.header.shstrndx]!;
    const e = fails(patched(xdp, (b) => { b[strtab.offset + btf.nameOffset + 3] = 0x58; })); // ".BTF" → ".BTX"
    expect(e.step).toBe('btf');
    expect(e.message).toMatch(/no \.BTF section/);
  });

  it('externs: an extern in a DATASEC libbpf does not know', () => {
    const elf = elfOf(features);
    const btf = elf.sections.find((s) => s.name === '.BTF')!;
    const at = Buffer.from(bytesOf(features)).indexOf('.kconfig\0', btf.offset);
    const e = fails(patched(features, (b) => { b[at + 7] = 0x58; })); // ".kconfig" → ".kconfiX"
    expect(e.step).toBe('externs');
    expect(e.message).toMatch(/section '\.kconfiX'/);
    const symtab = elf.sections.find((s) => s.name === '.symtab')!;
    expect(e.offset).toBeGreaterThan(symtab.offset);
    expect(e.offset).toBeLessThan(symtab.offset + symtab.size);
  });

  it('btf-fixup: a DATASEC variable with no ELF symbol (clang left its offset for the loader to find)', () => {
    const tmp = join(ROOT, 'content/examples/minimal/build/minimal.tmp.bpf.o');
    const btf = elfOf(tmp).sections.find((s) => s.name === '.BTF')!;
    const at = Buffer.from(bytesOf(tmp)).indexOf('my_pid\0', btf.offset);
    const e = fails(patched(tmp, (b) => { b[at + 5] = 0x58; })); // VAR "my_pid" → "my_piX"
    expect(e.step).toBe('btf-fixup');
    expect(e.message).toBe("BTF DATASEC '.bss': no ELF symbol for variable 'my_piX'");
    expect(e.offset).toBeGreaterThan(btf.offset);
  });

  it('maps: an unknown member in a map definition (strict mode)', () => {
    const elf = elfOf(xdp);
    const btf = elf.sections.find((s) => s.name === '.BTF')!;
    const at = Buffer.from(bytesOf(xdp)).indexOf('max_entries\0', btf.offset);
    const e = fails(patched(xdp, (b) => { b[at + 10] = 0x5a; })); // "max_entries" → "max_entrieZ"
    expect(e.step).toBe('maps');
    expect(e.message).toBe("map 'proto_packets': unknown field 'max_entrieZ' (libbpf's strict mode refuses it).");
    expect(e.offset).toBe(elf.sections.find((s) => s.name === '.maps')!.offset);
  });

  it('programs: a function whose size is not a whole number of instructions', () => {
    const elf = elfOf(xdp);
    const symtab = elf.sections.find((s) => s.name === '.symtab')!;
    const sym = elf.symbols.find((y) => y.name === 'count_protocols')!;
    const sec = elf.sections[sym.sectionIndex!]!;
    const e = fails(patched(xdp, (_b, v) => v.setBigUint64(symtab.offset + sym.index * 24 + 16, 12n, true)));
    expect([e.step, e.offset]).toEqual(['programs', sec.offset + Number(sym.value)]);
    expect(e.message).toMatch(/corrupted/);
  });

  it('relocations: an entry that points between two instructions', () => {
    const elf = elfOf(xdp);
    const rs = elf.relocationSections.find((r) => r.name === '.relxdp')!;
    const relSec = elf.sections[rs.sectionIndex]!;
    const e = fails(patched(xdp, (_b, v) => v.setBigUint64(relSec.offset, v.getBigUint64(relSec.offset, true) + 4n, true)));
    expect([e.step, e.offset]).toEqual(['relocations', relSec.offset]);
    expect(e.message).toMatch(/not an instruction/);
  });
});

describe('damaged objects', () => {
  it('are always a value, never an exception, and never an internal error', () => {
    // Deterministic single-byte damage across whole real objects (a cheap cousin of tests/fuzz).
    const files = ['content/examples/minimal/build/minimal.tmp.bpf.o', 'tests/programs/build/c-tail-call.bpf.o', 'tests/golden/object/fixtures/loader-features.bpf.o'];
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);
    const outcomes = { ok: 0, err: 0 };
    for (const f of files) {
      const orig = bytesOf(join(ROOT, f));
      for (let i = 0; i < 200; i++) {
        const b = orig.slice();
        b[next() % b.length] = next() & 0xff;
        const r = readObjectSpec(b, { path: f });
        if (r.ok) outcomes.ok++;
        else {
          outcomes.err++;
          expect(r.error.message, `${f} damaged #${i}`).not.toMatch(/internal error/);
          expect(r.error.offset).toBeGreaterThanOrEqual(0);
          expect(r.error.offset).toBeLessThanOrEqual(b.length);
        }
      }
    }
    expect(outcomes.ok + outcomes.err).toBe(600);
  });
});
