// Directives: the GNU-as/LLVM ones clang -S writes for BPF (sections, symbols, data, alignment) and two of
// our own, `.license` and `.map`. Each handler reads its arguments with the statement lexer and updates
// the Program; errors are thrown as AsmSyntaxError with the column of the offending argument.
// e.g. ".section tp/syscalls/sys_enter_write", ".globl handle_tp", ".long 0, -1", ".asciz \"GPL\"",
//      ".map counts type=BPF_MAP_TYPE_HASH key=4 value=8 max_entries=16", ".license \"GPL\""

import { AsmSyntaxError, Cursor } from './cursor.ts';
import { lex, describeTok, type Tok } from './lexer.ts';
import { currentSection, emitBytes, here, useSection, type Origin, type Program, type SizeExpr } from './program.ts';
import { parseMapDirective } from './map-directive.ts';

export interface DirectiveStmt extends Origin {
  name: string;
  text: string;
  argCol: number;
}

const IGNORED = new Set(['.loc', '.addrsig', '.addrsig_sym', '.ident', '.hidden', '.protected', '.internal', '.file_end']);
const INT_SIZES: Readonly<Record<string, number>> = {
  '.byte': 1, '.short': 2, '.2byte': 2, '.half': 2, '.hword': 2, '.long': 4, '.4byte': 4, '.int': 4, '.word': 4, '.quad': 8, '.8byte': 8,
};
export const KNOWN_DIRECTIVES = [
  '.section', '.text', '.data', '.rodata', '.bss', '.globl', '.global', '.weak', '.local', '.extern', '.type', '.size',
  '.byte', '.short', '.long', '.quad', '.ascii', '.asciz', '.string', '.zero', '.space', '.skip', '.p2align', '.balign', '.align',
  '.license', '.map', '.set', '.file',
];

function toks(d: DirectiveStmt): Cursor {
  const r = lex(d.text, d.argCol);
  if (!r.ok) throw new AsmSyntaxError(r.col, r.message);
  return new Cursor(r.toks);
}

function ident(c: Cursor, what: string): Tok {
  const t = c.peek();
  if (t.t !== 'id' && t.t !== 'reg') c.fail(t, what);
  return c.next();
}

