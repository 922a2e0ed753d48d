// The seed's build commands, in one place for the content build and the agent:
//   clang -g -O2 -target bpf … -c <name>.bpf.c -o build/<name>.tmp.bpf.o      (compile)
//   bpftool gen object build/<name>.bpf.o build/<name>.tmp.bpf.o            (link)
//   bpftool gen skeleton build/<name>.bpf.o > build/<name>.skel.h           (skeleton)
//   cc -g -Wall -Ibuild -c <loader>.c -o …/<loader>.o; cc … -lbpf -lelf -lz  (the user-space loader)
// The seed's machine-specific include paths are replaced by one folder holding vmlinux.h; its libbpf.a by -lbpf.
import type { StepSpec } from './run-step.ts';

/**
 * The flags of every eBPF compile, before -c. -fdebug-compilation-dir=. with relative paths keeps absolute
 * folders out of DWARF and BTF, so the same sources and clang give byte-identical objects in any folder.
 */
export const BPF_CFLAGS: readonly string[] = ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', '-fdebug-compilation-dir=.'];

/** The only compile option a client may choose: the BPF instruction set version (clang's -mcpu). */
export const MCPU_VALUES = ['v1', 'v2', 'v3'] as const;
export type Mcpu = (typeof MCPU_VALUES)[number];

/** The kernel's own BTF, the source of vmlinux.h (the one absolute path a record may hold). */
export const VMLINUX_BTF = '/sys/kernel/btf/vmlinux';

export interface PipelinePlan {
  /** File base name: <name>.bpf.c → build/<name>.bpf.o, struct <name>_bpf in the skeleton. */
  name: string;
  /** The folder on the include path that holds vmlinux.h, relative to cwd (e.g. "../../.cache"). */
  includeDir: string;
  /** The user-space loader's file name (e.g. "minimal.c"), or null for none. */
  loader: string | null;
  /** Where the loader's object and binary go, relative to cwd. */
  loaderOutDir: string;
  /** Steps' cwd, relative to the build root. */
  cwd: string;
  /** Flags after BPF_CFLAGS (the content build's test programs; the agent passes at most -mcpu=vN). */
  extraCflags?: readonly string[];
}

export const bpfObjectPaths = (name: string) =>
  ({ tmpObject: `build/${name}.tmp.bpf.o`, object: `build/${name}.bpf.o`, skeleton: `build/${name}.skel.h` }) as const;

export function pipelineSteps(p: PipelinePlan): StepSpec[] {
  const { tmpObject, object, skeleton } = bpfObjectPaths(p.name);
  const { cwd } = p;
  const steps: StepSpec[] = [
    {
      id: 'bpf-compile', stage: 'compile', cwd,
      argv: ['clang', ...BPF_CFLAGS, ...(p.extraCflags ?? []), `-I${p.includeDir}`, '-c', `${p.name}.bpf.c`, '-o', tmpObject],
      outputs: [{ path: tmpObject, committed: true }],
    },
    {
      id: 'bpf-link', stage: 'link', cwd,
      argv: ['bpftool', 'gen', 'object', object, tmpObject],
      outputs: [{ path: object, committed: true }],
    },
    {
      id: 'skeleton', stage: 'skeleton', cwd,
      argv: ['bpftool', 'gen', 'skeleton', object],
      stdoutTo: skeleton,
      outputs: [{ path: skeleton, committed: true }],
    },
  ];
  if (p.loader !== null) {
    // The loader binary is never committed: it depends on the machine's libbpf.
    const base = `${p.loaderOutDir}/${p.loader.replace(/\.c$/, '')}`;
    steps.push(
      {
        id: 'loader-compile', stage: 'compile', cwd,
        argv: ['cc', '-g', '-Wall', '-Ibuild', '-c', p.loader, '-o', `${base}.o`],
        outputs: [{ path: `${base}.o`, committed: false }],
      },
      {
        id: 'loader-link', stage: 'compile', cwd,
        argv: ['cc', '-g', '-Wall', `${base}.o`, '-lbpf', '-lelf', '-lz', '-o', base],
        outputs: [{ path: base, committed: false }],
      },
    );
  }
  return steps;
}

/** bpftool's C dump of the kernel's BTF, written to `out` (relative to `cwd`). */
export function vmlinuxStep(cwd: string, out: string): StepSpec {
  return {
    id: 'vmlinux-h', stage: 'compile', cwd,
    argv: ['bpftool', 'btf', 'dump', 'file', VMLINUX_BTF, 'format', 'c'],
    stdoutTo: out,
    outputs: [{ path: out, committed: false }],
  };
}
