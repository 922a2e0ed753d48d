// The open-phase witness: libbpf-open.c compiled against the installed libbpf (libbpf-dev) and run on an
// object. It reports what bpf_object__open_file() sees: programs (type, expected attach type, autoload,
// size) and maps (type, sizes, flags, BTF ids, pin path, initial value), without touching the kernel.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { HERE } from '../objects.ts';
import { buildLibbpfTool } from './build-c.ts';

export interface WitnessProgram { name: string; section: string; type: number; expected_attach_type: number; autoload: number; insn_cnt: number; flags: number }
export interface WitnessMap {
  name: string; type: number; key_size: number; value_size: number; max_entries: number; map_flags: number; numa_node: number;
  map_extra: number; btf_key_type_id: number; btf_value_type_id: number; internal: number; initial_value_size: number;
  pin_path: string | null; initial_value: string;
}
export interface WitnessOpen { libbpf: string; error: number; name?: string; kversion?: number; programs?: WitnessProgram[]; maps?: WitnessMap[] }

let built: { bin?: string; reason?: string } | undefined;

/** The witness binary (built once per source version); undefined with a reason when cc or libbpf-dev is missing. */
export function libbpfOpenWitness(): { bin?: string; reason?: string } {
  return (built ??= buildLibbpfTool(join(HERE, 'witness', 'libbpf-open.c')));
}

export function libbpfOpen(bin: string, object: string): WitnessOpen {
  return JSON.parse(execFileSync(bin, [object], { encoding: 'utf8', maxBuffer: 64 << 20 })) as WitnessOpen;
}
