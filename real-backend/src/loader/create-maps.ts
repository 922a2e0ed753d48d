// The map_create step (libbpf 1.1 bpf_object__create_maps): for each map, in the object's order,
// BPF_MAP_CREATE with the definition and BTF type ids libbpf passes, then for global data (.data, .rodata,
// .bss, .kconfig) the initial value with BPF_MAP_UPDATE_ELEM and, for the read-only ones, BPF_MAP_FREEZE;
// a map of maps gets its inner template first and its `.values` slots after. Prog array slots are filled
// later, once the programs exist. A map the kernel refuses ends the whole-object attempt (as it ends
// bpf_object__load) but the other maps are still made, for the programs that do not need it.
import { BPF_MAP_TYPE } from '@bpflc/sim/abi/uapi.gen';
import { kernelObjectName, mapFlagNames, type InnerMapSpec, type MapSpec } from '@bpflc/sim/object/index';
import type { Result } from '@bpflc/sim/result';
import { close, mapCreate, mapFreeze, mapUpdateElem, type KernelError, type MapCreateInput } from '../kernel/index.ts';
import { call, own, preview, step, type LoaderContext } from './context.ts';
import type { MapOutcome, ObjectFailure } from './types.ts';

/** Map types libbpf creates without BTF key/value types (their values are fds or have no BTF meaning). */
const NO_BTF_TYPES: ReadonlySet<number> = new Set([
  BPF_MAP_TYPE.BPF_MAP_TYPE_PERF_EVENT_ARRAY, BPF_MAP_TYPE.BPF_MAP_TYPE_CGROUP_ARRAY, BPF_MAP_TYPE.BPF_MAP_TYPE_STACK_TRACE,
  BPF_MAP_TYPE.BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE.BPF_MAP_TYPE_HASH_OF_MAPS, BPF_MAP_TYPE.BPF_MAP_TYPE_DEVMAP,
  BPF_MAP_TYPE.BPF_MAP_TYPE_DEVMAP_HASH, BPF_MAP_TYPE.BPF_MAP_TYPE_CPUMAP, BPF_MAP_TYPE.BPF_MAP_TYPE_XSKMAP,
  BPF_MAP_TYPE.BPF_MAP_TYPE_SOCKMAP, BPF_MAP_TYPE.BPF_MAP_TYPE_SOCKHASH, BPF_MAP_TYPE.BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE.BPF_MAP_TYPE_STACK,
]);

export interface MapEnv {
  btfFd: number | undefined;
  possibleCpus: number;
  /** The .kconfig map's value, filled from the kernel's config. */
  kconfigValue: Buffer | undefined;
}

const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};

type Def = Pick<MapSpec, 'name' | 'type' | 'typeValue' | 'keySize' | 'valueSize' | 'maxEntries' | 'flags' | 'btfKeyTypeId' | 'btfValueTypeId'> & Partial<Pick<MapSpec, 'numaNode' | 'mapExtra'>>;

function attrOf(d: Def, env: MapEnv, innerFd: number): MapCreateInput {
  const withBtf = env.btfFd !== undefined && !NO_BTF_TYPES.has(d.typeValue);
  const maxEntries = d.typeValue === BPF_MAP_TYPE.BPF_MAP_TYPE_PERF_EVENT_ARRAY && d.maxEntries === 0 ? env.possibleCpus : d.maxEntries;
  return {
    map_type: d.typeValue, key_size: d.keySize, value_size: d.valueSize, max_entries: maxEntries, map_flags: d.flags,
    inner_map_fd: innerFd, numa_node: d.numaNode ?? 0, map_name: kernelObjectName(d.name), map_ifindex: 0,
    btf_fd: withBtf ? env.btfFd! : 0, btf_key_type_id: withBtf ? d.btfKeyTypeId : 0, btf_value_type_id: withBtf ? d.btfValueTypeId : 0,
    btf_vmlinux_value_type_id: 0, map_extra: d.mapExtra ?? 0n,
  };
}

