// Which build tools this machine has, where, and which versions: asked once per process. A missing tool is
// an error value whose message says what to run; versions and a fingerprint of each binary go into the
// build cache key, so an upgraded clang never serves an object built by the old one.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';

/** The tools of the seed's pipeline, the argument that prints their version, and their Debian package. */
export const TOOL_TABLE = {
  clang: { versionArgs: ['--version'], debianPackage: 'clang' },
  bpftool: { versionArgs: ['version'], debianPackage: 'bpftool' },
  cc: { versionArgs: ['--version'], debianPackage: 'gcc' },
  'llvm-objdump': { versionArgs: ['--version'], debianPackage: 'llvm' },
} as const;

export type ToolName = keyof typeof TOOL_TABLE;
export const TOOL_NAMES = Object.keys(TOOL_TABLE) as ToolName[];

export interface ToolInfo {
  name: ToolName;
  /** Absolute path the tool was found at (symlinks kept: gcc and clang find their parts from it). */
  path: string;
  /** e.g. "Debian clang version 14.0.6", "bpftool v7.1.0 (libbpf v1.1)". */
  version: string;
  /** realpath, size and mtime of the binary: changes when the package is upgraded under the same version. */
  fingerprint: string;
}

export interface ToolMissing {
  kind: 'tool-missing';
  tool: ToolName;
  debianPackage: string;
  message: string;
}

export type ToolStatus = Result<ToolInfo, ToolMissing>;
export type ToolSet = Record<ToolName, ToolStatus>;

export const missingToolMessage = (tool: ToolName, why = 'is not installed'): string =>
  `${tool} ${why}: run scripts/system-deps (Debian package ${TOOL_TABLE[tool].debianPackage})`;

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * The one-line version from the tool's own output.
 * e.g. bpftool: "bpftool v7.1.0\nusing libbpf v1.1\nfeatures: …" → "bpftool v7.1.0 (libbpf v1.1)";
 *      clang:   "Debian clang version 14.0.6\nTarget: …" → "Debian clang version 14.0.6".
 */
export function parseToolVersion(tool: ToolName, stdout: string): string {
  const lines = stdout.split('\n').map((l) => l.trim());
  // bpftool names itself by its argv[0] ("/usr/sbin/bpftool v7.1.0" when run by path): keep the base name.
  const first = (lines[0] ?? '').replace(/^\S*\/(\S+)/, '$1');
  if (tool === 'bpftool') {
    const libbpf = lines[1]?.replace(/^using\s+/, '');
    return libbpf ? `${first} (${libbpf})` : first;
  }
  return first;
}

function execText(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } }, (e, stdout) =>
      e ? reject(e) : resolve(stdout),
    );
  });
}

async function detectTool(name: ToolName): Promise<ToolStatus> {
  const found = findOnPath(name);
  const missing = (why?: string): ToolStatus =>
    err({ kind: 'tool-missing', tool: name, debianPackage: TOOL_TABLE[name].debianPackage, message: missingToolMessage(name, why) });
  if (found === null) return missing();
  try {
    const version = parseToolVersion(name, await execText(found, TOOL_TABLE[name].versionArgs));
    const real = await realpath(found);
    const st = await stat(real);
    return ok({ name, path: found, version, fingerprint: `${real}:${st.size}:${Math.trunc(st.mtimeMs)}` });
  } catch (e) {
    return missing(`is installed but does not run (${(e as Error).message.split('\n')[0]})`);
  }
}

let detected: Promise<ToolSet> | null = null;

/** Every tool of TOOL_TABLE, looked for once per process (`refresh` asks again, e.g. after system-deps). */
export function detectTools(refresh = false): Promise<ToolSet> {
  if (detected === null || refresh) {
    detected = Promise.all(TOOL_NAMES.map(detectTool)).then((all) => Object.fromEntries(TOOL_NAMES.map((n, i) => [n, all[i]])) as ToolSet);
  }
  return detected;
}

/** The named tools, or the first one missing. */
export async function requireTools<T extends ToolName>(names: readonly T[]): Promise<Result<Record<T, ToolInfo>, ToolMissing>> {
  const set = await detectTools();
  const out = {} as Record<T, ToolInfo>;
  for (const n of names) {
    const s = set[n];
    if (!s.ok) return s;
    out[n] = s.value;
  }
  return ok(out);
}
