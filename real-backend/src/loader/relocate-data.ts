// Data relocations on a linked image (libbpf 1.1 bpf_object__relocate_data): every ld_imm64 that names a map,
// a global variable or an extern gets the kernel's reference to it, and every kfunc call its BTF id:
//   map          src_reg BPF_PSEUDO_MAP_FD,    imm = map fd                         (r1 = &my_map)
//   map-value    src_reg BPF_PSEUDO_MAP_VALUE, imm = map fd, next imm = offset       (r1 = &my_pid in .bss)
//   kconfig      as map-value, into the .kconfig map at the extern's offset
//   ksym var     src_reg BPF_PSEUDO_BTF_ID,    imm = vmlinux BTF id, next imm = 0 (vmlinux)
//   kfunc call   src_reg BPF_PSEUDO_KFUNC_CALL, imm = vmlinux BTF id, off = 0 (vmlinux)
// The verifier later swaps fds for map addresses: the xlated image shows them as map[id:N].
import { BPF_PSEUDO } from '@bpflc/sim/abi/uapi.gen';
import type { ObjectSpec, RelocationSpec } from '@bpflc/sim/object/index';
import { err, ok, type Result } from '@bpflc/sim/result';
import type { KsymValue } from './externs.ts';
import { setImm, setOff, setSrc } from './insn-buf.ts';
import type { Placed } from './link-subprogs.ts';

export interface DataRelocation {
  /** Slot in the linked image. */
  slot: number;
  relo: RelocationSpec;
  text: string;
}

export interface DataRelocEnv {
  mapFd: (name: string) => number | undefined;
  ksyms: ReadonlyMap<string, KsymValue>;
}

/** Patches `image` in place; returns what was done, or why it could not be. */
export function relocateData(spec: ObjectSpec, image: Buffer, placed: readonly Placed[], env: DataRelocEnv): Result<DataRelocation[], string> {
  const done: DataRelocation[] = [];
  for (const { prog, slot: base } of placed) {
    for (const r of spec.relocations) {
      if (r.kind === 'core' || r.kind === 'subprog-call' || r.kind === 'subprog-addr') continue;
      if (r.program !== prog.name || r.section !== prog.section) continue;
      const slot = base + r.insnIndex;
      const where = base === 0 ? `insn ${slot}` : `insn ${slot} (${prog.name} insn ${r.insnIndex})`;
      switch (r.kind) {
        case 'map':
        case 'map-value':
        case 'extern-kconfig': {
          const fd = env.mapFd(r.map);
          if (fd === undefined) return err(`${where} refers to map ${r.map}, which was not created`);
          const value = r.kind === 'map' ? undefined : r.valueOffset;
          setSrc(image, slot, value === undefined ? BPF_PSEUDO.BPF_PSEUDO_MAP_FD : BPF_PSEUDO.BPF_PSEUDO_MAP_VALUE);
          setImm(image, slot, fd);
          if (value !== undefined) setImm(image, slot + 1, value);
          const against = r.kind === 'extern-kconfig' ? `extern ${r.extern}` : r.symbol;
          const text = value === undefined
            ? `relocate ${where} against ${against} → map ${r.map} (fd ${fd}, BPF_PSEUDO_MAP_FD)`
            : `relocate ${where} against ${against} → map ${r.map} value +${value} (fd ${fd}, BPF_PSEUDO_MAP_VALUE)`;
          done.push({ slot, relo: r, text });
          break;
        }
        case 'extern-ksym': {
          const v = env.ksyms.get(r.extern);
          if (!v) return err(`${where} refers to extern ${r.extern}, which was not resolved`);
          if (r.isFunc) {
            setSrc(image, slot, BPF_PSEUDO.BPF_PSEUDO_KFUNC_CALL);
            setImm(image, slot, v.btfId);
            setOff(image, slot, 0);
          } else if (v.btfId) {
            setSrc(image, slot, BPF_PSEUDO.BPF_PSEUDO_BTF_ID);
            setImm(image, slot, v.btfId);
            setImm(image, slot + 1, 0);
          } else {
            setSrc(image, slot, 0);
            setImm(image, slot, 0);
            setImm(image, slot + 1, 0);
          }
          done.push({ slot, relo: r, text: `relocate ${where} against ${r.extern} → vmlinux BTF id ${v.btfId} (${r.isFunc ? 'BPF_PSEUDO_KFUNC_CALL' : v.btfId ? 'BPF_PSEUDO_BTF_ID' : 'weak, 0'})` });
          break;
        }
      }
    }
  }
  return ok(done);
}

/** The maps an image refers to (after linking), in first-use order. */
export function mapsUsed(spec: ObjectSpec, placed: readonly Placed[]): string[] {
  const names: string[] = [];
  for (const { prog } of placed) {
    for (const r of spec.relocations) {
      if (r.program !== prog.name || r.section !== prog.section) continue;
      const name = r.kind === 'map' || r.kind === 'map-value' || r.kind === 'extern-kconfig' ? r.map : undefined;
      if (name !== undefined && !names.includes(name)) names.push(name);
    }
  }
  return names;
}
