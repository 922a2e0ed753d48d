// Checks one example's meta.json against content/README.md and against its built object (read with
// sim's readElf): returns the problems found, one sentence each, [] when all is well.
import { isExecutableSection, readElf, sectionByName, symbolsInSection, type ElfFile } from '../../../sim/src/elf/index.ts';
import { ATTACH_KINDS, type AttachKind, type ExampleMeta } from '@bpflc/sim/content/schema';

export { ATTACH_KINDS, type AttachKind, type ExampleMeta };

/** Section names libbpf maps to each attach kind (its section_defs prefixes, the ones this project uses). */
const SECTION_FOR_KIND: Record<AttachKind, RegExp> = {
  tracepoint: /^(tp|tracepoint)\/[^/]+\/[^/]+$/,
  kprobe: /^kprobe\/.+/,
  kretprobe: /^kretprobe\/.+/,
  raw_tp: /^(raw_tp|raw_tracepoint)\/.+/,
  tp_btf: /^tp_btf\/.+/,
  fentry: /^fentry\/.+/,
  fexit: /^fexit\/.+/,
  uprobe: /^uprobe(\.s)?(\/.*)?$/,
  xdp: /^xdp(\.frags)?(\/.*)?$/,
  tc: /^(tc|classifier)(\/.*)?$/,
  socket: /^socket(\/.*)?$/,
  none: /.*/,
};

const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Shape and values of meta.json; `slug` is the folder name. */
export function checkMetaShape(meta: Record<string, unknown>, slug: string): string[] {
  const p: string[] = [];
  if (meta.slug !== slug) p.push(`slug is ${JSON.stringify(meta.slug)}, the folder is ${slug}`);
  if (meta.name !== slug.replace(/-/g, '_')) p.push(`name must be the slug with - → _ (${slug.replace(/-/g, '_')})`);
  for (const k of ['title', 'summary'] as const) if (!isStr(meta[k])) p.push(`${k} must be a non-empty string`);
  if (typeof meta.order !== 'number' || !Number.isInteger(meta.order)) p.push('order must be an integer');
  if (!Array.isArray(meta.teaches) || meta.teaches.length === 0 || !meta.teaches.every(isStr)) p.push('teaches must be a non-empty list of strings');
  if (meta.expectedVerdict !== 'accepted' && meta.expectedVerdict !== 'rejected') p.push('expectedVerdict must be "accepted" or "rejected"');
  if (meta.expectedVerdict === 'rejected' && !isStr(meta.rejectionReason)) p.push('a rejected example needs rejectionReason (the kernel\'s line)');
  if (meta.expectedVerdict === 'accepted' && meta.rejectionReason !== undefined) p.push('an accepted example has no rejectionReason');
  if (!(meta.loader === null || (isStr(meta.loader) && meta.loader.endsWith('.c')))) p.push('loader must be a .c file name or null');
  if (!Array.isArray(meta.programs) || meta.programs.length === 0) {
    p.push('programs must be a non-empty list');
    return p;
  }
  for (const [i, prog] of (meta.programs as Record<string, unknown>[]).entries()) {
    const attach = prog.attach as Record<string, unknown> | undefined;
    if (!isStr(prog.name) || !isStr(prog.section)) p.push(`programs[${i}] needs name and section`);
    const kind = attach?.kind;
    if (!ATTACH_KINDS.includes(kind as AttachKind)) {
      p.push(`programs[${i}].attach.kind ${JSON.stringify(kind)} is not one of ${ATTACH_KINDS.join(', ')}`);
    } else if (isStr(prog.section) && !SECTION_FOR_KIND[kind as AttachKind].test(prog.section)) {
      p.push(`programs[${i}]: section "${prog.section}" does not name a ${String(kind)} program`);
    }
    if (!isStr(attach?.target)) p.push(`programs[${i}].attach.target must be a non-empty string`);
  }
  return p;
}

/** The object has every program of meta.json in its section, and meta.json lists every program of the object. */
export function checkMetaAgainstObject(meta: ExampleMeta, bytes: Uint8Array): string[] {
  const r = readElf(bytes);
  if (!r.ok) return [`the object is not readable: ${r.error.message} (byte ${r.error.offset})`];
  const elf: ElfFile = r.value;
  const p: string[] = [];
  for (const prog of meta.programs) {
    const sec = sectionByName(elf, prog.section);
    if (!sec || !isExecutableSection(sec)) {
      p.push(`no code section "${prog.section}" in the object`);
      continue;
    }
    const fn = symbolsInSection(elf, sec.index).find((s) => s.name === prog.name && s.typeName === 'STT_FUNC');
    if (!fn) p.push(`no function ${prog.name} in section "${prog.section}"`);
  }
  // Programs are the global functions outside .text (subprograms live in .text).
  const listed = new Set(meta.programs.map((x) => `${x.section}:${x.name}`));
  for (const sec of elf.sections.filter((s) => isExecutableSection(s) && s.name !== '.text')) {
    for (const sym of symbolsInSection(elf, sec.index)) {
      if (sym.typeName === 'STT_FUNC' && sym.bindName === 'STB_GLOBAL' && !listed.has(`${sec.name}:${sym.name}`)) {
        p.push(`the object has program ${sym.name} in "${sec.name}" that meta.json does not list`);
      }
    }
  }
  return p;
}
