// Every word of a recorded build command, explained in one sentence for a learner.
// Covers what clang (14), bpftool (7.x) and cc (gcc 12) are given by scripts/build-content.ts and by
// libbpf-bootstrap's Makefile; an unknown flag still gets a generic sentence rather than silence.
// e.g. ["clang", "-g", "-O2", "-target", "bpf", …] → [{ text: "clang", … }, { text: "-g", … }, { text: "-target bpf", … }]

export interface ArgPart {
  /** The word(s) as typed: a flag with its separate value is one part ("-target bpf", "-o build/x.o"). */
  text: string;
  kind: 'tool' | 'subcommand' | 'flag' | 'input' | 'output';
  explain: string;
}

/** Flags that take their value as the next word. */
const TAKES_VALUE = new Set(['-target', '-o', '-idirafter', '-isystem', '-I', '-L', '-include', '-MF', '-x', '-arch']);

const EXACT: Record<string, string> = {
  '-g': 'Keep debug information; for -target bpf this also emits BTF (.BTF and .BTF.ext), the type data libbpf and the verifier need.',
  '-O2': 'Optimize at level 2; eBPF is practically always built optimized, since unoptimized code spills to the stack in ways the verifier rejects.',
  '-O0': 'No optimization: stack-heavy code that the verifier often refuses for BPF.',
  '-O1': 'Optimize at level 1.',
  '-O3': 'Optimize at level 3 (more inlining and unrolling).',
  '-Os': 'Optimize for size.',
  '-c': 'Compile only: write a relocatable object (ET_REL), do not link an executable.',
  '-Wall': 'Turn on the common warnings.',
  '-Wextra': 'Turn on extra warnings beyond -Wall.',
  '-Werror': 'Treat every warning as an error.',
  '-static': 'Link libraries statically into the executable.',
  '-pthread': 'Build with POSIX threads support.',
  '-mlittle-endian': 'Emit little-endian BPF (the same as -target bpfel).',
  '-mbig-endian': 'Emit big-endian BPF (the same as -target bpfeb).',
  '-fPIC': 'Generate position-independent code.',
  '-fPIE': 'Generate position-independent code for an executable.',
  '-v': 'Verbose: print the commands the driver runs.',
  '-E': 'Only run the preprocessor.',
  '-S': 'Stop after compiling to assembly text.',
  '-MD': 'Write a make-style dependency file as a side effect.',
  '-MMD': 'Write a make-style dependency file, leaving out system headers.',
  '-lbpf': 'Link against libbpf, the library the skeleton calls to open, load and attach the object.',
  '-lelf': 'Link against libelf, which libbpf uses to parse the embedded ELF object.',
  '-lz': 'Link against zlib, which libbpf uses to read a compressed kernel config (/proc/config.gz).',
};

const TARGETS: Record<string, string> = {
  bpf: 'Generate eBPF bytecode for the host byte order (bpfel here): the output ELF has e_machine EM_BPF (247).',
  bpfel: 'Generate little-endian eBPF bytecode (e_machine EM_BPF).',
  bpfeb: 'Generate big-endian eBPF bytecode (e_machine EM_BPF).',
};

function explainFlag(flag: string, value: string | undefined, tool: string): string {
  if (flag in EXACT) return EXACT[flag] as string;
  if (flag === '-target') return TARGETS[value ?? ''] ?? `Generate code for the ${value} target.`;
  if (flag === '-o') return `Write the output to ${value}.`;
  if (flag === '-idirafter')
    return `Search ${value} for system headers after the normal system directories (libbpf-bootstrap passes the host's include paths this way, so BPF code can use <linux/…> headers without clashing with vmlinux.h).`;
  if (flag === '-isystem') return `Search ${value} for headers, treated as system headers.`;
  if (flag === '-include') return `Include ${value} before the first line of the source.`;
  if (flag === '-x') return `Treat the input as ${value} source.`;
  if (flag.startsWith('-I')) {
    const dir = value ?? flag.slice(2);
    return `Search ${dir} for #include files first${includeHint(dir)}.`;
  }
  if (flag.startsWith('-L')) return `Search ${value ?? flag.slice(2)} for libraries when linking.`;
  if (flag.startsWith('-D__TARGET_ARCH_'))
    return `Define ${flag.slice(2)}: tells bpf_tracing.h which architecture's pt_regs layout to use (PT_REGS_PARM1() and friends), since the BPF target itself has no host architecture.`;
  if (flag.startsWith('-D')) return `Define the preprocessor macro ${flag.slice(2)}.`;
  if (flag.startsWith('-U')) return `Undefine the preprocessor macro ${flag.slice(2)}.`;
  if (flag.startsWith('-mcpu='))
    return `Select BPF ISA version ${flag.slice(6)} (v1: base; v2: adds JLT/JLE/JSLT/JSLE; v3: adds 32-bit jumps and ALU32; probe: ask the running kernel).`;
  if (flag.startsWith('-fdebug-compilation-dir='))
    return `Record "${flag.split('=')[1]}" as the compilation directory in the debug info, so the object does not depend on where it was built (reproducible builds).`;
  if (flag.startsWith('-std=')) return `Compile as the ${flag.slice(5)} C dialect.`;
  if (flag.startsWith('-Wno-')) return `Silence the ${flag.slice(5)} warning.`;
  if (flag.startsWith('-W')) return `Enable the ${flag.slice(2)} warning.`;
  if (flag.startsWith('-l')) return `Link against the library lib${flag.slice(2)}.`;
  if (flag.startsWith('-f')) return `Code-generation switch ${flag}.`;
  if (flag.startsWith('-m')) return `Target-specific switch ${flag}.`;
  if (/^-O/.test(flag)) return `Optimization level ${flag.slice(2)}.`;
  if (flag === '-g' || flag.startsWith('-g')) return 'Debug information switch.';
  return `${tool} option ${flag}.`;
}

