// The BTF blob the loader hands to BPF_BTF_LOAD: the object's .BTF section with the fix-ups libbpf 1.1 makes
// in place before loading it (bpf_object_fixup_btf and the extern step of bpf_object__collect_externs):
//   DATASEC size and VAR offsets filled from the ELF when clang left them 0, hidden globals made static,
//   VARs sorted by offset; .kconfig laid out as libbpf lays out its map (offsets, GLOBAL_ALLOCATED);
//   .ksyms variables turned into 4-byte ints at 4-byte steps (the kernel refuses extern linkage).
// Records are patched where they sit, so the blob keeps its size and string table, as libbpf's does.
//   struct btf_type (12 bytes)  name_off:32 | info:32 | size_or_type:32
//   DATASEC: + vlen × btf_var_secinfo (12 bytes)  type:32 | offset:32 | size:32
//   VAR:     + btf_var (4 bytes)  linkage:32
// Left out: libbpf's sanitization for kernels that lack BTF kinds (this loader assumes 5.x+ BTF support and
// goes on without BTF when the kernel refuses the blob), and the dummy VAR libbpf appends for __ksym kfuncs.
import { readElf, sectionByName, sectionData } from '@bpflc/sim/elf/index';
import { fixupDatasecs } from '@bpflc/sim/object/btf-view';
import type { ObjectSpec } from '@bpflc/sim/object/index';
import { err, ok, type Result } from '@bpflc/sim/result';

const BTF_VAR_GLOBAL_ALLOCATED = 1;

export interface KernelBtfBlob {
  bytes: Buffer;
  /** What was changed, one line each ("DATASEC .bss: size 0 → 4"), for the step event. */
  fixups: string[];
}

export function kernelBtfBlob(objectBytes: Uint8Array, spec: ObjectSpec): Result<KernelBtfBlob, string> {
  const btf = spec.btf;
  if (!btf) return err('the object has no usable .BTF section');
  if (!btf.littleEndian) return err('the object\'s BTF is big-endian; this kernel is little-endian');
  const elf = readElf(objectBytes);
  if (!elf.ok) return err(elf.error.message);
  const sec = sectionByName(elf.value, '.BTF');
  if (!sec) return err('the object has no .BTF section');
  const bytes = Buffer.from(sectionData(elf.value, sec));
  const fixups: string[] = [];

  const fixed = fixupDatasecs(btf, elf.value);
  if (!fixed.ok) return err(fixed.message);
  for (const ds of fixed.secs.values()) {
    const t = btf.types[ds.id];
    if (t?.kind !== 'BTF_KIND_DATASEC' || ds.name === '.kconfig' || ds.name === '.ksyms') continue;
    if (t.size !== ds.size) {
      bytes.writeUInt32LE(ds.size, t.offset + 8);
      fixups.push(`DATASEC ${ds.name}: size ${t.size} → ${ds.size}`);
    }
    ds.vars.forEach((v, i) => {
      const at = t.offset + 12 + i * 12;
      if (bytes.readUInt32LE(at) !== v.typeId || bytes.readUInt32LE(at + 4) !== v.offset) fixups.push(`DATASEC ${ds.name}: ${v.name} at offset ${v.offset}`);
      bytes.writeUInt32LE(v.typeId, at);
      bytes.writeUInt32LE(v.offset, at + 4);
      bytes.writeUInt32LE(v.size, at + 8);
      const vt = btf.types[v.typeId];
      if (vt?.kind === 'BTF_KIND_VAR' && vt.linkage !== v.linkage) {
        bytes.writeUInt32LE(v.linkage, vt.offset + 12);
        fixups.push(`VAR ${v.name}: hidden global → static`);
      }
    });
  }

  for (const t of btf.types) {
    if (t.kind !== 'BTF_KIND_DATASEC') continue;
    if (t.name === '.kconfig') {
      // Offsets from libbpf's layout of the .kconfig map, then the VARs sorted by offset (as for every DATASEC).
      const laid = t.vars.map((v) => {
        const ext = spec.externs.find((e) => e.kind === 'kconfig' && e.btfId === v.type);
        return { ...v, offset: ext?.kind === 'kconfig' ? ext.dataOffset : v.offset };
      }).sort((a, b) => a.offset - b.offset);
      let size = 0;
      laid.forEach((v, i) => {
        const vt = btf.types[v.type];
        if (vt?.kind === 'BTF_KIND_VAR') bytes.writeUInt32LE(BTF_VAR_GLOBAL_ALLOCATED, vt.offset + 12);
        const at = t.offset + 12 + i * 12;
        bytes.writeUInt32LE(v.type, at);
        bytes.writeUInt32LE(v.offset, at + 4);
        bytes.writeUInt32LE(v.size, at + 8);
        size = Math.max(size, v.offset + v.size);
      });
      bytes.writeUInt32LE(size, t.offset + 8);
      fixups.push(`DATASEC .kconfig: ${t.vars.length} extern(s) laid out in ${size} bytes`);
    } else if (t.name === '.ksyms') {
      const intId = btf.types.findIndex((x) => x.kind === 'BTF_KIND_INT' && x.size === 4);
      let off = 0;
      t.vars.forEach((v, i) => {
        const vt = btf.types[v.type];
        const at = t.offset + 12 + i * 12;
        if (vt?.kind === 'BTF_KIND_VAR' && intId > 0) {
          bytes.writeUInt32LE(BTF_VAR_GLOBAL_ALLOCATED, vt.offset + 12);
          bytes.writeUInt32LE(intId, vt.offset + 8);
        } else if (vt?.kind === 'BTF_KIND_FUNC') {
          fixups.push(`DATASEC .ksyms: kfunc ${vt.name} left as is (libbpf replaces it with a dummy VAR; the kernel may refuse this BTF)`);
        }
        bytes.writeUInt32LE(off, at + 4);
        bytes.writeUInt32LE(4, at + 8);
        off += 4;
      });
      bytes.writeUInt32LE(off, t.offset + 8);
      fixups.push(`DATASEC .ksyms: ${t.vars.length} extern(s) as 4-byte ints`);
    }
  }
  return ok({ bytes, fixups });
}
