// The command table: names, usage lines and summaries (what `bpflc --help` lists), and where each command's
// code is. Commands are loaded on demand so that `bpflc btf` does not pay for koffi, ws and the server
// (about 50 ms of module loading) and `bpflc real` does not pay for the assembler.

export const INSPECT_USAGE = 'bpflc inspect <obj> [--json]';
export const INSPECT_SUMMARY = 'ELF identification (as `file` says it), sections, programs, maps, license, symbols, relocations';
export const DISASM_USAGE = 'bpflc disasm <obj> [--syntax llvm|kernel] [-S|--source]';
export const DISASM_SUMMARY = 'disassemble: llvm = byte-identical to llvm-objdump -d; kernel = verifier-log syntax; -S = with C source lines from BTF line_info (as llvm-objdump -S)';
export const BTF_USAGE = 'bpflc btf <obj|raw-btf> [--format raw|c]';
export const BTF_SUMMARY = 'BTF types, as `bpftool btf dump file <obj> format raw|c` prints them';
export const ASM_USAGE = 'bpflc asm <file.s> [-o <obj>] [--target bpfel|bpfeb]';
export const ASM_SUMMARY = 'assemble BPF assembly (llvm syntax, or bpflc disasm output) into an object';
export const SKEL_USAGE = 'bpflc skel <obj> [--name N]';
export const SKEL_SUMMARY = 'the C skeleton header, as `bpftool gen skeleton <obj> [name N]` prints it';
export const REAL_USAGE = 'bpflc real <obj|.bpf.c> [--log-level 1|2] [--json|--strace] [--attach [--attach-mode link|legacy] [--duration S]] [--loader agent|libbpf [--compare]]';
export const REAL_SUMMARY = 'load the object into this kernel with the agent\'s loader: every syscall, verdicts, verifier logs, xlated and jited images';
export const SERVE_USAGE = 'bpflc serve [--port N] [--host 127.0.0.1] [--app-dir DIR]';
export const SERVE_SUMMARY = 'serve the app and the agent (real kernel runs) on one loopback origin';