const TOOLS: Record<string, string> = {
  clang: 'clang (LLVM) compiles the restricted C of the eBPF program; its BPF back end emits eBPF bytecode.',
  bpftool: "bpftool is the kernel tree's tool to inspect and manage BPF objects; here it works on files only.",
  cc: 'cc (gcc here) compiles and links the user-space loader that embeds the skeleton.',
  gcc: 'gcc compiles and links the user-space loader that embeds the skeleton.',
};

function explainBpftool(argv: readonly string[]): ArgPart[] {
  const parts: ArgPart[] = [];
  const [, cmd, sub, ...rest] = argv;
  if (cmd === 'gen' && sub === 'object') {
    parts.push({ text: 'gen object', kind: 'subcommand', explain: 'Link BPF objects with libbpf\'s static linker: merge sections, symbols, BTF and .BTF.ext, and resolve extern references between them.' });
    const [out, ...ins] = rest;
    if (out) parts.push({ text: out, kind: 'output', explain: `The linked object to write (${out}); this is what the loader embeds.` });
    for (const i of ins) parts.push({ text: i, kind: 'input', explain: `An input object from clang (${i}).` });
    return parts;
  }
  if (cmd === 'gen' && sub === 'skeleton') {
    parts.push({ text: 'gen skeleton', kind: 'subcommand', explain: 'Write a C header (to stdout) that embeds the object and declares a struct with its programs, maps and global variables, plus open/load/attach/destroy functions.' });
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i] as string;
      if (w === 'name' && rest[i + 1] !== undefined) {
        parts.push({ text: `name ${rest[i + 1]}`, kind: 'flag', explain: `Name the skeleton struct ${rest[i + 1]} instead of deriving it from the file name.` });
        i++;
      } else parts.push({ text: w, kind: 'input', explain: `The linked object (${w}) to describe and embed.` });
    }
    return parts;
  }
  if (cmd === 'btf' && sub === 'dump') {
    parts.push({ text: 'btf dump', kind: 'subcommand', explain: 'Print BPF Type Format (BTF) type information.' });
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i] as string;
      const v = rest[i + 1];
      if (w === 'file' && v !== undefined) {
        parts.push({ text: `file ${v}`, kind: 'input', explain: v.includes('/sys/kernel/btf/vmlinux') ? "Read the running kernel's own BTF (every type the kernel was built with) from sysfs." : `Read BTF from the file ${v}.` });
        i++;
      } else if (w === 'format' && v !== undefined) {
        parts.push({ text: `format ${v}`, kind: 'flag', explain: v === 'c' ? 'Print the types as C declarations: this is how vmlinux.h is made, so BPF code can use kernel structs without kernel headers.' : `Print in ${v} form.` });
        i++;
      } else parts.push({ text: w, kind: 'flag', explain: `bpftool btf dump argument ${w}.` });
    }
    return parts;
  }
  for (const w of argv.slice(1)) parts.push({ text: w, kind: 'subcommand', explain: `bpftool argument ${w}.` });
  return parts;
}

/** Splits a recorded argv into parts, each with a one-sentence explanation. */
export function explainArgv(argv: readonly string[]): ArgPart[] {
  const tool = argv[0] ?? '';
  const base = tool.split('/').pop() ?? tool;
  const parts: ArgPart[] = [{ text: tool, kind: 'tool', explain: TOOLS[base] ?? `The program ${base}.` }];
  if (base === 'bpftool') return parts.concat(explainBpftool(argv));
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as string;
    if (!w.startsWith('-') || w === '-') {
      parts.push({ text: w, kind: 'input', explain: describeInput(w) });
      continue;
    }
    const next = argv[i + 1];
    if (TAKES_VALUE.has(w) && next !== undefined) {
      parts.push({ text: `${w} ${next}`, kind: w === '-o' ? 'output' : 'flag', explain: explainFlag(w, next, base) });
      i++;
    } else parts.push({ text: w, kind: 'flag', explain: explainFlag(w, undefined, base) });
  }
  return parts;
}

function includeHint(dir: string): string {
  if (/libbpf/.test(dir)) return " (libbpf's headers: bpf/bpf_helpers.h, bpf_tracing.h…)";
  if (/vmlinux/.test(dir)) return " (vmlinux.h: every kernel type, dumped from the kernel's BTF)";
  if (/\.cache/.test(dir)) return " (here: vmlinux.h, every kernel type dumped from the kernel's BTF)";
  if (/build/.test(dir)) return ' (here: the generated skeleton header)';
  return '';
}

function describeInput(w: string): string {
  if (w.endsWith('.bpf.c')) return `The eBPF program's source (${w}).`;
  if (w.endsWith('.c')) return `The user-space loader's source (${w}).`;
  if (w.endsWith('.o')) return `An object file to link (${w}).`;
  if (w.endsWith('.a')) return `A static library to link (${w}).`;
  return `Input ${w}.`;
}
