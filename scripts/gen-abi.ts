// Generates the kernel ABI tables of sim/src/abi/*.gen.ts from the installed UAPI headers (linux-libc-dev).
// Run: node --import tsx scripts/gen-abi.ts [--check]
//   --check: regenerate in memory and fail if a committed file differs (for CI).
// Why generated: ABI numbers (bpf_cmd, map/prog/attach/link types, helper ids, perf constants, errno) must come
// from one pinned source with its version, never from literals scattered through the code (ARCHITECTURE.md).
// Every value parsed here is cross-checked by compiling a tiny C program against the same headers (when a C
// compiler is installed), so the TypeScript evaluator below cannot silently disagree with the C preprocessor.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'sim/src/abi');
const INC = '/usr/include';
const BPF_H = `${INC}/linux/bpf.h`;
const BPF_COMMON_H = `${INC}/linux/bpf_common.h`;
const PERF_H = `${INC}/linux/perf_event.h`;
const ERRNO_BASE_H = `${INC}/asm-generic/errno-base.h`;
const ERRNO_H = `${INC}/asm-generic/errno.h`;

type Entry = { name: string; value: number };

function headersVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'linux-libc-dev'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('cannot read the linux-libc-dev version (dpkg-query failed); install linux-libc-dev');
  }
}

const stripComments = (s: string): string => s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');

// A tiny evaluator for the constant expressions UAPI enums use: decimal/hex literals with U/L suffixes,
// names defined earlier, parentheses, <<, |, +, -. Anything else is an error (never a guess).
function evalExpr(expr: string, known: Map<string, number>): number {
  const toks = expr.match(/0x[0-9a-fA-F]+|\d+|[A-Za-z_]\w*|<<|[()|+\-]/g) ?? [];
  const rest = expr.replace(/0x[0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|[()|+\-]|\s+/g, '');
  if (rest !== '') throw new Error(`unsupported expression: ${expr}`);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const atom = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new Error(`truncated expression: ${expr}`);
    if (t === '(') {
      const v = or();
      if (toks[i++] !== ')') throw new Error(`unbalanced: ${expr}`);
      return v;
    }
    if (t === '-') return -atom();
    if (/^\d|^0x/.test(t)) {
      // the tokenizer split "1U" into "1" and "U": skip integer suffixes
      while (/^[uUlL]+$/.test(peek() ?? '')) i++;
      return Number(t);
    }
    const v = known.get(t);
    if (v === undefined) throw new Error(`unknown name ${t} in ${expr}`);
    return v;
  };
  const additive = (): number => {
    let v = atom();
    while (peek() === '+' || peek() === '-') v = toks[i++] === '+' ? v + atom() : v - atom();
    return v;
  };
  const shift = (): number => {
    let v = additive();
    while (peek() === '<<') {
      i++;
      v = v * 2 ** additive();
    }
    return v;
  };
  const or = (): number => {
    let v = shift();
    while (peek() === '|') {
      i++;
      v = Number(BigInt(v) | BigInt(shift()));
    }
    return v;
  };
  const v = or();
  if (i !== toks.length) throw new Error(`trailing tokens in ${expr}`);
  return v;
}

// Parses `enum NAME { A, B = 3, C = B, ... };`. Skips non-ABI sentinels (__MAX_*, MAX_*, *_MAX) so the
// tables hold only values a program or a syscall can carry.
function parseEnum(text: string, enumName: string): Entry[] {
  const m = new RegExp(`enum\\s+${enumName}\\s*\\{([\\s\\S]*?)\\};`).exec(stripComments(text));
  if (!m?.[1]) throw new Error(`enum ${enumName} not found`);
  const known = new Map<string, number>();
  const out: Entry[] = [];
  let next = 0;
  for (const raw of m[1].split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const [name, expr] = item.split('=').map((s) => s.trim());
    if (!name || !/^[A-Za-z_]\w*$/.test(name)) throw new Error(`bad enum item in ${enumName}: ${item}`);
    const value = expr !== undefined ? evalExpr(expr, known) : next;
    known.set(name, value);
    next = value + 1;
    if (/^__|^MAX_|_MAX$/.test(name)) continue;
    out.push({ name, value });
  }
  return out;
}

