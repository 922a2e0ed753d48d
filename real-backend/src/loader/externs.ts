// Extern values, resolved for the running kernel as libbpf 1.1's bpf_object__resolve_externs does:
//   __kconfig  LINUX_KERNEL_VERSION from the release; LINUX_HAS_BPF_COOKIE / LINUX_HAS_SYSCALL_WRAPPER from it;
//              CONFIG_* from the kernel's own config (/proc/config.gz, read through the door's kernelConfig);
//              written into the .kconfig map's initial value at libbpf's offsets.
//   __ksym     a typed kernel variable or a kfunc: its BTF id in vmlinux (types checked for compatibility).
// Left out: typeless __ksym variables (they need /proc/kallsyms addresses) and module BTF.
import type { ExternSpec, ObjectSpec } from '@bpflc/sim/object/index';
import { err, ok, type Result } from '@bpflc/sim/result';
import { typesCompat } from './core-match.ts';
import { findKernelType, type KernelBtf } from './vmlinux-btf.ts';

type Kconfig = Extract<ExternSpec, { kind: 'kconfig' }>;
type Ksym = Extract<ExternSpec, { kind: 'ksym' }>;

export interface KsymValue {
  /** BTF id in vmlinux, 0 for an unresolved weak extern. */
  btfId: number;
  isFunc: boolean;
}

export interface ExternValues {
  /** The .kconfig map's initial value (undefined when the object has no kconfig externs). */
  kconfig: Buffer | undefined;
  ksyms: Map<string, KsymValue>;
  /** One line per extern, for the step event. */
  lines: string[];
}

/** libbpf's get_kernel_version: KERNEL_VERSION(major, minor, patch) from "6.18.44-…", patch capped at 255. */
export function kernelVersionCode(release: string): number {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  if (!m) return 0;
  return (Number(m[1]) << 16) + (Number(m[2]) << 8) + Math.min(255, Number(m[3] ?? 0));
}

function writeNum(buf: Buffer, e: Kconfig, v: bigint): Result<void, string> {
  const bits = BigInt(e.size * 8);
  const fits = e.signed ? v >= -(1n << (bits - 1n)) && v < 1n << (bits - 1n) : v >= 0n && v < 1n << bits;
  if (!fits) return err(`value ${v} does not fit ${e.signed ? 'signed' : 'unsigned'} ${e.size}-byte '${e.name}'`);
  let u = BigInt.asUintN(Number(bits), v);
  for (let i = 0; i < e.size; i++, u >>= 8n) buf[e.dataOffset + i] = Number(u & 0xffn);
  return ok(undefined);
}

/** One Kconfig value as the config file spells it ("y", "m", "n", "\"text\"", "0x10", "42"). */
function setKconfig(buf: Buffer, e: Kconfig, raw: string): Result<void, string> {
  if (raw === 'y' || raw === 'n' || raw === 'm') {
    const tri = raw === 'y' ? 1 : raw === 'm' ? 2 : 0;
    switch (e.kcfgType) {
      case 'bool':
        if (raw === 'm') return err(`'${e.name}' is a module (m), which a bool cannot hold`);
        buf[e.dataOffset] = tri;
        return ok(undefined);
      case 'tristate':
        buf.writeUInt32LE(tri, e.dataOffset);
        return ok(undefined);
      case 'char':
        buf[e.dataOffset] = raw.charCodeAt(0);
        return ok(undefined);
      default:
        return err(`'${e.name}' is ${raw}, which a ${e.kcfgType} cannot hold`);
    }
  }
  if (raw.startsWith('"')) {
    if (e.kcfgType !== 'char-array') return err(`'${e.name}' is a string, which a ${e.kcfgType} cannot hold`);
    const text = Buffer.from(raw.slice(1, raw.endsWith('"') ? -1 : undefined), 'utf8').subarray(0, e.size - 1);
    text.copy(buf, e.dataOffset);
    return ok(undefined);
  }
  if (e.kcfgType !== 'int' && e.kcfgType !== 'char') return err(`'${e.name}' is a number, which a ${e.kcfgType} cannot hold`);
  let v: bigint;
  try {
    v = BigInt(raw);
  } catch {
    return err(`'${e.name}' has the value ${raw}, which is not a number`);
  }
  return writeNum(buf, e, v);
}

export interface ExternEnv {
  release: string;
  kconfig: (option: string) => string | undefined;
  kernel: () => Result<KernelBtf, string>;
}

export function resolveExterns(spec: ObjectSpec, env: ExternEnv): Result<ExternValues, string> {
  const kmap = spec.maps.find((m) => m.kind === 'kconfig');
  const kconfig = kmap ? Buffer.alloc(kmap.valueSize) : undefined;
  const ksyms = new Map<string, KsymValue>();
  const lines: string[] = [];
  const kver = kernelVersionCode(env.release);
  for (const e of spec.externs) {
    if (e.kind === 'kconfig') {
      if (!kconfig) return err(`kconfig extern '${e.name}' has no .kconfig map`);
      let raw: string | undefined;
      if (e.name === 'LINUX_KERNEL_VERSION') raw = String(kver);
      else if (e.name === 'LINUX_HAS_BPF_COOKIE') raw = kver >= kernelVersionCode('5.15') ? 'y' : 'n';
      else if (e.name === 'LINUX_HAS_SYSCALL_WRAPPER') raw = kver >= kernelVersionCode('4.17') ? 'y' : 'n';
      else if (e.name.startsWith('CONFIG_')) raw = env.kconfig(e.name);
      else return err(`extern (kcfg) '${e.name}': libbpf knows no such virtual extern`);
      if (raw === undefined) {
        if (!e.weak) return err(`extern (kcfg) '${e.name}': not in this kernel's config (and not __weak)`);
        lines.push(`${e.name} = 0 (weak, not in the kernel config)`);
        continue;
      }
      const r = setKconfig(kconfig, e, raw);
      if (!r.ok) return err(`extern (kcfg) ${r.error}`);
      lines.push(`${e.name} = ${raw} (at .kconfig+${e.dataOffset})`);
    } else {
      const r = resolveKsym(spec, e, env);
      if (!r.ok) return r;
      ksyms.set(e.name, r.value);
      lines.push(r.value.btfId ? `${e.name} = vmlinux BTF id ${r.value.btfId} (${e.isFunc ? 'kfunc' : 'variable'})` : `${e.name} = 0 (weak, not in vmlinux)`);
    }
  }
  return ok({ kconfig, ksyms, lines });
}

function resolveKsym(spec: ObjectSpec, e: Ksym, env: ExternEnv): Result<KsymValue, string> {
  if (!e.isFunc && e.typeId === 0) return err(`extern (ksym) '${e.name}' is typeless: its address would come from /proc/kallsyms, which this loader does not read`);
  const k = env.kernel();
  if (!k.ok) return err(`extern (ksym) '${e.name}': ${k.error}`);
  const id = findKernelType(k.value, e.name, e.isFunc ? 'BTF_KIND_FUNC' : 'BTF_KIND_VAR');
  if (id === 0) {
    if (e.weak) return ok({ btfId: 0, isFunc: e.isFunc });
    return err(`extern (ksym) '${e.name}': no ${e.isFunc ? 'function' : 'variable'} of that name in vmlinux BTF`);
  }
  const kt = k.value.btf.types[id] as { type: number };
  if (spec.btf && !typesCompat(spec.btf, e.typeId, k.value.btf, kt.type)) return err(`extern (ksym) '${e.name}': its type does not match the kernel's`);
  return ok({ btfId: id, isFunc: e.isFunc });
}
