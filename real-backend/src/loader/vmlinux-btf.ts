// The running kernel's BTF (/sys/kernel/btf/vmlinux), decoded once with sim's BTF decoder and kept for the life
// of the process, with an index by "essential" name (the name before a ___flavour suffix) for CO-RE candidate
// search and by exact name for attach targets and __ksym externs. This file is the only thing besides the
// kernel door that the loader reads from the host, so inside a guest it reads the guest kernel's BTF.
import { readFileSync } from 'node:fs';
import { decodeBtf, essentialName, type Btf } from '@bpflc/sim/btf/index';

export { essentialName, essentialNameLength } from '@bpflc/sim/btf/index';
import { err, ok, type Result } from '@bpflc/sim/result';

export const VMLINUX_BTF_PATH = '/sys/kernel/btf/vmlinux';

export interface KernelBtf {
  path: string;
  btf: Btf;
  /** Type ids by essential name (libbpf's bpf_core_essential_name_len), in id order. */
  byEssentialName: Map<string, number[]>;
  /** Time spent reading and decoding, in ms. */
  decodeMs: number;
  /** How many times it was asked for (the first one decoded it). */
  uses: number;
}



const cache = new Map<string, Result<KernelBtf, string>>();

export function kernelBtf(path: string = VMLINUX_BTF_PATH): Result<KernelBtf, string> {
  const hit = cache.get(path);
  if (hit?.ok) hit.value.uses++;
  if (hit) return hit;
  const t0 = performance.now();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return err(code === 'ENOENT'
      ? `${path} does not exist: this kernel was built without CONFIG_DEBUG_INFO_BTF, so CO-RE relocations and BTF attach targets cannot be resolved`
      : `cannot read ${path}: ${(e as Error).message}`);
  }
  const decoded = decodeBtf(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!decoded.ok) {
    const r = err(`${path} is not BTF the decoder understands (at byte ${decoded.error.offset}): ${decoded.error.message}`);
    cache.set(path, r);
    return r;
  }
  const btf = decoded.value;
  const byEssentialName = new Map<string, number[]>();
  for (let id = 1; id < btf.types.length; id++) {
    const name = btf.types[id]!.name;
    if (name === '') continue;
    const key = essentialName(name);
    const list = byEssentialName.get(key);
    if (list) list.push(id);
    else byEssentialName.set(key, [id]);
  }
  const r = ok({ path, btf, byEssentialName, decodeMs: Math.round(performance.now() - t0), uses: 1 });
  cache.set(path, r);
  return r;
}

/** The first type of this exact name and kind in the kernel's BTF (0 when none). */
export function findKernelType(k: KernelBtf, name: string, kind: string): number {
  for (const id of k.byEssentialName.get(essentialName(name)) ?? []) {
    const t = k.btf.types[id]!;
    if (t.name === name && t.kind === kind) return id;
  }
  return 0;
}