/** Runs one directive. */
export function runDirective(p: Program, d: DirectiveStmt): void {
  const name = d.name;
  if (IGNORED.has(name) || name.startsWith('.cfi_')) return;
  const o: Origin = { line: d.line, col: d.col };
  switch (name) {
    case '.text':
    case '.data':
    case '.rodata':
    case '.bss':
      toks(d).end();
      useSection(p, name, o);
      return;
    case '.section':
      return sectionDirective(p, d);
    case '.globl':
    case '.global':
    case '.weak':
    case '.local':
    case '.extern': {
      const c: Cursor = toks(d);
      do {
        const t = ident(c, 'a symbol name');
        const so = { line: d.line, col: t.col };
        if (name === '.extern') p.externs.set(t.text, so);
        else if (name === '.local') p.globals.delete(t.text);
        else p.globals.set(t.text, { ...so, weak: name === '.weak' });
      } while (c.isOp(',') && c.next());
      c.end();
      return;
    }
    case '.type': {
      const c: Cursor = toks(d);
      const t = ident(c, 'a symbol name');
      c.op(',');
      if (c.isOp('@') || c.isOp('%')) c.next();
      const k = ident(c, "a symbol type ('@function' or '@object')");
      const type = k.text === 'function' || k.text === 'STT_FUNC' ? 'function' : k.text === 'object' || k.text === 'STT_OBJECT' ? 'object' : k.text === 'notype' || k.text === 'STT_NOTYPE' ? 'notype' : undefined;
      if (!type) throw new AsmSyntaxError(k.col, `expected '@function', '@object' or '@notype' after ',', found '${k.text}'`);
      c.end();
      p.types.set(t.text, { line: d.line, col: t.col, type });
      return;
    }
    case '.size': {
      const c: Cursor = toks(d);
      const t = ident(c, 'a symbol name');
      c.op(',');
      p.sizes.set(t.text, sizeExpr(c, d, here(currentSection(p, o))));
      return;
    }
    case '.ascii':
    case '.asciz':
    case '.string': {
      const c: Cursor = toks(d);
      const s = currentSection(p, o);
      do {
        const t = c.peek();
        if (t.t !== 'str') c.fail(t, 'a string in double quotes');
        c.next();
        put(s, name === '.ascii' ? t.bytes : [...t.bytes, 0], t.col);
      } while (c.isOp(',') && c.next());
      c.end();
      return;
    }
    case '.zero':
    case '.space':
    case '.skip': {
      const c: Cursor = toks(d);
      const n = c.signed('a byte count');
      let fill = 0n;
      if (c.isOp(',')) {
        c.next();
        fill = c.signed('a fill byte').v;
      }
      c.end();
      if (n.v < 0n || n.v > 1n << 24n) throw new AsmSyntaxError(n.col, `byte count ${n.v} is out of range (0 to 16777216)`);
      put(currentSection(p, o), new Array<number>(Number(n.v)).fill(Number(fill & 0xffn)), n.col);
      return;
    }
    case '.p2align':
    case '.balign':
    case '.align': {
      const c: Cursor = toks(d);
      const n = c.signed('an alignment');
      if (c.isOp(',')) while (c.peek().t !== 'end') c.next();
      c.end();
      const bytes = name === '.p2align' ? 2 ** Number(n.v) : Number(n.v);
      if (n.v < 0n || n.v > (name === '.p2align' ? 12n : 4096n) || !Number.isInteger(Math.log2(bytes))) {
        throw new AsmSyntaxError(n.col, `expected a power-of-two alignment${name === '.p2align' ? ' exponent (0-12)' : ' (1-4096)'}, found ${n.v}`);
      }
      const s = currentSection(p, o);
      const pad = (bytes - (here(s) % bytes)) % bytes;
      put(s, new Array<number>(pad).fill(0), n.col);
      s.align = Math.max(s.align, bytes);
      return;
    }
    case '.license': {
      const c: Cursor = toks(d);
      const t = c.peek();
      if (t.t !== 'str') c.fail(t, 'the license string, e.g. "GPL"');
      c.next();
      c.end();
      if (p.labels.has('LICENSE') || p.sections.some((x) => x.name === 'license')) throw new AsmSyntaxError(d.col, 'the license is already given (a license section or a LICENSE symbol exists)');
      const prev = p.current;
      const s = useSection(p, 'license', o);
      p.labels.set('LICENSE', { name: 'LICENSE', section: s, offset: 0, line: d.line, col: d.col, objdump: false });
      p.globals.set('LICENSE', { ...o, weak: false });
      p.types.set('LICENSE', { ...o, type: 'object' });
      emitBytes(s, [...t.bytes, 0]);
      p.current = prev;
      return;
    }
    case '.map':
      return parseMapDirective(p, toks(d), o);
    // e.g. ".set inside, ld_split + 8": a label at another label's place (plus an offset)
    case '.set':
    case '.equ': {
      const c: Cursor = toks(d);
      const t = ident(c, 'a symbol name');
      c.op(',');
      const base = ident(c, 'a label defined above');
      const l = p.labels.get(base.text);
      if (!l) throw new AsmSyntaxError(base.col, `expected a label defined above, found '${base.text}' (only labels, not numbers, can be given a second name)`);
      let off = 0n;
      if (c.isOp('+') || c.isOp('-')) {
        const sign = c.next();
        const n = c.signed('an offset');
        off = sign.text === '-' ? -n.v : n.v;
      }
      c.end();
      const prior = p.labels.get(t.text);
      if (prior) throw new AsmSyntaxError(t.col, `'${t.text}' is already defined at line ${prior.line}`);
      p.labels.set(t.text, { name: t.text, section: l.section, offset: l.offset + Number(off), line: d.line, col: t.col, objdump: false });
      return;
    }
    case '.file': {
      const c: Cursor = toks(d);
      const t = c.peek();
      if (t.t === 'str' && c.peek(1).t === 'end') p.fileName = new TextDecoder().decode(Uint8Array.from(t.bytes));
      return; // ".file 1 "dir" "name"" (DWARF file table) carries nothing the object needs here
    }
    default: {
      const size = INT_SIZES[name];
      if (size !== undefined) return intDirective(p, toks(d), size, o);
      throw new AsmSyntaxError(d.col, `unknown directive '${name}': expected one of ${KNOWN_DIRECTIVES.join(', ')}`);
    }
  }
}

function put(s: ReturnType<typeof currentSection>, bytes: ArrayLike<number>, col: number): void {
  if (!emitBytes(s, bytes)) throw new AsmSyntaxError(col, `section '${s.name}' holds no bytes (SHT_NOBITS): only zeros can go there`);
}

