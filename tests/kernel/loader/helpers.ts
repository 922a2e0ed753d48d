// Shared by the loader's kernel tests: the objects to load, one load through the agent's loader with its
// session, and what bpftool (the independent witness) says about the kernel objects it made.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelSession, btfInfo, mapInfo } from '../../../real-backend/src/kernel/index.ts';
import { loadObject, type LoadedObject, type LoaderOptions } from '../../../real-backend/src/loader/index.ts';
import { bpftoolBtfs, bpftoolMaps, bpftoolProgs } from '../helpers/bpftool.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ExampleObject {
  slug: string;
  path: string;
  meta: { expectedVerdict: 'accepted' | 'rejected'; rejectionReason?: string; programs: { name: string; section: string }[] };
}

/** Every example's built object (bpftool gen object's output, what a loader loads) with its meta.json. */
export function exampleObjects(): ExampleObject[] {
  const dir = join(ROOT, 'content/examples');
  return readdirSync(dir).sort().flatMap((slug) => {
    const build = join(dir, slug, 'build');
    if (!existsSync(build)) return [];
    const obj = readdirSync(build).find((f) => f.endsWith('.bpf.o') && !f.endsWith('.tmp.bpf.o'));
    if (!obj) return [];
    const meta = JSON.parse(readFileSync(join(dir, slug, 'meta.json'), 'utf8')) as ExampleObject['meta'];
    return [{ slug, path: join(build, obj), meta }];
  });
}

export const programObject = (name: string): string => join(ROOT, 'tests/programs/build', `c-${name}.bpf.o`);

export interface Load {
  s: KernelSession;
  loaded: LoadedObject;
}

export async function load(path: string, opts: LoaderOptions = {}): Promise<Load> {
  const s = new KernelSession();
  const bytes = readFileSync(path);
  const r = await loadObject(s, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { path: basename(path), ...opts });
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return { s, loaded: r.value };
}

/**
 * The ids of the kernel objects a load holds: programs from the load's own info read, maps and BTF asked of the
 * kernel through the door on a scratch session (so the load's trace stays as the loader made it).
 */
export function ownedIds(l: LoadedObject): { progs: number[]; maps: number[]; btfs: number[] } {
  const scratch = new KernelSession();
  const id = (r: { ok: true; value: { id: number } } | { ok: false }): number[] => (r.ok ? [r.value.id] : []);
  return {
    progs: l.programs.flatMap((p) => (p.id !== undefined ? [p.id] : [])),
    maps: l.maps.flatMap((m) => (m.fd !== undefined ? id(mapInfo(scratch, m.fd)) : [])),
    btfs: l.btfFd !== undefined ? id(btfInfo(scratch, l.btfFd)) : [],
  };
}

/** Which of these ids bpftool lists right now. */
export function listedNow(ids: { progs: number[]; maps: number[]; btfs: number[] }): { progs: number[]; maps: number[]; btfs: number[] } {
  const progs = new Set(bpftoolProgs().map((x) => x.id));
  const maps = new Set(bpftoolMaps().map((x) => x.id));
  const btfs = new Set(bpftoolBtfs().map((x) => x.id));
  return { progs: ids.progs.filter((i) => progs.has(i)), maps: ids.maps.filter((i) => maps.has(i)), btfs: ids.btfs.filter((i) => btfs.has(i)) };
}

/** `bpftool prog dump xlated id N` (text): instruction index → its line, e.g. 2 → "(18) r1 = map[id:2418][0]+0". */
export function bpftoolXlated(id: number): Map<number, string> {
  const text = execFileSync('bpftool', ['prog', 'dump', 'xlated', 'id', String(id)], { encoding: 'utf8' });
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+): (.*)$/.exec(line);
    if (m) out.set(Number(m[1]), m[2]!);
  }
  return out;
}

export function bpftoolMapName(id: number): string | undefined {
  return (JSON.parse(execFileSync('bpftool', ['-j', 'map', 'show', 'id', String(id)], { encoding: 'utf8' })) as { name?: string }).name;
}