/** BPF_MAP_CREATE, and once more without BTF type ids if the kernel refuses them (libbpf does the same). */
async function create(ctx: LoaderContext, d: Def, env: MapEnv, innerFd: number, note: string): Promise<Result<number, KernelError>> {
  const attr = attrOf(d, env, innerFd);
  const shown = { ...attr, map_type: d.type ?? d.typeValue };
  const r = await call(ctx, { stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_CREATE', args: preview(shown), note }, () => mapCreate(ctx.s, attr, { stage: 'map_create', note }));
  if (r.ok || (!attr.btf_key_type_id && !attr.btf_value_type_id)) return r;
  step(ctx, 'map_create', 'map_retry', `BPF_MAP_CREATE of ${d.name} failed with BTF types (${r.error.message}); retrying without BTF, as libbpf does.`);
  const bare = { ...attr, btf_fd: 0, btf_key_type_id: 0, btf_value_type_id: 0 };
  return call(ctx, { stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_CREATE', args: preview({ ...bare, map_type: shown.map_type }), note: `${note}, without BTF` }, () => mapCreate(ctx.s, bare, { stage: 'map_create', note: `${note}, without BTF` }));
}

const describe = (m: MapSpec): string => {
  const flags = mapFlagNames(m.flags).join('|') || '0';
  const why = m.kind === 'global-data' ? `global data of section ${m.section}` : m.kind === 'kconfig' ? 'the values of the __kconfig externs' : m.kind === 'legacy' ? 'a legacy `maps` definition' : 'a BTF-defined map in .maps';
  return `${m.name}: ${m.type ?? m.typeValue} key ${m.keySize} value ${m.valueSize} max_entries ${m.maxEntries} flags ${flags} (${why})`;
};

async function createInner(ctx: LoaderContext, outer: MapSpec, inner: InnerMapSpec, env: MapEnv): Promise<Result<number, KernelError>> {
  step(ctx, 'map_create', 'inner_map', `${outer.name} is a map of maps: first a template of its inner map ${inner.name}, whose fd BPF_MAP_CREATE takes as inner_map_fd.`);
  return create(ctx, { ...inner, name: inner.name }, env, 0, `inner map template of ${outer.name}`);
}

export async function createMaps(ctx: LoaderContext, maps: readonly MapSpec[], env: MapEnv): Promise<{ maps: MapOutcome[]; failure?: ObjectFailure }> {
  const out: MapOutcome[] = [];
  let failure: ObjectFailure | undefined;
  for (const m of maps) {
    const o: MapOutcome = {
      spec: m, name: m.name, kernelName: kernelObjectName(m.name), type: String(m.type ?? m.typeValue), keySize: m.keySize,
      valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags, frozen: false,
    };
    out.push(o);
    step(ctx, 'map_create', 'map_create', `create map ${describe(m)}`, { map: m.name });
    let innerFd = 0;
    if (m.inner) {
      const inner = await createInner(ctx, m, m.inner, env);
      if (!inner.ok) {
        o.error = `its inner map template could not be created: ${inner.error.message}`;
        failure ??= { stage: 'map_create', at: m.name, message: o.error };
        continue;
      }
      innerFd = own(ctx, inner.value);
    }
    const r = await create(ctx, m, env, innerFd, `map ${m.name}`);
    if (innerFd) {
      const note = `the inner template has served: ${m.name} keeps its own copy of the definition`;
      await call(ctx, { stage: 'map_create', name: 'close', args: { fd: innerFd }, note }, () => close(ctx.s, innerFd, 'map_create'));
    }
    if (!r.ok) {
      o.error = r.error.message;
      failure ??= { stage: 'map_create', at: m.name, message: `map ${m.name}: ${r.error.message}` };
      continue;
    }
    o.fd = own(ctx, r.value);
    o.maxEntries = m.typeValue === BPF_MAP_TYPE.BPF_MAP_TYPE_PERF_EVENT_ARRAY && m.maxEntries === 0 ? env.possibleCpus : m.maxEntries;
    const init = m.kind === 'kconfig' ? env.kconfigValue : m.initialValue;
    if ((m.kind === 'global-data' || m.kind === 'kconfig') && init) {
      const value = Buffer.from(init);
      const note = `initial value of ${m.name} (${value.length} bytes)`;
      step(ctx, 'map_create', 'map_init', `write the ${value.length}-byte initial value of ${m.kind === 'kconfig' ? 'the __kconfig externs' : m.section} into ${m.name} (key 0)`);
      const u = await call(ctx, { stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_UPDATE_ELEM', args: preview({ map_fd: o.fd, key: u32(0), value, flags: 0 }), note },
        () => mapUpdateElem(ctx.s, o.fd!, u32(0), value, 0n, { stage: 'map_create', note }));
      if (!u.ok) {
        o.error = `initial value: ${u.error.message}`;
        failure ??= { stage: 'map_create', at: m.name, message: `map ${m.name}: ${o.error}` };
        continue;
      }
    }
    if (m.freezeAfterLoad) {
      const note = `${m.name} is read-only for user space from now on`;
      step(ctx, 'map_create', 'map_freeze', `freeze ${m.name}: ${m.kind === 'kconfig' ? '.kconfig' : '.rodata'} values are constants, the verifier may fold them`);
      const f = await call(ctx, { stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_FREEZE', args: { map_fd: o.fd }, note }, () => mapFreeze(ctx.s, o.fd!, { stage: 'map_create', note }));
      if (!f.ok) {
        o.error = `freeze: ${f.error.message}`;
        failure ??= { stage: 'map_create', at: m.name, message: `map ${m.name}: ${o.error}` };
        continue;
      }
      o.frozen = true;
    }
    if (m.inner && m.initSlots.length > 0) {
      for (const slot of m.initSlots) {
        const target = out.find((x) => x.name === slot.name)?.fd;
        if (target === undefined) {
          o.error = `slot ${slot.slot} names map ${slot.name}, which does not exist (yet)`;
          failure ??= { stage: 'map_create', at: m.name, message: `map ${m.name}: ${o.error}` };
          break;
        }
        const note = `${m.name}[${slot.slot}] = ${slot.name}`;
        const u = await call(ctx, { stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_UPDATE_ELEM', args: { map_fd: o.fd, slot: slot.slot, value_fd: target }, note },
          () => mapUpdateElem(ctx.s, o.fd!, u32(slot.slot), u32(target), 0n, { stage: 'map_create', note }));
        if (!u.ok) {
          o.error = `slot ${slot.slot}: ${u.error.message}`;
          failure ??= { stage: 'map_create', at: m.name, message: `map ${m.name}: ${o.error}` };
          break;
        }
      }
    }
  }
  return failure ? { maps: out, failure } : { maps: out };
}