/** ".long 1, -2, 0x10": little-endian integers of `size` bytes, each checked to fit (signed or unsigned). */
function intDirective(p: Program, c: Cursor, size: number, o: Origin): void {
  const s = currentSection(p, o);
  const bits = BigInt(size * 8);
  do {
    const t = c.peek();
    // e.g. ".quad stage_one" (a prog array slot): the address comes from a relocation, zeros until then.
    if (t.t === 'id') {
      if (size !== 4 && size !== 8) throw new AsmSyntaxError(t.col, `a symbol's address takes .long (4 bytes) or .quad (8 bytes), not ${size} byte${size > 1 ? 's' : ''}`);
      if (s.nobits) throw new AsmSyntaxError(t.col, `section '${s.name}' holds no bytes (SHT_NOBITS): an address cannot go there`);
      c.next();
      let addend = 0n;
      if (c.isOp('+') || c.isOp('-')) {
        const sign = c.next();
        const n = c.signed('an offset');
        addend = sign.text === '-' ? -n.v : n.v;
      }
      p.dataFixups.push({ section: s, at: here(s), size, name: t.text, addend, line: o.line, col: t.col });
      put(s, new Array<number>(size).fill(0), t.col);
      continue;
    }
    const n = c.signed();
    if (n.v < -(1n << (bits - 1n)) || n.v >= 1n << bits) throw new AsmSyntaxError(n.col, `${n.v} does not fit in ${size} byte${size > 1 ? 's' : ''}`);
    const u = BigInt.asUintN(Number(bits), n.v);
    const le = Array.from({ length: size }, (_, i) => Number((u >> BigInt(8 * i)) & 0xffn));
    put(s, p.le ? le : le.reverse(), n.col);
  } while (c.isOp(',') && c.next());
  c.end();
}

/** ".size handle_tp, .Lfunc_end0-handle_tp" / ".size LICENSE, 13" */
function sizeExpr(c: Cursor, d: DirectiveStmt, dot: number): SizeExpr {
  const terms: SizeExpr['terms'] = [];
  let sign: 1 | -1 = 1;
  for (;;) {
    const t = c.peek();
    if (t.t === 'num') terms.push({ sign, kind: 'num', v: Number(t.v) });
    else if (t.t === 'id' && t.text === '.') terms.push({ sign, kind: 'dot', v: dot });
    else if (t.t === 'id') terms.push({ sign, kind: 'label', name: t.text, col: t.col });
    else c.fail(t, 'a size (a number, or label differences such as .Lend-func)');
    c.next();
    if (c.isOp('+') || c.isOp('-')) {
      sign = c.next().text === '-' ? -1 : 1;
      continue;
    }
    c.end();
    return { line: d.line, col: d.argCol, terms };
  }
}

/** ".section name", ".section \"name\",\"aw\",@nobits": the name may hold '/' and other non-identifier bytes. */
function sectionDirective(p: Program, d: DirectiveStmt): void {
  const text = d.text;
  let name: string;
  let rest: string;
  let restCol: number;
  if (text.startsWith('"')) {
    const r = lex(text, d.argCol);
    if (!r.ok) throw new AsmSyntaxError(r.col, r.message);
    const t = r.toks[0] as Tok;
    if (t.t !== 'str') throw new AsmSyntaxError(d.argCol, 'expected a section name');
    name = new TextDecoder().decode(Uint8Array.from(t.bytes));
    rest = text.slice(t.text.length);
    restCol = d.argCol + t.text.length;
  } else {
    const m = /^[^\s,]+/.exec(text);
    if (!m) throw new AsmSyntaxError(d.argCol, `expected a section name after '.section', found the end of the line`);
    name = m[0];
    rest = text.slice(name.length);
    restCol = d.argCol + name.length;
  }
  const spec: { flags?: string; type?: string; entsize?: number } = {};
  const r = lex(rest, restCol);
  if (!r.ok) throw new AsmSyntaxError(r.col, r.message);
  const c: Cursor = new Cursor(r.toks);
  if (c.isOp(',')) {
    c.next();
    const f = c.peek();
    if (f.t !== 'str') c.fail(f, 'the section flags in quotes, e.g. "ax"');
    c.next();
    spec.flags = new TextDecoder().decode(Uint8Array.from(f.bytes));
    if (c.isOp(',')) {
      c.next();
      if (c.isOp('@') || c.isOp('%')) c.next();
      const t = c.next();
      if (t.t !== 'id') throw new AsmSyntaxError(t.col, `expected a section type ('@progbits' or '@nobits'), found ${describeTok(t)}`);
      spec.type = t.text;
      // e.g. ',16': the entry size of a mergeable section ("aM")
      if (c.isOp(',') && c.peek(1).t === 'num') {
        c.next();
        spec.entsize = Number((c.next() as { v: bigint }).v);
      }
      while (c.peek().t !== 'end') c.next();
    }
  }
  c.end();
  useSection(p, name, { line: d.line, col: d.col }, spec);
}
