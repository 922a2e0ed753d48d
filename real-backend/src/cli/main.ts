// `bpflc <command> [args]`: the project's CLI (ARCHITECTURE.md, "The bpflc CLI"). This file only dispatches;
// each command lives in its own module and returns an exit code: 0 done, 1 bad input or a failed run,
// 2 usage error. Errors are one sentence on stderr: what went wrong, why, what to do.
import { DISASM_SUMMARY, DISASM_USAGE, runDisasm } from './disasm.ts';
import { INSPECT_SUMMARY, INSPECT_USAGE, runInspect } from './inspect.ts';
import { BTF_SUMMARY, BTF_USAGE, runBtf } from './btf.ts';
import { ASM_SUMMARY, ASM_USAGE, runAsm } from './asm.ts';
import { SERVE_SUMMARY, SERVE_USAGE, runServe } from './serve.ts';
import { REAL_SUMMARY, REAL_USAGE, runReal } from './real.ts';
import { SKEL_SUMMARY, SKEL_USAGE, runSkel } from './skel.ts';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

// The command table. To add a command, import its run function and add one entry here, e.g.
//   { name: 'disasm', usage: DISASM_USAGE, summary: '…', run: runDisasm },   (from ./disasm.ts)
// Planned: sim, compare (see ARCHITECTURE.md).
export const COMMANDS: readonly Command[] = [
  { name: 'inspect', usage: INSPECT_USAGE, summary: INSPECT_SUMMARY, run: runInspect },
  { name: 'disasm', usage: DISASM_USAGE, summary: DISASM_SUMMARY, run: runDisasm },
  { name: 'btf', usage: BTF_USAGE, summary: BTF_SUMMARY, run: runBtf },
  { name: 'asm', usage: ASM_USAGE, summary: ASM_SUMMARY, run: runAsm },
  { name: 'skel', usage: SKEL_USAGE, summary: SKEL_SUMMARY, run: runSkel },
  { name: 'real', usage: REAL_USAGE, summary: REAL_SUMMARY, run: runReal },
  { name: 'serve', usage: SERVE_USAGE, summary: SERVE_SUMMARY, run: runServe },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return ['usage: bpflc <command> [args]', '', 'commands:', ...lines, '', 'bpflc <command> --help shows one command.'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`bpflc: unknown command ${JSON.stringify(name)}: the commands are ${COMMANDS.map((c) => c.name).join(', ')}; run bpflc --help for their usage.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${cmd.usage}\n  ${cmd.summary}\n`);
    return 0;
  }
  return cmd.run(rest);
}

/** Entry point used by bin/bpflc.mjs (through the bundle) and `node --import tsx real-backend/src/cli/main.ts`. */
export async function runCli(): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    // An exception here is a bug in bpflc, not bad input: say so, with the detail a bug report needs.
    process.stderr.write(`bpflc: internal error (a bug in bpflc, please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 70;
  }
  // Let stdout drain (large --json outputs into a pipe) before leaving.
  process.exitCode = code;
}

const isEntry = typeof process.argv[1] === 'string' && /[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) void runCli();
