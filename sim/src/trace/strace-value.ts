// The syntax of strace's argument text, without meaning: a recursive-descent reader that turns
//   BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, map_flags=BPF_F_RDONLY_PROG|BPF_F_MMAPABLE, map_name="x"}, 72
// into nodes (bare tokens, quoted strings, {structs}, [arrays], "a => b" changes, "/* comments */"). Field meaning
// (hex or decimal, pointer or number) is strace-args.ts's job. Written against strace 6.1 output; left out:
// sigsets (~[...]), -y fd paths (3</path>) and -x hex strings, which the captures do not use.
import { decodeCString, encodeCString } from './strace-string.ts';

export type StraceNode =
  /** Number, name, flag set, pointer, NULL or expression, as printed: "0x4", "BPF_F_MMAPABLE", "KERNEL_VERSION(6, 1, 0)". */
  | { kind: 'bare'; text: string }
  /** A quoted C string; bytes one char per byte, ending in TRUNCATED when strace cut it. */
  | { kind: 'str'; bytes: string }
  | { kind: 'struct'; fields: StraceField[] }
  | { kind: 'array'; items: StraceNode[] }
  /** "before => after": a value the kernel changed (strace prints the exit value after the entry value). */
  | { kind: 'changed'; before: StraceNode; after: StraceNode }
  | { kind: 'commented'; value: StraceNode; comment: string }
  /** strace's "..." for data it did not print. */
  | { kind: 'more' };

/** A struct member; name is null for members strace prints without "name=" (e.g. the "..." mark). */
export interface StraceField {
  name: string | null;
  value: StraceNode;
}

export type NodeResult<T> = { ok: true; value: T; end: number } | { ok: false; at: number; why: string };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*=/;

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  fail(why: string, at = this.i): { ok: false; at: number; why: string } {
    return { ok: false, at, why };
  }
  skipSpaces(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
  /** A value with its optional "/* comment *\/" and "=> new value". */
  value(): NodeResult<StraceNode> {
    const first = this.primary();
    if (!first.ok) return first;
    let node = this.comment(first.value);
    if (this.s.startsWith(' => ', this.i)) {
      this.i += 4;
      const after = this.primary();
      if (!after.ok) return after;
      node = { kind: 'changed', before: node, after: this.comment(after.value) };
    }
    return { ok: true, value: node, end: this.i };
  }
  comment(node: StraceNode): StraceNode {
    if (!this.s.startsWith(' /* ', this.i)) return node;
    const close = this.s.indexOf(' */', this.i + 4);
    if (close < 0) return node;
    const comment = this.s.slice(this.i + 4, close);
    this.i = close + 3;
    return { kind: 'commented', value: node, comment };
  }
  primary(): NodeResult<StraceNode> {
    const c = this.s[this.i];
    if (c === undefined) return this.fail('value expected, line ended');
    if (c === '"') {
      const r = decodeCString(this.s, this.i);
      if (!r.ok) return r;
      this.i = r.end;
      return { ok: true, value: { kind: 'str', bytes: r.value }, end: this.i };
    }
    if (c === '{') return this.struct();
    if (c === '[') return this.array();
    if (this.s.startsWith('...', this.i)) {
      this.i += 3;
      return { ok: true, value: { kind: 'more' }, end: this.i };
    }
    return this.bare();
  }
  /** Reads up to the next ',', '}', ']' or ')' outside parentheses, or a " /*" / " =>" that follows the value. */
  bare(): NodeResult<StraceNode> {
    const start = this.i;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (c === ',' || c === '}' || c === ']')) break;
      else if (depth === 0 && c === ' ' && (this.s.startsWith(' /* ', this.i) || this.s.startsWith(' => ', this.i))) break;
      else if (c === '"' || c === '{' || c === '[') return this.fail(`unexpected '${c}' inside a bare value`);
      this.i++;
    }
    const text = this.s.slice(start, this.i);
    if (text === '' || text.trim() !== text) return this.fail('empty or space-padded value', start);
    return { ok: true, value: { kind: 'bare', text }, end: this.i };
  }
  struct(): NodeResult<StraceNode> {
    this.i++; // '{'
    const fields: StraceField[] = [];
    if (this.s[this.i] === '}') {
      this.i++;
      return { ok: true, value: { kind: 'struct', fields }, end: this.i };
    }
    for (;;) {
      const m = FIELD_NAME.exec(this.s.slice(this.i, this.i + 80));
      let name: string | null = null;
      if (m) {
        name = m[0].slice(0, -1);
        this.i += m[0].length;
      }
      const v = this.value();
      if (!v.ok) return v;
      fields.push({ name, value: v.value });
      const sep = this.separator('}');
      if (!sep.ok) return sep;
      if (sep.value) return { ok: true, value: { kind: 'struct', fields }, end: this.i };
    }
  }
  array(): NodeResult<StraceNode> {
    this.i++; // '['
    const items: StraceNode[] = [];
    if (this.s[this.i] === ']') {
      this.i++;
      return { ok: true, value: { kind: 'array', items }, end: this.i };
    }
    for (;;) {
      const v = this.value();
      if (!v.ok) return v;
      items.push(v.value);
      const sep = this.separator(']');
      if (!sep.ok) return sep;
      if (sep.value) return { ok: true, value: { kind: 'array', items }, end: this.i };
    }
  }
  /** ", " → false (more follows); the closer → true (consumed). */
  separator(closer: string): NodeResult<boolean> {
    if (this.s.startsWith(', ', this.i)) {
      this.i += 2;
      return { ok: true, value: false, end: this.i };
    }
    if (this.s[this.i] === closer) {
      this.i++;
      return { ok: true, value: true, end: this.i };
    }
    return this.fail(`expected ', ' or '${closer}'`);
  }
}

/**
 * Reads a parenthesised argument list starting just after "name(": the values up to the matching ')'.
 * e.g. `3, PERF_EVENT_IOC_SET_BPF, 6) = 0` → three bare nodes, end at the index after ')'.
 */
export function parseArgList(text: string, start: number): NodeResult<StraceNode[]> {
  const r = new Reader(text);
  r.i = start;
  const args: StraceNode[] = [];
  if (text[start] === ')') return { ok: true, value: args, end: start + 1 };
  for (;;) {
    const v = r.value();
    if (!v.ok) return v;
    args.push(v.value);
    const sep = r.separator(')');
    if (!sep.ok) return sep;
    if (sep.value) return { ok: true, value: args, end: r.i };
  }
}

/** Reads one value (used by tests and by callers that hold a single field's text). */
export function parseValue(text: string): NodeResult<StraceNode> {
  const r = new Reader(text);
  const v = r.value();
  if (v.ok && r.i !== text.length) return r.fail('text left after the value');
  return v;
}

/** The node as strace printed it (the reader's inverse), for values kept verbatim. */
export function nodeText(node: StraceNode): string {
  switch (node.kind) {
    case 'bare':
      return node.text;
    case 'str':
      return encodeCString(node.bytes);
    case 'struct':
      return `{${node.fields.map((f) => (f.name === null ? '' : `${f.name}=`) + nodeText(f.value)).join(', ')}}`;
    case 'array':
      return `[${node.items.map(nodeText).join(', ')}]`;
    case 'changed':
      return `${nodeText(node.before)} => ${nodeText(node.after)}`;
    case 'commented':
      return `${nodeText(node.value)} /* ${node.comment} */`;
    case 'more':
      return '...';
  }
}
