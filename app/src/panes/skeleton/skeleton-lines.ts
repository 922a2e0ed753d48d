// Where each skeleton member and function sits in the header text (1-based lines), so hovering a binding row
// can highlight it in Monaco. The header's shape is bpftool 7.1's:
//   struct minimal_bpf {            ← the skeleton struct
//   	struct { struct bpf_map *bss; } maps;   (one member a line, inside `struct {` … `} maps;`)
//   	struct minimal_bpf__bss { int my_pid; } *bss;
//   minimal_bpf__load(struct minimal_bpf *obj)   ← a function definition starts a line
import type { SkelBinding, SkelFunctionInfo } from '@bpflc/sim';

const trimmed = (lines: string[]): string[] => lines.map((l) => l.trim());

/** The first line index ≥ from whose trimmed text satisfies test; -1 if none. */
function findFrom(lines: string[], from: number, test: (l: string) => boolean): number {
  for (let i = Math.max(0, from); i < lines.length; i++) if (test(lines[i]!)) return i;
  return -1;
}

/** The end of the `{ … } <tail>` block that opens at or after `open` (the closing line index). */
function blockEnd(lines: string[], open: number): number {
  let depth = 0;
  for (let i = open; i < lines.length; i++) {
    for (const ch of lines[i]!) {
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return i;
    }
  }
  return lines.length - 1;
}

/** 1-based line of a binding's declaration in the header, or undefined when it cannot be found. */
export function bindingLine(text: string, skelName: string, b: SkelBinding): number | undefined {
  const lines = trimmed(text.split('\n'));
  const top = findFrom(lines, 0, (l) => l === `struct ${skelName} {`);
  if (top < 0) return undefined;
  const topEnd = blockEnd(lines, top);
  const inside = (open: number, want: string): number => {
    const end = blockEnd(lines, open);
    const i = findFrom(lines, open + 1, (l) => l === want);
    return i >= 0 && i <= end ? i : -1;
  };
  let at = -1;
  const group = /^skel->(maps|progs|links)\./.exec(b.path)?.[1];
  if (group) {
    // The anonymous `struct {` whose block closes with `} maps;` (or progs/links).
    for (let i = top + 1; i < topEnd && at < 0; i++) {
      if (lines[i] !== 'struct {') continue;
      const end = blockEnd(lines, i);
      if (lines[end] === `} ${group};`) at = inside(i, `${b.member};`);
    }
  } else {
    const m = /^skel->(\w+)(?:->(\w+))?$/.exec(b.path);
    if (!m) return undefined;
    const open = findFrom(lines, top + 1, (l) => l === `struct ${skelName}__${m[1]} {`);
    if (open < 0 || open > topEnd) return undefined;
    at = m[2] === undefined ? open : inside(open, `${b.member};`);
  }
  return at < 0 ? undefined : at + 1;
}

/** 1-based line where a skeleton function's definition begins: its name opens the line (return type on the line
 * above) or follows `static inline …` on the same line (`__elf_bytes`); prototypes end in ';' and are skipped. */
export function functionLine(text: string, f: SkelFunctionInfo): number | undefined {
  const lines = text.split('\n');
  const call = `${f.fn}(`;
  const i = findFrom(lines, 0, (l) => (l.startsWith(call) || (l.startsWith('static ') && l.includes(`*${call}`))) && !l.trimEnd().endsWith(';'));
  return i < 0 ? undefined : i + 1;
}
