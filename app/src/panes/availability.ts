// Which stages have a pane in this version of the app, and for the others one line of what they will show
// (the recorded stages, open..detach, have panes as soon as one example has a recording).
import type { StageId } from '@bpflc/sim';
import { ANY_RECORDING } from '../content/recordings.ts';

/** Stages shown from an example's recorded real run (content/examples/<slug>/recorded/agent.json). */
export const RECORDED_STAGES: readonly StageId[] = ['open', 'btf_load', 'map_create', 'relocate', 'prog_load', 'verify', 'jit', 'attach', 'run', 'detach'];

export const AVAILABLE: ReadonlySet<StageId> = new Set<StageId>(['compile', 'link', 'skeleton', 'inspect', ...(ANY_RECORDING ? RECORDED_STAGES : [])]);

export const COMING_LATER: Record<StageId, string> = {
  compile: '',
  link: '',
  skeleton: '',
  inspect: '',
  open: 'How libbpf parses the object into programs, maps and global data before any syscall (bpf_object__open).',
  btf_load: 'The BPF_BTF_LOAD call with the type data it sends and the BTF id the kernel returns.',
  map_create: 'Each BPF_MAP_CREATE (.bss, .rodata, user maps) with its attributes, the initial values written and MAP_FREEZE.',
  relocate: 'Instruction by instruction, the ld_imm64 map references and calls patched before load.',
  prog_load: 'The BPF_PROG_LOAD attributes: program type, license, instruction count and the log buffer.',
  verify: 'The verifier log, path by path, with register states and the instructions it rewrote (xlated).',
  jit: 'The x86-64 machine code the JIT emits, side by side with the BPF instructions it came from.',
  attach: 'perf_event_open on the tracepoint and BPF_LINK_CREATE (or the PERF_EVENT_IOC_SET_BPF ioctl).',
  run: 'Events firing: the program running on each write(), its map writes and trace_pipe lines.',
  detach: 'Closing the link and the fds, and when the kernel frees the program and its maps.',
};

/** Short words under each stage in the graph (the tool or the syscall it is about). */
export const NODE_HINT: Record<StageId, string> = {
  compile: 'clang · cc',
  link: 'gen object',
  skeleton: 'gen skeleton',
  inspect: 'ELF · bytecode',
  open: 'bpf_object__open',
  btf_load: 'BPF_BTF_LOAD',
  map_create: 'BPF_MAP_CREATE',
  relocate: 'fixups',
  prog_load: 'BPF_PROG_LOAD',
  verify: 'verifier',
  jit: 'x86-64',
  attach: 'LINK_CREATE',
  run: 'events',
  detach: 'close()',
};