// The helper list: 6.1 headers write FN(name) (ids are positions); 6.2+ write FN(name, id). Both are read.
function parseHelpers(text: string): Entry[] {
  const m = /#define\s+__BPF_FUNC_MAPPER\(FN\)\s*\\([\s\S]*?)\n\s*\/\* \*\/|#define\s+___BPF_FUNC_MAPPER\(FN, ctx\.\.\.\)\s*\\([\s\S]*?)\n\s*\/\* \*\//.exec(text);
  const body = m?.[1] ?? m?.[2];
  if (!body) throw new Error('__BPF_FUNC_MAPPER not found in bpf.h');
  const out: Entry[] = [];
  for (const fm of stripComments(body).matchAll(/FN\(\s*(\w+)\s*(?:,\s*(\d+)\s*)?(?:,\s*##\s*ctx\s*)?\)/g)) {
    const name = fm[1] as string;
    const value = fm[2] !== undefined ? Number(fm[2]) : out.length;
    if (value !== out.length) throw new Error(`helper ${name}: id ${value} out of order`);
    out.push({ name: `bpf_${name}`, value });
  }
  if (out.length < 100) throw new Error(`only ${out.length} helpers parsed; header format changed?`);
  return out;
}

// `#define NAME value` lines whose value is a plain literal or an earlier name.
function parseDefines(text: string, re: RegExp, known = new Map<string, number>()): Entry[] {
  const out: Entry[] = [];
  for (const line of text.split('\n')) {
    const m = /^#define\s+([A-Z_][A-Z0-9_]*)\s+([^/\n]*?)\s*(?:\/\*.*)?$/.exec(line);
    if (!m?.[1] || m[2] === undefined || !re.test(m[1]) || m[2] === '') continue;
    const value = evalExpr(m[2], known);
    known.set(m[1], value);
    out.push({ name: m[1], value });
  }
  return out;
}

// x86-64 (asm-generic) ioctl encoding, as _IOC() builds it:
//   31 30 29            16 15      8 7       0
//  +-----+----------------+---------+---------+
//  | dir |   size (14)    | type(8) |  nr(8)  |     dir: 0 none, 1 write (_IOW), 2 read (_IOR), 3 both
//  +-----+----------------+---------+---------+
const IOC_DIR = { _IO: 0, _IOW: 1, _IOR: 2, _IOWR: 3 } as const;
// sizeof() of the argument types the perf ioctls name, on x86-64 (LP64: pointers are 8 bytes).
const X86_64_SIZEOF: Record<string, number> = { __u64: 8, __u32: 4, 'char *': 8, '__u64 *': 8 };
function sizeofX86_64(type: string): number {
  const t = type.trim();
  if (t.endsWith('*')) return 8;
  const n = X86_64_SIZEOF[t];
  if (n === undefined) throw new Error(`sizeof(${t}) unknown`);
  return n;
}
function parseIoctls(text: string, prefix: string): Entry[] {
  const out: Entry[] = [];
  const re = new RegExp(`^#define\\s+(${prefix}\\w+)\\s+(_IO|_IOW|_IOR|_IOWR)\\s*\\(\\s*'(.)'\\s*,\\s*(\\d+)\\s*(?:,\\s*([^)]+?))?\\s*\\)`, 'gm');
  for (const m of text.matchAll(re)) {
    const [, name, mac, ch, nr, type] = m as unknown as [string, string, keyof typeof IOC_DIR, string, string, string?];
    const size = mac === '_IO' ? 0 : sizeofX86_64(type ?? '');
    const value = (((IOC_DIR[mac] << 30) >>> 0) + (size << 16) + (ch.charCodeAt(0) << 8) + Number(nr)) >>> 0;
    out.push({ name, value });
  }
  return out;
}

function parseErrno(texts: string[]): Entry[] {
  const known = new Map<string, number>();
  const out: Entry[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(/^#define\s+(E[A-Z0-9]+)\s+(\w+)/gm)) {
      const value = evalExpr(m[2] as string, known);
      known.set(m[1] as string, value);
      out.push({ name: m[1] as string, value });
    }
  }
  return out;
}

// Compile a C program that prints every value with the real preprocessor and compare.
function crossCheck(headers: string[], entries: Entry[]): string {
  let cc: string | undefined;
  for (const c of ['cc', 'clang', 'gcc']) {
    try {
      execFileSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' });
      cc = c;
      break;
    } catch {
      /* try next */
    }
  }
  if (!cc) return 'not cross-checked (no C compiler)';
  const dir = mkdtempSync(join(tmpdir(), 'gen-abi-'));
  try {
    const src = [
      ...headers.map((h) => `#include <${h}>`),
      '#include <stdio.h>',
      'int main(void) {',
      ...entries.map((e) => `  printf("%s %llu\\n", "${e.name}", (unsigned long long)(${e.name.startsWith('bpf_') ? `BPF_FUNC_${e.name.slice(4)}` : e.name}));`),
      '  return 0;',
      '}',
    ].join('\n');
    writeFileSync(join(dir, 'c.c'), src);
    execFileSync(cc, ['-o', join(dir, 'c'), join(dir, 'c.c')], { stdio: 'pipe' });
    const lines = execFileSync(join(dir, 'c'), { encoding: 'utf8' }).trim().split('\n');
    lines.forEach((line, i) => {
      const e = entries[i] as Entry;
      const want = `${e.name} ${BigInt.asUintN(64, BigInt(e.value))}`;
      if (line !== want) throw new Error(`cross-check mismatch: C says "${line}", parser says "${want}"`);
    });
    return `cross-checked ${entries.length} values with ${cc}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- emitters ----------
const hex = (n: number): string => `0x${n.toString(16)}`;

function emitTable(constName: string, typeName: string, entries: Entry[], opts: { hexValues?: boolean; reverse?: boolean } = {}): string {
  const fmt = (n: number): string => (opts.hexValues ? hex(n) : String(n));
  const lines = [`export const ${constName} = {`, ...entries.map((e) => `  ${e.name}: ${fmt(e.value)},`), '} as const;'];
  lines.push(`export type ${typeName} = keyof typeof ${constName};`);
  if (opts.reverse !== false) {
    // reverse: value → first name with that value (aliases such as BPF_PROG_RUN keep the original name)
    const seen = new Set<number>();
    const rev = entries.filter((e) => (seen.has(e.value) ? false : (seen.add(e.value), true)));
    lines.push(`/** ${constName} reversed: number → name (the first name where the header has aliases). */`);
    lines.push(`export const ${constName}_NAME: Readonly<Record<number, ${typeName}>> = {`);
    lines.push(...rev.map((e) => `  ${fmt(e.value)}: '${e.name}',`));
    lines.push('};');
  }
  return lines.join('\n');
}

function header(sources: string[], ver: string): string {
  return `// Generated by scripts/gen-abi.ts from ${sources.join(', ')} (linux-libc-dev ${ver}); do not edit.\n`;
}

function genUapi(ver: string): { text: string; entries: Entry[] } {
  const bpf = readFileSync(BPF_H, 'utf8');
  const common = readFileSync(BPF_COMMON_H, 'utf8');
  const enums: Array<[string, string, string, string]> = [
    ['bpf_cmd', 'BPF_CMD', 'BpfCmd', 'bpf(2) commands: the first argument of the bpf syscall.'],
    ['bpf_map_type', 'BPF_MAP_TYPE', 'BpfMapType', 'map types (bpf_attr.map_type of BPF_MAP_CREATE).'],
    ['bpf_prog_type', 'BPF_PROG_TYPE', 'BpfProgType', 'program types (bpf_attr.prog_type of BPF_PROG_LOAD).'],
    ['bpf_attach_type', 'BPF_ATTACH_TYPE', 'BpfAttachType', 'attach types (expected_attach_type, BPF_LINK_CREATE attach_type).'],
    ['bpf_link_type', 'BPF_LINK_TYPE', 'BpfLinkType', 'link types (bpf_link_info.type).'],
  ];
  const parts: string[] = [];
  const all: Entry[] = [];
  for (const [en, cn, tn, doc] of enums) {
    const e = parseEnum(bpf, en);
    all.push(...e);
    parts.push(`/** enum ${en}: ${doc} */\n${emitTable(cn, tn, e)}`);
  }
  const helpers = parseHelpers(bpf);
  all.push(...helpers);
  parts.push(
    [
      '/** enum bpf_func_id: helper id (the imm of `call N` with src_reg 0) → helper name, as the kernel prints it. */',
      'export const BPF_FUNC = {',
      ...helpers.map((h) => `  ${h.value}: '${h.name}',`),
      '} as const;',
      'export type BpfFuncId = keyof typeof BPF_FUNC;',
      'export type BpfFuncName = (typeof BPF_FUNC)[BpfFuncId];',
      '/** Helper name → id. */',
      'export const BPF_FUNC_ID = {',
      ...helpers.map((h) => `  ${h.name}: ${h.value},`),
      '} as const;',
      `/** One past the last helper id these headers know (__BPF_FUNC_MAX_ID). */`,
      `export const BPF_FUNC_MAX_ID = ${helpers.length};`,
    ].join('\n'),
  );
  // Instruction-encoding constants, for cross-checking the hand-written opcode table in sim/src/isa/.
  const known = new Map<string, number>();
  const codes = [
    ...parseDefines(common, /^BPF_(LD|LDX|ST|STX|ALU|JMP|RET|MISC|W|H|B|IMM|ABS|IND|MEM|LEN|MSH|ADD|SUB|MUL|DIV|OR|AND|LSH|RSH|NEG|MOD|XOR|JA|JEQ|JGT|JGE|JSET|K|X)$/, known),
    ...parseDefines(bpf.slice(0, bpf.indexOf('/* Register numbers */')), /^BPF_[A-Z0-9_]+$/, known),
  ];
  all.push(...codes);
  parts.push(`/** Instruction-encoding constants of bpf_common.h and bpf.h (opcode fields; BPF_FETCH is an imm flag). */\n${emitTable('BPF_INSN_CODE', 'BpfInsnCodeName', codes, { hexValues: true, reverse: false })}`);
  const pseudo = parseDefines(bpf, /^BPF_PSEUDO_/);
  all.push(...pseudo);
  parts.push(`/** src_reg markers of pseudo instructions (ld_imm64 and call). */\n${emitTable('BPF_PSEUDO', 'BpfPseudoName', pseudo, { reverse: false })}`);
  const check = crossCheck(['linux/bpf.h'], all);
  const text = `${header([BPF_H, BPF_COMMON_H], ver)}// ${check}.\n\n${parts.join('\n\n')}\n`;
  return { text, entries: all };
}

function genPerf(ver: string): string {
  const perf = readFileSync(PERF_H, 'utf8');
  const enums: Array<[string, string, string, string, boolean]> = [
    ['perf_type_id', 'PERF_TYPE', 'PerfTypeName', 'perf_event_attr.type.', false],
    ['perf_hw_id', 'PERF_COUNT_HW', 'PerfHwIdName', 'perf_event_attr.config for PERF_TYPE_HARDWARE.', false],
    ['perf_sw_ids', 'PERF_COUNT_SW', 'PerfSwIdName', 'perf_event_attr.config for PERF_TYPE_SOFTWARE.', false],
    ['perf_event_sample_format', 'PERF_SAMPLE', 'PerfSampleName', 'perf_event_attr.sample_type bits.', true],
    ['perf_event_type', 'PERF_RECORD', 'PerfRecordName', 'perf_event_header.type of ring-buffer records.', false],
  ];
  const parts: string[] = [];
  const all: Entry[] = [];
  for (const [en, cn, tn, doc, hx] of enums) {
    const e = parseEnum(perf, en);
    all.push(...e);
    parts.push(`/** enum ${en}: ${doc} */\n${emitTable(cn, tn, e, { hexValues: hx })}`);
  }
  const ioctls = parseIoctls(perf, 'PERF_EVENT_IOC_');
  all.push(...ioctls);
  parts.push(`/** ioctl(2) requests on a perf event fd, encoded as x86-64 _IO/_IOW/_IOR/_IOWR build them. */\n${emitTable('PERF_EVENT_IOC', 'PerfEventIocName', ioctls, { hexValues: true })}`);
  const flags = parseDefines(perf, /^PERF_FLAG_/);
  all.push(...flags);
  parts.push(`/** perf_event_open(2) flags argument. */\n${emitTable('PERF_FLAG', 'PerfFlagName', flags, { hexValues: true, reverse: false })}`);
  const check = crossCheck(['linux/perf_event.h', 'linux/ioctl.h'], all);
  return `${header([PERF_H], ver)}// ${check}.\n\n${parts.join('\n\n')}\n`;
}

function genErrno(ver: string): string {
  const list = parseErrno([readFileSync(ERRNO_BASE_H, 'utf8'), readFileSync(ERRNO_H, 'utf8')]);
  const check = crossCheck(['asm-generic/errno.h'], list);
  const body = [
    '/** errno name → number (aliases such as EWOULDBLOCK = EAGAIN included). */',
    emitTable('ERRNO', 'ErrnoName', list),
  ].join('\n');
  return `${header([ERRNO_BASE_H, ERRNO_H], ver)}// ${check}.\n\n${body}\n`;
}

function main(): void {
  const check = process.argv.includes('--check');
  const ver = headersVersion();
  const files: Array<[string, string]> = [
    ['uapi.gen.ts', genUapi(ver).text],
    ['perf.gen.ts', genPerf(ver)],
    ['errno.gen.ts', genErrno(ver)],
  ];
  let stale = 0;
  for (const [name, text] of files) {
    const path = join(OUT, name);
    if (check) {
      let old = '';
      try {
        old = readFileSync(path, 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (old !== text) {
        stale++;
        console.error(`${path} is stale: run node --import tsx scripts/gen-abi.ts`);
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${path} (${text.split('\n').length} lines)`);
    }
  }
  if (stale > 0) process.exit(1);
}

main();
