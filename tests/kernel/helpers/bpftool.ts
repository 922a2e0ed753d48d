// bpftool as the independent witness: what the kernel lists, to check the door's readings and that nothing is
// left behind.
import { execFileSync } from 'node:child_process';

export interface BpftoolProg {
  id: number;
  type: string;
  name?: string;
  tag: string;
  bytes_xlated?: number;
  bytes_jited?: number;
  map_ids?: number[];
}
export interface BpftoolMap {
  id: number;
  type: string;
  name?: string;
}

function json<T>(args: string[]): T {
  return JSON.parse(execFileSync('bpftool', ['-j', ...args], { encoding: 'utf8' })) as T;
}

export const bpftoolProgs = (): BpftoolProg[] => json<BpftoolProg[]>(['prog', 'show']);
export const bpftoolMaps = (): BpftoolMap[] => json<BpftoolMap[]>(['map', 'show']);
export const bpftoolBtfs = (): { id: number }[] => json<{ id: number }[]>(['btf', 'show']);
export const bpftoolLinks = (): { id: number; prog_id: number }[] => json<{ id: number; prog_id: number }[]>(['link', 'show']);

/**
 * The ids among `ids` that bpftool still lists. Freeing is synchronous for fds closed by this process, but map
 * and link release can be deferred to a workqueue, so poll briefly before calling anything a leak.
 */
export async function stillListed(ids: { progs?: number[]; maps?: number[]; links?: number[]; btfs?: number[] }): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 20; i++) {
    const progs = new Set(bpftoolProgs().map((p) => p.id));
    const maps = new Set(bpftoolMaps().map((m) => m.id));
    const links = new Set(bpftoolLinks().map((l) => l.id));
    const btfs = new Set(bpftoolBtfs().map((b) => b.id));
    left = [
      ...(ids.progs ?? []).filter((id) => progs.has(id)).map((id) => `prog ${id}`),
      ...(ids.maps ?? []).filter((id) => maps.has(id)).map((id) => `map ${id}`),
      ...(ids.links ?? []).filter((id) => links.has(id)).map((id) => `link ${id}`),
      ...(ids.btfs ?? []).filter((id) => btfs.has(id)).map((id) => `btf ${id}`),
    ];
    if (left.length === 0) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
  return left;
}
