// The build cache: one folder per content hash holding the products and a JSON record of how they were made.
//   <cacheDir>/builds/<key>/entry.json       { format, key, meta, files: { "<name>.bpf.o": { sha256, size } } }
//   <cacheDir>/builds/<key>/<name>.bpf.o …
//   <cacheDir>/builds/vmlinux-<sha256 of the kernel's BTF>/vmlinux.h   (vmlinux.ts)
// Entries are written into a temp folder and renamed into place, so a reader never sees half an entry; a file
// whose hash no longer matches makes the entry a miss (and it is rebuilt).
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from './run-step.ts';

export const CACHE_FORMAT = 1;

/** $XDG_CACHE_HOME/bpf-lifecycle, else ~/.cache/bpf-lifecycle, else (no home) under os.tmpdir(). */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'bpf-lifecycle');
  const home = os.homedir();
  if (home && home !== '/') return path.join(home, '.cache', 'bpf-lifecycle');
  return path.join(os.tmpdir(), `bpf-lifecycle-${process.getuid?.() ?? 'user'}`);
}

/** JSON with object keys sorted, so the same parts always hash the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const cacheKey = (parts: unknown): string => sha256(canonicalJson({ format: CACHE_FORMAT, parts }));

export interface StoredFile {
  /** Absolute path inside the cache entry. */
  path: string;
  sha256: string;
  size: number;
}

export interface CacheEntry<T> {
  key: string;
  dir: string;
  meta: T;
  files: Record<string, StoredFile>;
}

interface EntryJson<T> {
  format: number;
  key: string;
  meta: T;
  files: Record<string, { sha256: string; size: number }>;
}

const entryDir = (cacheDir: string, key: string): string => path.join(cacheDir, 'builds', key);

/** The entry for `key`, or null (absent, another format, or a file changed since it was written). */
export async function readEntry<T>(cacheDir: string, key: string): Promise<CacheEntry<T> | null> {
  const dir = entryDir(cacheDir, key);
  let json: EntryJson<T>;
  try {
    json = JSON.parse(await readFile(path.join(dir, 'entry.json'), 'utf8')) as EntryJson<T>;
  } catch {
    return null;
  }
  if (json.format !== CACHE_FORMAT || json.key !== key) return null;
  const files: Record<string, StoredFile> = {};
  for (const [name, f] of Object.entries(json.files)) {
    const file = path.join(dir, name);
    const bytes = await readFile(file).catch(() => null);
    if (bytes === null || sha256(bytes) !== f.sha256) return null;
    files[name] = { path: file, sha256: f.sha256, size: f.size };
  }
  return { key, dir, meta: json.meta, files };
}

/** Stores `files` (name → absolute source path; modes kept, so a loader stays executable) under `key`. */
export async function writeEntry<T>(cacheDir: string, key: string, meta: T, files: Record<string, string>): Promise<CacheEntry<T>> {
  const final = entryDir(cacheDir, key);
  const staging = path.join(cacheDir, 'builds', `.tmp-${key.slice(0, 16)}-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    const stored: EntryJson<T>['files'] = {};
    for (const [name, src] of Object.entries(files)) {
      if (name !== path.basename(name) || name === 'entry.json') throw new Error(`bad cache file name ${name}`);
      await copyFile(src, path.join(staging, name));
      const bytes = await readFile(path.join(staging, name));
      stored[name] = { sha256: sha256(bytes), size: bytes.length };
    }
    const json: EntryJson<T> = { format: CACHE_FORMAT, key, meta, files: stored };
    await writeFile(path.join(staging, 'entry.json'), `${JSON.stringify(json, null, 1)}\n`);
    try {
      await rename(staging, final);
    } catch (e) {
      // Another build of the same key got there first: keep theirs (same inputs, same products).
      if ((e as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const entry = await readEntry<T>(cacheDir, key);
  if (entry === null) throw new Error(`the cache entry ${final} could not be read back`);
  return entry;
}

/** Writes `data` to `file` through a temp name and a rename (readers see the old file or the whole new one). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
