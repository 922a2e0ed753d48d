// Compiler diagnostics → records for editor markers. Reads what clang 14 and gcc 12 print on stderr with
// LC_ALL=C (run-step sets it), e.g.
//   In file included from minimal.bpf.c:3:
//   ./common.h:1:41: error: use of undeclared identifier 'x'
//   static inline int f(void) { return x; }
//                                      ^
//   minimal.bpf.c:6:35: warning: implicit declaration of function 'foo' is invalid in C99 [-Wimplicit-function-declaration]
//   1 warning and 1 error generated.
// plus gcc's "  6 | source" / "    | ^~~" excerpts and "In function" context lines, tool-level lines
// ("clang: error: no input files", "collect2: error: ld returned 1 exit status", "fatal error: too many errors
// emitted"), the BPF backend's "Error at line 4: Unsupport signed division for DAG: …, p.bpf.c:4:11Please …"
// (clang 14 then crashes), ld's "undefined reference" lines and bpftool's "Error: …". Notes attach to the
// diagnostic before them, as both compilers mean them. clang prints an include chain only when it changes, so a
// diagnostic in a header without one inherits the chain last printed for that header.

export const SEVERITIES = ['fatal error', 'error', 'warning', 'note', 'remark'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface IncludeSite {
  file: string;
  line: number;
}

export interface Diagnostic {
  /** As the compiler names it (relative to the step's cwd, or absolute for system headers); null for a tool-level message. */
  file: string | null;
  /** 1-based; null when the message has no location. */
  line: number | null;
  column: number | null;
  severity: Severity;
  message: string;
  /** The warning option, e.g. "-Wimplicit-function-declaration" (from "[-Wfoo]" or "[-Werror,-Wfoo]"). */
  flag?: string;
  /** Where `file` was included from, innermost first (the last entry is in the main source). */
  includedFrom?: IncludeSite[];
  /** The source line and caret lines the compiler printed under the message, as printed. */
  excerpt?: string[];
  notes?: Diagnostic[];
}

const SEV = SEVERITIES.join('|');
// file:line:col: severity: message   (file may hold colons only in odd names; the first ":<digits>:" wins)
const LOCATED = new RegExp(`^(.+?):(\\d+):(?:(\\d+):)? (${SEV}): (.*)$`);
// tool: severity: message   e.g. "clang: error: no input files", "collect2: error: ld returned 1 exit status"
const TOOL_LEVEL = new RegExp(`^([\\w./+-]+): (${SEV}): (.*)$`);
// "In file included from a.bpf.c:3:" then "                 from b.h:2:" (gcc ends all but the last with ",")
const INCLUDED_FROM = /^(?:In file included from|\s+from) (.+?):(\d+)(?::\d+)?[:,]$/;
// ld: "/usr/bin/ld: minimal.o: in function `main':" then "minimal.c:12: undefined reference to `foo'"
const LD_PREFIX = /^(?:\/\S*\/)?ld(?:\.\w+)?: (.*)$/;
const LD_LOCATED = /^(.+?):(\d+): (undefined reference to .*|multiple definition of .*)$/;
const BARE = new RegExp(`^(${SEV}): (.*)$`);
const BPFTOOL_ERROR = /^Error: (.*)$/;
// LLVM 14 BPF backend (BPFISelLowering/BPFISelDAGToDAG): "Error at line N: <what> for DAG: <node dump>, f.c:N:C<advice>"
const BPF_BACKEND = /^Error at line (\d+): (.*)$/;
const BPF_BACKEND_DAG = /^(.*?) for DAG: .*, ([^\s,]+):(\d+):(\d+)(.*)$/;
const SUMMARY = /^\d+ (?:warning|error)s?(?: and \d+ (?:warning|error)s?)? generated\.$/;
const GCC_CONTEXT = /^.+: (?:In function .*|At top level):$/;
const FLAG = /\s\[(-[Wf][^\]]*)\]$/;

function splitFlag(message: string): { message: string; flag?: string } {
  const m = FLAG.exec(message);
  if (!m?.[1]) return { message };
  // "[-Werror,-Wunused-variable]" → the option that names the warning is the last one.
  const flag = m[1].split(',').filter((f) => f !== '-Werror').pop();
  return flag ? { message: message.slice(0, m.index), flag } : { message: message.slice(0, m.index) };
}

