// Compiles small files with the real tools through the shared runner (the agent's environment: LC_ALL=C, a
// fixed PATH) and hands back what the tool printed, for the diagnostics tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPF_CFLAGS, runStep, type StepRecord } from '../../../real-backend/src/toolchain/index.ts';

export async function compileFiles(files: Record<string, string>, argv: (main: string) => string[]): Promise<StepRecord> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bpflc-diag-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
    const main = Object.keys(files)[0] ?? '';
    const r = await runStep({ id: 'compile', stage: 'compile', argv: argv(main), cwd: '.', outputs: [] }, { root, tmpDir: root });
    return r.ok ? r.value : r.error.record;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The agent's eBPF compile command (BPF_CFLAGS, no -Wall), object thrown away. */
export const clangBpf = (files: Record<string, string>): Promise<StepRecord> =>
  compileFiles(files, (main) => ['clang', ...BPF_CFLAGS, '-c', main, '-o', 'out.o']);

/** The agent's loader compile command. */
export const ccLoader = (files: Record<string, string>, link = false): Promise<StepRecord> =>
  compileFiles(files, (main) => (link ? ['cc', '-g', '-Wall', main, '-o', 'out'] : ['cc', '-g', '-Wall', '-c', main, '-o', 'out.o']));
