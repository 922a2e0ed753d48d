// What the agent accepts from a browser before anything runs: a file name of a fixed pattern (it becomes a
// path and an argv word), sources of bounded size, no compiler flags beyond an allow-listed -mcpu=v1..v3.
// The include check is a guard against the obvious (absolute or ../ includes, computed includes, the
// assembler's .incbin/.include), not a sandbox: the compiler runs with the agent's rights, and the real
// boundary is the loopback-only, token-guarded agent (ARCHITECTURE.md).
import { err, ok, type Result } from '@bpflc/sim/result';
import { MCPU_VALUES, type Mcpu } from './steps.ts';

/** `<name>`: lower-case letter first (a C identifier start for the skeleton's struct), then [a-z0-9_-]. */
export const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
/** `<name>.bpf.c`, the file name a client may send. */
export const BPF_FILE_PATTERN = /^([a-z][a-z0-9_-]{0,62})\.bpf\.c$/;
export const DEFAULT_MAX_SOURCE_BYTES = 256 * 1024;

/** A build as a client asks for it; nothing else is accepted (in particular, no flags). */
export interface BuildRequest {
  name: string;
  bpfSource: string;
  /** The user-space loader `<name>.c`, built against the skeleton. */
  loaderSource?: string;
  mcpu?: Mcpu;
}

export interface InvalidRequest {
  kind: 'invalid-request';
  field: string;
  message: string;
}

const REQUEST_FIELDS = ['name', 'bpfSource', 'loaderSource', 'mcpu'] as const;
const invalid = (field: string, message: string): { ok: false; error: InvalidRequest } => err({ kind: 'invalid-request', field, message });

export function validateName(name: unknown): Result<string, InvalidRequest> {
  if (typeof name !== 'string') return invalid('name', 'name must be a string');
  if (!NAME_PATTERN.test(name)) {
    return invalid('name', `name ${JSON.stringify(name.slice(0, 80))} is not allowed: use 1-63 of a-z, 0-9, _ and -, starting with a letter (the files are <name>.bpf.c and <name>.c)`);
  }
  return ok(name);
}

/** `minimal.bpf.c` → `minimal`; anything else (paths, `../x.bpf.c`, shell characters) is refused. */
export function nameFromBpfFile(file: unknown): Result<string, InvalidRequest> {
  const m = typeof file === 'string' ? BPF_FILE_PATTERN.exec(file) : null;
  if (!m?.[1]) {
    const shown = typeof file === 'string' ? JSON.stringify(file.slice(0, 80)) : typeof file;
    return invalid('file', `source file name ${shown} is not allowed: it must match [a-z][a-z0-9_-]*.bpf.c (no folders, spaces or shell characters)`);
  }
  return ok(m[1]);
}

/** Replaces comments by spaces (newlines kept), leaving string and character literals alone. */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += ` ${text.slice(i, stop).replace(/[^\n]/g, '')}`;
      i = stop;
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      out += ' ';
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const INCLUDE_DIRECTIVE = /^[ \t]*(?:#|%:)[ \t]*(include_next|include|import)\b[ \t]*(.*)$/;
const INCLUDE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.+/-]*$/;
const ASM_FILE_DIRECTIVE = /\.[ \t]*(incbin|include)\b/i;

/** Problems with one source's text, one sentence each ([] when it may be compiled). */
export function checkSourceText(text: string, file: string, maxBytes = DEFAULT_MAX_SOURCE_BYTES): string[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return [`${file} is ${bytes} bytes; at most ${maxBytes} are accepted`];
  if (text.includes('\0')) return [`${file} contains a NUL byte`];
  const problems: string[] = [];
  // Line splices first (a directive may be split by backslash-newline), then comments (#/**/include).
  const lines = stripComments(text.replace(/\\\r?\n/g, '')).split('\n');
  for (const [i, line] of lines.entries()) {
    const m = INCLUDE_DIRECTIVE.exec(line);
    if (m) {
      const arg = (m[2] ?? '').trim();
      const q = /^(?:"([^"]*)"|<([^>]*)>)$/.exec(arg);
      const target = q?.[1] ?? q?.[2];
      if (target === undefined) problems.push(`${file}:${i + 1}: #${m[1]} must name a file as "x.h" or <x.h> (a computed #${m[1]} is not accepted)`);
      else if (!INCLUDE_PATH.test(target) || target.split('/').includes('..')) {
        problems.push(`${file}:${i + 1}: #${m[1]} ${arg} is not accepted: only relative header paths without ".." (the build folder, vmlinux.h and system headers are on the path)`);
      }
    }
    const asm = ASM_FILE_DIRECTIVE.exec(line);
    if (asm) problems.push(`${file}:${i + 1}: the assembler directive .${asm[1]?.toLowerCase()} reads files from disk and is not accepted`);
  }
  return problems;
}

/** Checks a request from a client: known fields only, a valid name, sources within limits, mcpu allow-listed. */
export function parseBuildRequest(input: unknown, maxSourceBytes = DEFAULT_MAX_SOURCE_BYTES): Result<BuildRequest, InvalidRequest> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return invalid('request', 'a build request is an object');
  const o = input as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !(REQUEST_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) {
    return invalid(extra[0] ?? '', `unknown field(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}: a build takes ${REQUEST_FIELDS.join(', ')} only; compiler flags are fixed (mcpu may be ${MCPU_VALUES.join(', ')})`);
  }
  const name = validateName(o.name);
  if (!name.ok) return name;
  if (typeof o.bpfSource !== 'string') return invalid('bpfSource', 'bpfSource must be a string');
  if (o.loaderSource !== undefined && typeof o.loaderSource !== 'string') return invalid('loaderSource', 'loaderSource must be a string');
  if (o.mcpu !== undefined && !(MCPU_VALUES as readonly unknown[]).includes(o.mcpu)) {
    return invalid('mcpu', `mcpu ${JSON.stringify(o.mcpu)} is not one of ${MCPU_VALUES.join(', ')}`);
  }
  const bpfProblems = checkSourceText(o.bpfSource, `${name.value}.bpf.c`, maxSourceBytes);
  if (bpfProblems.length > 0) return invalid('bpfSource', bpfProblems.join('\n'));
  if (typeof o.loaderSource === 'string') {
    const loaderProblems = checkSourceText(o.loaderSource, `${name.value}.c`, maxSourceBytes);
    if (loaderProblems.length > 0) return invalid('loaderSource', loaderProblems.join('\n'));
  }
  const req: BuildRequest = { name: name.value, bpfSource: o.bpfSource };
  if (typeof o.loaderSource === 'string') req.loaderSource = o.loaderSource;
  if (o.mcpu !== undefined) req.mcpu = o.mcpu as Mcpu;
  return ok(req);
}
