// One short line per section kind an eBPF object carries (libbpf's conventions, as of libbpf 1.x).
import type { ElfSection } from '@bpflc/sim';

const SHF_EXECINSTR = 0x4n;

export function explainSection(s: ElfSection, all: readonly ElfSection[]): string {
  const n = s.name;
  if (s.index === 0) return 'The null section every ELF file starts with.';
  if (n === '.text') return 'Code outside any SEC(): subprograms (static functions called from programs).';
  if ((s.flags & SHF_EXECINSTR) !== 0n) return `A program: libbpf reads its type and attach point from the name "${n}".`;
  if (n === 'license') return 'The license string; GPL-only helpers (bpf_printk among them) need a GPL-compatible one.';
  if (n === 'version') return 'The kernel version, only checked for old kprobe programs.';
  if (n === '.maps') return 'BTF-defined maps (SEC(".maps")): one variable per map, its type read from BTF.';
  if (n === 'maps') return 'Legacy map definitions (struct bpf_map_def), not BTF-described.';
  if (n === '.bss') return 'Zero-initialised globals: libbpf makes it an array map with one element.';
  if (n === '.data' || n.startsWith('.data.')) return 'Initialised globals: an array map holding their initial values.';
  if (n === '.rodata' || n.startsWith('.rodata')) return 'Constant globals: an array map libbpf freezes after load.';
  if (n === '.BTF') return 'BPF Type Format: types of the program, maps and globals.';
  if (n === '.BTF.ext') return 'BTF extras: function and line info per instruction, and CO-RE relocations.';
  if (n === '.symtab') return 'The symbol table: programs, maps, globals, labels.';
  if (n === '.strtab' || n === '.shstrtab') return 'A string table (names of symbols or sections).';
  if (n === '.llvm_addrsig') return 'Address-significance table from LLVM (for the linker; libbpf ignores it).';
  if (s.typeName === 'SHT_REL' || s.typeName === 'SHT_RELA') return `Relocations for ${all[s.info]?.name ?? `section ${s.info}`}: places the loader must patch.`;
  if (n.startsWith('.debug_')) return 'DWARF debug information (from -g).';
  return '';
}
