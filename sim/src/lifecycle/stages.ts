// The one set of stage ids (ARCHITECTURE.md): graph nodes, trace events, lessons, URLs and the CLI use these.
export const STAGES = [
  { id: 'compile', title: 'Compile', phase: 'build', blurb: 'clang turns restricted C into eBPF bytecode in an ELF object; cc builds the user-space loader.' },
  { id: 'link', title: 'Link', phase: 'build', blurb: 'bpftool gen object links the object(s) into the final .bpf.o.' },
  { id: 'skeleton', title: 'Skeleton', phase: 'build', blurb: 'bpftool gen skeleton turns ELF sections and BTF into C structs for the loader.' },
  { id: 'inspect', title: 'Inspect', phase: 'object', blurb: 'The ELF object: sections, symbols, relocations, BTF, maps, license, bytecode.' },
  { id: 'open', title: 'Open', phase: 'load', blurb: 'The loader parses the object into programs and maps (bpf_object__open).' },
  { id: 'btf_load', title: 'BTF load', phase: 'load', blurb: 'bpf(BPF_BTF_LOAD) hands the type information to the kernel.' },
  { id: 'map_create', title: 'Map create', phase: 'load', blurb: 'bpf(BPF_MAP_CREATE) for every map, then initial values and freezing.' },
  { id: 'relocate', title: 'Relocate', phase: 'load', blurb: 'Map fds, subprogram calls and CO-RE offsets are patched into the instructions.' },
  { id: 'prog_load', title: 'Prog load', phase: 'load', blurb: 'bpf(BPF_PROG_LOAD) sends the instructions to the kernel.' },
  { id: 'verify', title: 'Verify', phase: 'kernel', blurb: 'The verifier walks every path, tracks register states and rewrites instructions (xlated).' },
  { id: 'jit', title: 'JIT', phase: 'kernel', blurb: 'The x86-64 JIT turns the xlated program into machine code (jited).' },
  { id: 'attach', title: 'Attach', phase: 'run', blurb: 'perf_event_open + ioctl(PERF_EVENT_IOC_SET_BPF) or bpf(BPF_LINK_CREATE) hooks the program to an event.' },
  { id: 'run', title: 'Run', phase: 'run', blurb: 'Events fire; the program runs, writes maps, prints to trace_pipe.' },
  { id: 'detach', title: 'Detach', phase: 'run', blurb: 'Closing the link or perf event fd detaches; the last fd closed frees the program.' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];
export type StagePhase = (typeof STAGES)[number]['phase'];

export const STAGE_IDS: readonly StageId[] = STAGES.map((s) => s.id);

export function isStageId(s: string): s is StageId {
  return (STAGE_IDS as readonly string[]).includes(s);
}
