// The worker's openBtfFile (Kernel BTF "Open a BTF file…"): raw BTF and an object's .BTF index alike; an object
// without BTF and a file that is neither get one sentence each.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openBtfFile } from '../../../app/src/worker/btf-file.ts';
import { decodeBtf, readBtfFromElf, readElf } from '../../../sim/src/index.ts';

const buf = (path: string): ArrayBuffer => new Uint8Array(readFileSync(path)).buffer;
const OBJ = 'content/examples/minimal/build/minimal.bpf.o';

describe('openBtfFile', () => {
  it("indexes an object's .BTF with as many types as the decoder finds", () => {
    const elf = readElf(new Uint8Array(readFileSync(OBJ)));
    if (!elf.ok) throw new Error(elf.error.message);
    const src = readBtfFromElf(elf.value);
    if (!src.ok) throw new Error(src.error.message);
    const r = openBtfFile(buf(OBJ), 'minimal.bpf.o');
    expect(r).toMatchObject({ kind: 'ok', value: { where: '.BTF', index: { count: src.value.btf.types.length } } });
  });

  it('indexes raw BTF (the .BTF bytes on their own, as /sys/kernel/btf files are)', () => {
    const elf = readElf(new Uint8Array(readFileSync(OBJ)));
    if (!elf.ok) throw new Error(elf.error.message);
    const src = readBtfFromElf(elf.value);
    if (!src.ok) throw new Error(src.error.message);
    const raw = src.value.btf.index.bytes.slice();
    const d = decodeBtf(raw);
    expect(openBtfFile(raw.buffer, 'minimal.btf')).toMatchObject({ kind: 'ok', value: { where: 'raw', index: { count: d.ok ? d.value.types.length : -1 } } });
  });

  it('says why when there is no BTF, or the file is not BTF nor ELF', () => {
    expect(openBtfFile(buf('tests/fixtures/btf/bad/no-btf.bpf.o'), 'no-btf.bpf.o')).toEqual({
      kind: 'error', message: "no-btf.bpf.o: no usable BTF: The object has no '.BTF' section: compile with clang -g to get BTF.",
    });
    const text = openBtfFile(new TextEncoder().encode('hello, not BTF').buffer, 'notes.txt');
    expect(text.kind === 'error' && text.message).toMatch(/^notes\.txt is neither raw BTF .* nor a readable ELF object: /);
  });
});
