// Finds the build tools on PATH, asks them their versions and describes the host, for the manifests.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostInfo } from './manifest.ts';
import { BuildError } from './run-step.ts';

export const TOOLS = ['clang', 'bpftool', 'cc'] as const;
export type Tool = (typeof TOOLS)[number];

export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
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

/** Throws one BuildError naming every missing tool. */
export function requireTools(tools: readonly Tool[]): void {
  const missing = tools.filter((t) => findOnPath(t) === null);
  if (missing.length > 0) throw new BuildError(`${missing.join(', ')} not found: run scripts/system-deps`);
}

const firstLine = (s: string): string => s.split('\n')[0]?.trim() ?? '';

/** e.g. clang → "Debian clang version 14.0.6", bpftool → "bpftool v7.1.0 (libbpf v1.1)". */
export function toolVersion(tool: Tool): string {
  if (tool === 'bpftool') {
    // "bpftool v7.1.0\nusing libbpf v1.1\nfeatures: …"
    const lines = execFileSync('bpftool', ['version'], { encoding: 'utf8' }).split('\n');
    const libbpf = lines[1]?.replace(/^using\s+/, '').trim();
    return libbpf ? `${lines[0]?.trim()} (${libbpf})` : (lines[0]?.trim() ?? '');
  }
  return firstLine(execFileSync(tool, ['--version'], { encoding: 'utf8' }));
}

export function toolVersions(tools: readonly Tool[]): Record<string, string> {
  return Object.fromEntries(tools.map((t) => [t, toolVersion(t)]));
}

export function hostInfo(): HostInfo {
  let distro = 'unknown';
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m?.[1]) distro = m[1];
  } catch {
    // no os-release: keep "unknown"
  }
  return { kernel: os.release(), arch: os.machine(), distro };
}
