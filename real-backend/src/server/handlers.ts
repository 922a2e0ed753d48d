// The job kinds this agent runs today. A later kind (compile, load, attach, step) adds its request/result to
// sim/src/protocol/messages.ts, a parser entry in sim/src/protocol/parse.ts, and a handler here.
import type { AgentStatus, MachineReport } from '@bpflc/sim/protocol/status';
import type { HandlerTable } from './jobs.ts';

export interface HandlerDeps {
  status(): AgentStatus;
  probe(): MachineReport;
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
  };
}
