// The bpftool reference, for an object without a loader of its own: `bpftool prog loadall <obj> <pin dir>` under
// strace. bpftool's libbpf loads BTF, maps and programs (no attach) and pins each program in the pin dir, a fresh
// directory under /sys/fs/bpf (bpffs mounted first when missing); the pins are removed after the run, which
// frees the programs (bpftool has exited, so the pins are their last reference).
import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';
import { ensureMounted } from '../kernel/mounts.ts';
import { findOnPath, missingToolMessage } from '../toolchain/index.ts';
import { toReferenceResult, type ReferenceResult } from './reference-result.ts';
import { runUnderStrace, type ReferenceFailure } from './run-under-strace.ts';

export interface BpftoolInput {
  /** The object to load (absolute or relative to the cwd). */
  objectPath: string;
  sha256: string;
  name?: string;
  displayPath?: string;
  notes?: string[];
}

/** A pin directory no other run uses: /sys/fs/bpf/bpflc-ref-<pid>-<random>. */
export const uniquePinDir = (root: string): string => path.join(root, `bpflc-ref-${process.pid}-${randomBytes(4).toString('hex')}`);

export async function runBpftoolReference(i: BpftoolInput): Promise<Result<ReferenceResult, ReferenceFailure>> {
  if (findOnPath('bpftool') === null) return err({ kind: 'setup', message: missingToolMessage('bpftool') });
  const fs = ensureMounted('bpffs');
  if (!fs.ok) return err({ kind: 'setup', message: fs.error.message });
  const pinDir = uniquePinDir(fs.value.path);
  const obj = path.resolve(i.objectPath);
  try {
    const run = await runUnderStrace({ command: ['bpftool', 'prog', 'loadall', obj, pinDir], timeoutMs: 30_000 });
    if (!run.ok) return run;
    return ok(toReferenceResult({
      loader: 'bpftool',
      run: run.value,
      object: { sha256: i.sha256, ...(i.name ? { name: i.name } : {}), path: i.displayPath ?? i.objectPath },
      notes: [...(i.notes ?? []), `bpftool prog loadall pinned the programs in ${pinDir}, removed after the run`],
    }));
  } finally {
    if (existsSync(pinDir)) rmSync(pinDir, { recursive: true, force: true });
  }
}
