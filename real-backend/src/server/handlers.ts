// The job kinds this agent runs today. A later kind (attach, run) adds its request/result to
// sim/src/protocol/messages.ts, a parser entry in sim/src/protocol/parse.ts, and a handler here. `load` with
// attach: true is handled by handlers/attach.ts (which hands plain loads to handlers/load.ts).
import { join } from 'node:path';
import type { AgentStatus, MachineReport } from '@bpflc/sim/protocol/status';
import { repoRoot } from '../repo-root.ts';
import { defaultCacheDir } from '../toolchain/index.ts';
import { compileHandler } from './handlers/compile.ts';
import { loadAttachHandler } from './handlers/attach.ts';
import type { HandlerTable } from './jobs.ts';

export interface HandlerDeps {
  status(): AgentStatus;
  probe(): MachineReport;
  /** Build cache of compile jobs (default: defaultCacheDir()). */
  cacheDir?: string;
  /** Examples a load job may name (default: content/examples of this checkout). */
  examplesDir?: string;
}

export function defaultHandlers(deps: HandlerDeps): HandlerTable {
  return {
    status: { timeoutMs: 10_000, run: () => ({ kind: 'status', status: deps.status() }) },
    probe: {
      timeoutMs: 10_000,
      run: (_req, ctx) => {
        ctx.progress('probing: capabilities, a real BPF_MAP_CREATE and BPF_PROG_LOAD, tracefs, kprobes, BTF, lockdown');
        return { kind: 'probe', probe: deps.probe() };
      },
    },
    compile: compileHandler({ cacheDir: deps.cacheDir ?? defaultCacheDir() }),
    load: loadAttachHandler({ status: deps.status, examplesDir: deps.examplesDir ?? join(repoRoot(), 'content', 'examples') }),
  };
}
