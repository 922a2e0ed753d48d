// vmlinux.h for the agent's builds: `bpftool btf dump file /sys/kernel/btf/vmlinux format c`, made once and
// kept in the cache under the hash of the kernel's BTF (a new kernel, a new header). A kernel without
// CONFIG_DEBUG_INFO_BTF has no such file: builds go on without vmlinux.h (sources including it fail in clang).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '@bpflc/sim/result';
import { writeEntry, readEntry } from './cache.ts';
import { runStep, sha256, type RunOptions, type StepFailure } from './run-step.ts';
import type { StepRecord } from './step-record.ts';
import { VMLINUX_BTF, vmlinuxStep } from './steps.ts';

export interface VmlinuxHeader {
  /** Absolute path of the cached vmlinux.h. */
  file: string;
  /** sha256 of vmlinux.h (what the build cache key holds). */
  sha256: string;
  /** sha256 of /sys/kernel/btf/vmlinux (what names the cache entry). */
  btfSha256: string;
  /** The bpftool step that made it, with its original timing. */
  step: StepRecord;
  /** True when the cache already had it. */
  reused: boolean;
}

/** Where a build's temp folder expects it, relative to the build root (the content build's layout: -I../../.cache). */
export const VMLINUX_IN_BUILD = '.cache/vmlinux.h';

const memo = new Map<string, Promise<Result<VmlinuxHeader | null, StepFailure>>>();

type VmlinuxOptions = Pick<RunOptions, 'exe' | 'signal' | 'onProgress'>;

/** The cached vmlinux.h (made now if missing), or null when this kernel has no BTF. Asked once per process. */
export function ensureVmlinux(cacheDir: string, opts: VmlinuxOptions = {}): Promise<Result<VmlinuxHeader | null, StepFailure>> {
  const known = memo.get(cacheDir);
  if (known) return known.then((r) => (r.ok && r.value ? ok({ ...r.value, reused: true }) : r));
  const p = makeVmlinux(cacheDir, opts);
  memo.set(cacheDir, p);
  // A failure (a killed bpftool, a full disk) is not remembered: the next build tries again.
  void p.then((r) => {
    if (!r.ok) memo.delete(cacheDir);
  });
  return p;
}

async function makeVmlinux(cacheDir: string, opts: VmlinuxOptions): Promise<Result<VmlinuxHeader | null, StepFailure>> {
  if (!existsSync(VMLINUX_BTF)) return ok(null);
  const btfSha256 = sha256(await readFile(VMLINUX_BTF));
  const key = `vmlinux-${btfSha256}`;
  const cached = await readEntry<{ step: StepRecord }>(cacheDir, key);
  if (cached !== null) {
    const f = cached.files['vmlinux.h'];
    if (f) return ok({ file: f.path, sha256: f.sha256, btfSha256, step: cached.meta.step, reused: true });
  }

  const root = await mkdtemp(path.join(os.tmpdir(), 'bpflc-vmlinux-'));
  try {
    await mkdir(path.join(root, path.dirname(VMLINUX_IN_BUILD)), { recursive: true });
    // Server-side and not user-controlled: the default (generous) limits, whatever a build asked for.
    const r = await runStep(vmlinuxStep('.', VMLINUX_IN_BUILD), { ...opts, root, tmpDir: root });
    if (!r.ok) return err(r.error);
    const entry = await writeEntry(cacheDir, key, { step: r.value }, { 'vmlinux.h': path.join(root, VMLINUX_IN_BUILD) });
    const f = entry.files['vmlinux.h'];
    if (!f) throw new Error('vmlinux.h missing from its cache entry');
    return ok({ file: f.path, sha256: f.sha256, btfSha256, step: r.value, reused: false });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
