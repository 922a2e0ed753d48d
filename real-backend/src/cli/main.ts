// `bpflc <command> [args]`: the project's CLI (ARCHITECTURE.md, "The bpflc CLI"). This file only dispatches;
// each command lives in its own module and returns an exit code: 0 done, 1 bad input or a failed run,
// 2 usage error. Errors are one sentence on stderr: what went wrong, why, what to do.
import * as C from './commands.ts';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Loads the command's module (on demand, see commands.ts) and returns its run function. */
  load(): Promise<(args: string[]) => Promise<number>>;
}

// The command table. To add a command, write its module and add one entry here, e.g.
//   { name: 'disasm', usage: C.DISASM_USAGE, summary: C.DISASM_SUMMARY, load: async () => (await import('./disasm.ts')).runDisasm },
// Planned: sim, compare (see ARCHITECTURE.md).
export const COMMANDS: readonly Command[] = [
  { name: 'inspect', usage: C.INSPECT_USAGE, summary: C.INSPECT_SUMMARY, load: async () => (await import('./inspect.ts')).runInspect },
  { name: 'disasm', usage: C.DISASM_USAGE, summary: C.DISASM_SUMMARY, load: async () => (await import('./disasm.ts')).runDisasm },
  { name: 'btf', usage: C.BTF_USAGE, summary: C.BTF_SUMMARY, load: async () => (await import('./btf.ts')).runBtf },
  { name: 'asm', usage: C.ASM_USAGE, summary: C.ASM_SUMMARY, load: async () => (await import('./asm.ts')).runAsm },
  { name: 'skel', usage: C.SKEL_USAGE, summary: C.SKEL_SUMMARY, load: async () => (await import('./skel.ts')).runSkel },
  { name: 'real', usage: C.REAL_USAGE, summary: C.REAL_SUMMARY, load: async () => (await import('./real.ts')).runReal },
  { name: 'serve', usage: C.SERVE_USAGE, summary: C.SERVE_SUMMARY, load: async () => (await import('./serve.ts')).runServe },
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
  const run = await cmd.load();
  return run(rest);
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
