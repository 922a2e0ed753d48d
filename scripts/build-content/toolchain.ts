// Finds the build tools, asks them their versions (parsed as the agent parses them: real-backend's tools.ts)
// and describes the host, for the manifests. Synchronous: a build script asks once and goes on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { findOnPath, parseToolVersion, TOOL_TABLE } from '../../real-backend/src/toolchain/tools.ts';
import type { HostInfo } from './manifest.ts';
import { BuildError } from './run-step.ts';

export { findOnPath };

export const TOOLS = ['clang', 'bpftool', 'cc'] as const;
export type Tool = (typeof TOOLS)[number];

/** Throws one BuildError naming every missing tool. */
export function requireTools(tools: readonly Tool[]): void {
  const missing = tools.filter((t) => findOnPath(t) === null);
  if (missing.length > 0) throw new BuildError(`${missing.join(', ')} not found: run scripts/system-deps`);
}

/** e.g. clang → "Debian clang version 14.0.6", bpftool → "bpftool v7.1.0 (libbpf v1.1)". */
export function toolVersion(tool: Tool): string {
  return parseToolVersion(tool, execFileSync(tool, TOOL_TABLE[tool].versionArgs, { encoding: 'utf8' }));
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