/** Parses one tool's stderr into diagnostics, in the order printed (notes inside the diagnostic they follow). */
export function parseDiagnostics(stderr: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let pendingIncludes: IncludeSite[] = [];
  let last: Diagnostic | null = null;
  let lastTop: Diagnostic | null = null;
  const chainOf = new Map<string, IncludeSite[]>();

  const add = (d: Diagnostic): void => {
    if (pendingIncludes.length > 0) {
      d.includedFrom = pendingIncludes;
      if (d.file !== null) chainOf.set(d.file, pendingIncludes);
      pendingIncludes = [];
    } else if (d.file !== null) {
      const chain = chainOf.get(d.file);
      if (chain) d.includedFrom = chain;
    }
    if (d.severity === 'note' && lastTop !== null) (lastTop.notes ??= []).push(d);
    else {
      out.push(d);
      lastTop = d;
    }
    last = d;
  };

  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const inc = INCLUDED_FROM.exec(line);
    if (inc?.[1] && inc[2]) {
      pendingIncludes.push({ file: inc[1], line: Number(inc[2]) });
      last = null;
      continue;
    }
    const loc = LOCATED.exec(line);
    if (loc?.[1] && loc[2] && loc[4] && loc[5] !== undefined) {
      add({ file: loc[1], line: Number(loc[2]), column: loc[3] ? Number(loc[3]) : null, severity: loc[4] as Severity, ...splitFlag(loc[5]) });
      continue;
    }
    const ld = LD_PREFIX.exec(line);
    if (ld?.[1] !== undefined) {
      if (!/: in function [`'].*':$/.test(ld[1])) add({ file: null, line: null, column: null, severity: 'error', message: ld[1] });
      continue;
    }
    const ldLoc = LD_LOCATED.exec(line);
    if (ldLoc?.[1] && ldLoc[2] && ldLoc[3]) {
      add({ file: ldLoc[1], line: Number(ldLoc[2]), column: null, severity: 'error', message: ldLoc[3] });
      continue;
    }
    const tool = TOOL_LEVEL.exec(line);
    if (tool?.[2] && tool[3] !== undefined) {
      add({ file: null, line: null, column: null, severity: tool[2] as Severity, ...splitFlag(tool[3]) });
      continue;
    }
    const bare = BARE.exec(line);
    if (bare?.[1] && bare[2] !== undefined) {
      add({ file: null, line: null, column: null, severity: bare[1] as Severity, ...splitFlag(bare[2]) });
      continue;
    }
    const backend = BPF_BACKEND.exec(line);
    if (backend?.[1] && backend[2] !== undefined) {
      const dag = BPF_BACKEND_DAG.exec(backend[2]);
      if (dag?.[1] && dag[2] && dag[3] && dag[4]) {
        const advice = dag[5]?.trim();
        add({ file: dag[2], line: Number(dag[3]), column: Number(dag[4]), severity: 'error', message: advice ? `${dag[1]}. ${advice}` : dag[1] });
      } else {
        add({ file: null, line: Number(backend[1]), column: null, severity: 'error', message: backend[2] });
      }
      continue;
    }
    const bpftool = BPFTOOL_ERROR.exec(line);
    if (bpftool?.[1] !== undefined) {
      add({ file: null, line: null, column: null, severity: 'error', message: bpftool[1] });
      continue;
    }
    if (SUMMARY.test(line) || GCC_CONTEXT.test(line)) {
      last = null;
      continue;
    }
    // Anything else under a located diagnostic is its excerpt: the source line, the caret, a fix-it.
    // (`last` is set inside add(); TypeScript cannot see that through the closure.)
    const target = last as Diagnostic | null;
    if (target !== null && target.line !== null) (target.excerpt ??= []).push(line);
  }
  return out;
}

export interface EditorMarker {
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  flag?: string;
}

/**
 * Markers for one file of the editor: a diagnostic in that file stays where it is; one inside a header the file
 * includes goes on the #include line (as editors show it); one with no file goes on its line, else line 1.
 */
export function markersFor(diags: readonly Diagnostic[], file: string): EditorMarker[] {
  const same = (f: string | null): boolean => f !== null && (f === file || f === `./${file}`);
  const markers: EditorMarker[] = [];
  for (const d of diags) {
    const severity = d.severity === 'warning' ? 'warning' : d.severity === 'note' || d.severity === 'remark' ? 'info' : 'error';
    const notes = (d.notes ?? []).map((n) => `\n${n.file !== null ? `${n.file}:${n.line ?? '?'}: ` : ''}note: ${n.message}`).join('');
    const flag = d.flag !== undefined ? { flag: d.flag } : {};
    if (same(d.file) && d.line !== null) {
      markers.push({ line: d.line, column: d.column ?? 1, severity, message: d.message + notes, ...flag });
      continue;
    }
    const site = d.includedFrom?.find((s) => same(s.file));
    if (site) {
      const where = `${d.file}:${d.line ?? '?'}${d.column !== null ? `:${d.column}` : ''}`;
      markers.push({ line: site.line, column: 1, severity, message: `in included file ${where}: ${d.message}${notes}`, ...flag });
      continue;
    }
    if (d.file === null) markers.push({ line: d.line ?? 1, column: 1, severity, message: d.message + notes, ...flag });
  }
  return markers;
}
